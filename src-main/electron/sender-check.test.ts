// Who may call the Electron IPC handlers, and which links may leave the app.
import { describe, expect, it } from 'vitest';
import { mailtoHref, telHref, webHref } from '../../src-shared/domain/contact-links';
import { appOrigin, externalUrl, isAppUrl, originOf } from './app-url';
import { electronSender, isTrustedSender, type FrameLike } from './sender-check';

const mainFrame = (url: string): FrameLike => ({ url, parent: null, detached: false });

describe('electronSender + isTrustedSender', () => {
  it('trusts the top-level app://fieldvault frame of our window', () => {
    const sender = electronSender(mainFrame('app://fieldvault/index.html#/contacts'), true);
    expect(sender).toEqual({ transport: 'electron', origin: appOrigin });
    expect(isTrustedSender(sender)).toBe(true);
  });

  it.each([
    ['another origin', mainFrame('https://evil.example/'), true],
    ['a look-alike host', mainFrame('app://fieldvault.evil/index.html'), true],
    ['a file: page', mainFrame('file:///tmp/index.html'), true],
    ['about:blank', mainFrame('about:blank'), true],
    ['a subframe of our page', { url: 'app://fieldvault/frame.html', parent: {} }, true],
    ['a detached frame', { url: 'app://fieldvault/index.html', parent: null, detached: true }, true],
    ['no frame at all', null, true],
    ['another webContents', mainFrame('app://fieldvault/index.html'), false],
  ] as const)('refuses %s', (_label, frame, fromOurWindow) => {
    expect(isTrustedSender(electronSender(frame, fromOurWindow))).toBe(false);
  });

  it('treats a frame that throws on access as gone', () => {
    const frame: FrameLike = {
      get url(): string {
        throw new Error('Render frame was disposed');
      },
      parent: null,
    };
    expect(electronSender(frame, true).origin).toBe('null');
  });

  it('trusts only the electron transport', () => {
    expect(isTrustedSender({ transport: 'headless', origin: appOrigin })).toBe(false);
    expect(isTrustedSender({ transport: 'test', origin: appOrigin })).toBe(false);
  });
});

describe('app URLs', () => {
  it('builds tuple origins for app: even though Node calls them opaque', () => {
    expect(originOf('app://fieldvault/a/b?c')).toBe('app://fieldvault');
    expect(originOf('https://x.example:8443/p')).toBe('https://x.example:8443');
    expect(originOf('about:blank')).toBe('null');
    expect(originOf('nonsense')).toBe('null');
  });

  it('recognises only app://fieldvault as ours', () => {
    expect(isAppUrl('app://fieldvault/index.html')).toBe(true);
    expect(isAppUrl('app://fieldvault.evil/')).toBe(false);
    expect(isAppUrl('app://x@fieldvault/')).toBe(false);
    expect(isAppUrl('app://fieldvault:1/')).toBe(false);
    expect(isAppUrl('https://fieldvault/')).toBe(false);
  });

  it('hands only plain https and http links to the OS browser, and a contact\'s mailto: and tel: to its apps', () => {
    expect(externalUrl('https://example.com/a?b#c')).toBe('https://example.com/a?b#c');
    // An account's website may be http (its schema admits it): the browser opens it as it does an https one.
    expect(externalUrl('http://example.com/')).toBe('http://example.com/');
    expect(externalUrl('HTTP://Plain.Example')).toBe('http://plain.example/');
    for (const href of [webHref('http://plain.example/about'), webHref('https://medium.com/@acme')]) {
      expect(href).not.toBeNull();
      expect(externalUrl(href ?? '')).toBe(href);
    }
    // What the contact links build passes as built.
    for (const href of [mailtoHref('ada+sales@example.org'), mailtoHref('王@例子.中国'), telHref('+44 7700 900123'), telHref('+1 555 0100 x12')]) {
      expect(href).not.toBeNull();
      expect(externalUrl(href ?? '')).toBe(href);
    }
    for (const url of [
      'http://bank.example@evil.example/',
      'http:',
      'file:///etc/passwd',
      'smb://host/share',
      'ms-msdt:/id PCWDiagnostic',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'app://fieldvault/index.html',
      'https://bank.example@evil.example/',
      'https://user:pw@example.com/',
      'https:',
      'not a url',
      // A mailto: with headers or several addresses, a tel: that is not a number.
      'mailto:ada@example.org?bcc=eve@evil.example',
      'mailto:ada@example.org?body=click%20here',
      'mailto:ada@example.org,eve@evil.example',
      'mailto:ada@example.org#x',
      'mailto:',
      'tel:+1555;phone-context=evil',
      'tel:javascript:alert(1)',
      'tel:',
      'sms:+15550100',
    ]) {
      expect(externalUrl(url)).toBeNull();
    }
  });
});
