// The window's navigation handlers (window.ts) and its page attachment
// (ipc-binding.ts) against a stand-in webContents, since the Electron binary
// cannot run here. The stand-in fires a document navigation's events in the
// order Electron documents ("Navigation Events" in its webContents API):
// did-start-navigation, will-frame-navigate, will-navigate (main frame only),
// did-frame-navigate, did-navigate (main frame only), and stops at the first
// that is prevented. Before, will-frame-navigate refused every main-frame
// navigation first, so will-navigate (the one handler that hands a mailto:,
// tel: or https link to the OS) never ran and a contact's email address did
// nothing; and the page was detached at did-start-navigation, so such a
// cancelled navigation silenced the page's pushes (reminders) until a reload.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { EventBus } from '../ipc/event-bus';
import { createMemoryLogger } from '../log/logger';
import { appEntryUrl } from './app-url';

const electron = vi.hoisted(() => ({ opened: [] as string[], handled: new Set<string>() }));

vi.mock('electron', () => ({
  shell: {
    openExternal: (url: string) => {
      electron.opened.push(url);
      return Promise.resolve();
    },
  },
  ipcMain: {
    handle: (channel: string) => void electron.handled.add(channel),
    removeHandler: (channel: string) => void electron.handled.delete(channel),
  },
  app: {},
  BrowserWindow: class {},
}));

/** A webContents as the handlers use it, navigating as Electron orders the events. */
class StandInContents extends EventEmitter {
  readonly id = 7;
  url = appEntryUrl;
  openHandler: ((details: { url: string }) => { action: string }) | null = null;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return false;
  }
  send(): void {}

  /** One document navigation; answers whether it committed. */
  navigate(url: string, isMainFrame: boolean): boolean {
    const cancellable = (name: string): boolean => {
      let prevented = false;
      this.emit(name, { url, isMainFrame, isSameDocument: false, preventDefault: () => (prevented = true) });
      return !prevented;
    };
    this.emit('did-start-navigation', { url, isMainFrame, isSameDocument: false });
    if (!cancellable('will-frame-navigate')) return false;
    if (isMainFrame && !cancellable('will-navigate')) return false;
    this.emit('did-frame-navigate', {}, url);
    if (!isMainFrame) return true;
    this.url = url;
    this.emit('did-navigate', {}, url);
    this.emit('did-finish-load');
    return true;
  }
}

describe('the window navigating (stand-in webContents in Electron’s event order)', () => {
  it('hands a mailto:, tel:, https or http link the page follows to the OS, and refuses every navigation away in place', async () => {
    const { hardenWebContents } = await import('./window');
    const contents = new StandInContents();
    hardenWebContents(contents as unknown as Electron.WebContents, createMemoryLogger());
    electron.opened.length = 0;

    expect(contents.navigate('mailto:ada@example.com', true)).toBe(false);
    expect(contents.navigate('tel:+441234567890', true)).toBe(false);
    expect(contents.navigate('https://example.com/about', true)).toBe(false);
    // An account's http website too: the browser opens it, the window stays on the app.
    expect(contents.navigate('http://plain.example/', true)).toBe(false);
    expect(electron.opened).toEqual(['mailto:ada@example.com', 'tel:+441234567890', 'https://example.com/about', 'http://plain.example/']);
    // Neither another scheme nor a subframe's navigation away goes anywhere.
    expect(contents.navigate('file:///etc/passwd', true)).toBe(false);
    expect(contents.navigate('https://example.com/frame', false)).toBe(false);
    expect(electron.opened).toHaveLength(4);
    // The app's own pages navigate.
    expect(contents.navigate(`${appEntryUrl}#/contacts`, true)).toBe(true);
  });

  it('keeps the page hearing pushes after a link it did not leave for, and detaches it when a new document comes', async () => {
    const { hardenWebContents } = await import('./window');
    const { bindIpc } = await import('./ipc-binding');
    const contents = new StandInContents();
    hardenWebContents(contents as unknown as Electron.WebContents, createMemoryLogger());
    const events = new EventBus();
    const core = { registry: { dispatch: () => Promise.resolve({ ok: true as const, value: null }) }, events, pageGone: () => undefined };
    const unbind = bindIpc(core as unknown as Parameters<typeof bindIpc>[0], { webContents: contents } as unknown as Electron.BrowserWindow);
    try {
      contents.emit('did-finish-load');
      expect(events.hasPage()).toBe(true);
      // A contact's email address: the mail app opens, the page stays, and so do its reminders.
      expect(contents.navigate('mailto:ada@example.com', true)).toBe(false);
      expect(events.hasPage()).toBe(true);
      // A reload of the app: detached when the new document commits, attached again once it has loaded.
      const seen: boolean[] = [];
      contents.once('did-navigate', () => seen.push(events.hasPage()));
      expect(contents.navigate(appEntryUrl, true)).toBe(true);
      expect(seen).toEqual([false]);
      expect(events.hasPage()).toBe(true);
    } finally {
      unbind();
    }
  });

  it('logs a refused link by its scheme when it is a known one, never the start of an address', async () => {
    const { hardenWebContents } = await import('./window');
    const contents = new StandInContents();
    const log = createMemoryLogger();
    hardenWebContents(contents as unknown as Electron.WebContents, log);
    // A contact's web address typed without https:// reads as the scheme "acme.example" before the colon.
    expect(contents.navigate('acme.example:8080/team', true)).toBe(false);
    expect(contents.navigate('smb://fileserver/share', true)).toBe(false);
    const logged = log.lines.join('\n');
    expect(logged).not.toContain('acme');
    expect(logged).toContain('"scheme":"other"');
    expect(logged).toContain('"scheme":"smb"');
  });
});
