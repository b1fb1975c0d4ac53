// Which URLs belong to FieldVault's own origin (app://fieldvault) and which
// URLs may be handed to the OS browser. Pure functions, no Electron import, so
// the navigation and sender rules can be tested without the Electron binary.

export const appScheme = 'app';
export const appHost = 'fieldvault';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The origin (scheme://host[:port]) of a URL, or 'null' (the web's spelling of
 * an opaque origin) when it has none. Node's URL reports 'null' as the origin
 * of every non-special scheme such as app:, so the tuple is built by hand.
 */
export function originOf(url: string): string {
  const parsed = parse(url);
  if (parsed === null || parsed.host === '') return 'null';
  return `${parsed.protocol}//${parsed.host}`;
}

/** True for app://fieldvault/… and nothing else (no userinfo, no port). */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === `${appScheme}:` &&
    parsed.host === appHost &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * The URL to give shell.openExternal, or null when it must not be opened.
 * https: and http: open the OS browser (an account's website may be either,
 * as its schema admits; the browser, not this app, then talks to the site);
 * mailto: and tel: (a contact's e-mail address
 * and phone number, src-shared/domain/contact-links.ts) open the mail and
 * phone apps. Every other scheme is refused: file:, smb:, custom handlers and
 * the like can start programs or leak NTLM hashes. Web URLs with userinfo
 * are refused because `https://bank.example@evil.example` is a phishing
 * classic; a mailto: may name one address and no headers (?cc=, ?body=), a
 * tel: only a number. The URL is re-serialised so the OS sees exactly what
 * was checked.
 */
export function externalUrl(url: string): string | null {
  const parsed = parse(url);
  if (parsed === null) return null;
  if (parsed.protocol === 'mailto:') return /^[^@?#&,;\s]+@[^@?#&,;\s]+$/.test(parsed.pathname) && parsed.search === '' && parsed.hash === '' ? parsed.href : null;
  if (parsed.protocol === 'tel:') return /^\+?\d{1,30}(;ext=\d{1,10})?$/.test(parsed.pathname) && parsed.search === '' && parsed.hash === '' ? parsed.href : null;
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.hostname === '') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}
