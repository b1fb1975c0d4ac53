// The workspace's shortcuts on a layout whose letters are not Latin: on a
// Russian or Greek keyboard Ctrl+K sends the key "л" (or "κ"), and search,
// lock and the "g" chord never fired; they are read by the key's place
// (KeyK) then, as on a US layout. Keys that are ASCII are read as they are.
// The listener runs in Node here, on plain objects standing for keydowns.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { shortcutListener, type GoTarget, type ShortcutHandlers, type ShortcutKeyEvent } from './useShortcuts';

function keydown(key: string, code: string, modifiers: { ctrlKey?: boolean; shiftKey?: boolean } = {}): ShortcutKeyEvent {
  return {
    key,
    code,
    ctrlKey: modifiers.ctrlKey ?? false,
    metaKey: false,
    altKey: false,
    shiftKey: modifiers.shiftKey ?? false,
    repeat: false,
    isComposing: false,
    defaultPrevented: false,
    target: null,
    preventDefault: () => undefined,
  };
}

function listen() {
  const pressed: string[] = [];
  const handlers: ShortcutHandlers = {
    search: () => pressed.push('search'),
    lock: () => pressed.push('lock'),
    help: () => pressed.push('help'),
    newRecord: () => pressed.push('new'),
    logActivity: () => pressed.push('log'),
    syncNow: () => pressed.push('sync'),
    go: (target: GoTarget) => pressed.push(`go ${target}`),
    undo: () => {
      pressed.push('undo');
      return true;
    },
    toasts: () => false,
  };
  return { pressed, press: shortcutListener({ current: handlers }) };
}

describe('the shortcuts on a layout without Latin letters', () => {
  beforeEach(() => {
    vi.stubGlobal('navigator', { platform: 'Linux x86_64' });
    vi.stubGlobal('document', { querySelector: () => null });
    vi.stubGlobal('HTMLElement', class {});
    vi.stubGlobal('HTMLInputElement', class {});
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reads Ctrl+K, Ctrl+L and Ctrl+Z on a Russian layout by their place', () => {
    const { pressed, press } = listen();
    press(keydown('л', 'KeyK', { ctrlKey: true }));
    press(keydown('д', 'KeyL', { ctrlKey: true }));
    press(keydown('я', 'KeyZ', { ctrlKey: true }));
    expect(pressed).toEqual(['search', 'lock', 'undo']);
  });

  it('reads the "g" chord and the plain letters on a Greek layout by their place', () => {
    const { pressed, press } = listen();
    press(keydown('γ', 'KeyG'));
    press(keydown('κ', 'KeyK'));
    press(keydown('Γ', 'KeyG', { shiftKey: true }));
    press(keydown('Δ', 'KeyD', { shiftKey: true }));
    press(keydown('ν', 'KeyN'));
    press(keydown('σ', 'KeyS'));
    expect(pressed).toEqual(['go tasks', 'go deals', 'new', 'sync']);
  });

  it('reads an ASCII key as it is, not by its place (a French layout’s "a" sits at KeyQ)', () => {
    const { pressed, press } = listen();
    press(keydown('g', 'KeyG'));
    press(keydown('a', 'KeyQ'));
    press(keydown('k', 'KeyK', { ctrlKey: true }));
    expect(pressed).toEqual(['go accounts', 'search']);
  });

  it('ends a "g" chord at a key that is no chord letter, and that key does what it does alone', () => {
    const { pressed, press } = listen();
    press(keydown('g', 'KeyG'));
    press(keydown('n', 'KeyN'));
    press(keydown('g', 'KeyG'));
    press(keydown('/', 'Slash'));
    press(keydown('g', 'KeyG'));
    press(keydown('?', 'Slash', { shiftKey: true }));
    press(keydown('g', 'KeyG'));
    press(keydown('l', 'KeyL'));
    press(keydown('d', 'KeyD'));
    expect(pressed).toEqual(['new', 'search', 'help', 'log']);
  });
});
