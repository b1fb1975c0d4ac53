// Push events from main-process services to whichever transports are attached
// (Electron webContents, headless WebSocket clients). A push reaches only the
// pages listening at that moment; a transport says when one of its pages can
// hear pushes (attachPage) and when it no longer can, so a service whose news
// must not be lost (task reminders) waits for a page instead of pushing into
// nothing (a page reloading, every window closed on macOS).
import type { EventName, EventPayload } from '../../src-shared/ipc/events';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export class EventBus {
  readonly #listeners = new Set<EventListener>();
  readonly #pageListeners = new Set<() => void>();
  #pages = 0;

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of [...this.#listeners]) listener(event, payload);
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A page now hears pushes; returns its detach (idempotent). Those waiting for a page (onPageAttached) run now. */
  attachPage(): () => void {
    this.#pages += 1;
    for (const listener of [...this.#pageListeners]) listener();
    let attached = true;
    return () => {
      if (!attached) return;
      attached = false;
      this.#pages -= 1;
    };
  }

  /** Whether some page hears pushes now. */
  hasPage(): boolean {
    return this.#pages > 0;
  }

  /** Runs `listener` whenever a page attaches; returns the unsubscribe. */
  onPageAttached(listener: () => void): () => void {
    this.#pageListeners.add(listener);
    return () => this.#pageListeners.delete(listener);
  }
}
