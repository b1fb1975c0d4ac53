// The links a record's contact details open: an e-mail address writes an
// e-mail (mailto:), a phone number calls (tel:) and a website opens in the
// browser (https: only). Pure functions on values the domain schemas have
// already admitted; each answers null where the value makes no link, and
// the Electron shell hands the OS only what src-main/electron/app-url.ts
// admits (https:, and mailto: and tel: as built here).

/**
 * mailto: with the address percent-encoded but for its @ (RFC 6068), so no ?, & or # in it can add headers.
 * An internationalised address is written as its UTF-8, percent-encoded, in NFC (RFC 6068 section 2 allows
 * that form for a non-ASCII domain as for the local part, and RFC 6532 asks for NFC): info@müller.de is
 * mailto:info@m%C3%BCller.de whether the "ü" was typed as one character or two, and the mail app turns the
 * domain into its punycode when it sends. Null for text that is not well-formed UTF-16 (a lone surrogate,
 * which encodeURIComponent would throw on).
 */
export function mailtoHref(email: string): string | null {
  if (!email.isWellFormed()) return null;
  const address = email.normalize('NFC');
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  return `mailto:${encodeURIComponent(address.slice(0, at))}@${encodeURIComponent(address.slice(at + 1))}`;
}

/**
 * tel: with the number as a dialler takes it (RFC 3966): a leading + and
 * the digits; an extension written "x12", "ext. 12" or "#12" after the
 * number becomes ";ext=12". Null for a "number" without digits.
 */
export function telHref(phone: string): string | null {
  const [main = '', extension] = phone.split(/\s*(?:ext\.?|x|#)\s*(?=\d+\s*$)/i);
  const digits = main.replace(/\D/g, '');
  if (digits === '') return null;
  const plus = main.trim().startsWith('+') ? '+' : '';
  const ext = extension === undefined ? '' : `;ext=${extension.replace(/\D/g, '')}`;
  return `tel:${plus}${digits}${ext}`;
}

/**
 * The website itself when it is https (http: is not handed to the OS) with no user name before its host
 * ("https://bank@evil.example" is evil.example). An "@" after the host is a path's ("https://medium.com/@acme"):
 * refused with the other, such a site was never a link.
 */
export function webHref(url: string): string | null {
  return /^https:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i.test(url) ? url : null;
}
