// The Delete key of the lists, the selection bar and a saved view's tab, on
// each platform: a Mac laptop's key marked "delete" sends Backspace (Delete is
// Fn+delete there), so on a Mac both delete, never from a text field (where
// they edit the text) nor with Ctrl or Option; elsewhere Backspace is not
// Delete. The shortcut help names the key as the Mac's keyboard does (⌫).
// The platform is navigator.platform, switched here as a Mac or a PC reports it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ariaDeleteShortcut, deleteKeyLabel, isDeleteKey, isMac } from './keyboard';

/** Stands in for the DOM's element classes (the unit tests run in Node): what isTypingTarget reads. */
class FakeElement {
  isContentEditable = false;
  constructor(readonly tagName: string) {}
}
class FakeInput extends FakeElement {
  constructor(readonly type: string) {
    super('INPUT');
  }
}

function onPlatform(platform: string): void {
  vi.stubGlobal('navigator', { platform });
  vi.stubGlobal('HTMLElement', FakeElement);
  vi.stubGlobal('HTMLInputElement', FakeInput);
}

/** A key press on `target` (a row of the list by default), without modifiers unless given. */
function press(key: string, target: object = new FakeElement('DIV'), modifiers: { ctrlKey?: boolean; altKey?: boolean } = {}) {
  // The fakes stand where the DOM's elements would: isTypingTarget tells them apart by instanceof.
  return isDeleteKey({ key, target: target as EventTarget, ctrlKey: modifiers.ctrlKey ?? false, altKey: modifiers.altKey ?? false });
}

function editable(): FakeElement {
  const element = new FakeElement('DIV');
  element.isContentEditable = true;
  return element;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('isDeleteKey', () => {
  it('on a Mac takes the key marked "delete" (Backspace) as well as Fn+delete (Delete)', () => {
    onPlatform('MacIntel');
    expect(isMac()).toBe(true);
    expect(press('Backspace')).toBe(true);
    expect(press('Delete')).toBe(true);
    // A button (the selection bar's, a view's tab) is not a text field.
    expect(press('Backspace', new FakeElement('BUTTON'))).toBe(true);
    expect(press('Backspace', new FakeInput('checkbox'))).toBe(true);
  });

  it('on a Mac never takes either key from a text field or with Ctrl or Option', () => {
    onPlatform('MacIntel');
    for (const target of [new FakeInput('text'), new FakeInput('search'), new FakeElement('TEXTAREA'), editable()]) {
      expect(press('Backspace', target)).toBe(false);
      expect(press('Delete', target)).toBe(false);
    }
    expect(press('Backspace', new FakeElement('DIV'), { altKey: true })).toBe(false);
    expect(press('Backspace', new FakeElement('DIV'), { ctrlKey: true })).toBe(false);
  });

  it('on Windows and Linux takes Delete only: Backspace is not Delete there', () => {
    for (const platform of ['Win32', 'Linux x86_64']) {
      onPlatform(platform);
      expect(isMac()).toBe(false);
      expect(press('Delete')).toBe(true);
      expect(press('Backspace')).toBe(false);
      expect(press('Delete', new FakeInput('text'))).toBe(false);
    }
  });

  it('is named ⌫ in the shortcut help on a Mac, Delete elsewhere, and both keys for assistive technology on a Mac', () => {
    onPlatform('MacIntel');
    expect(deleteKeyLabel()).toBe('⌫');
    expect(ariaDeleteShortcut()).toBe('Delete Backspace');
    onPlatform('Win32');
    expect(deleteKeyLabel()).toBe('Delete');
    expect(ariaDeleteShortcut()).toBe('Delete');
  });
});
