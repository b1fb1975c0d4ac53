// The links a record's contact details open: an e-mail address writes an
// e-mail (mailto:), a phone number calls (tel:) and a website opens in the
// browser (https: or http:, what the account schema admits). Pure functions on
// values the domain schemas have already admitted; each answers null where the
// value makes no link, and the Electron shell hands the OS only what
// src-main/electron/app-url.ts admits (https: and http:, and mailto: and tel:
// as built here).

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
 * number becomes ";ext=12". After a country code, a trunk prefix written in
 * brackets is dropped, as the search index reads it (phone-tokens.ts): "+49
 * (0)89 1234567" dials +49891234567, not +490891234567. Null for a "number"
 * without digits, and for a line that holds a second number (secondNumber),
 * whose digits joined to the first's would dial neither.
 */
export function telHref(phone: string): string | null {
  const [written = '', extension] = phone.split(/\s*(?:ext\.?|x|#)\s*(?=\d+\s*$)/i);
  const international = /^\s*(?:\+|00)/.test(written);
  const main = international ? written.replace(trunkInBrackets, ' ') : written;
  if (secondNumber(main)) return null;
  const digits = main.replace(/\D/g, '');
  if (digits === '') return null;
  const plus = main.trim().startsWith('+') ? '+' : '';
  const ext = extension === undefined ? '' : `;ext=${extension.replace(/\D/g, '')}`;
  return `tel:${plus}${digits}${ext}`;
}

/** "(0)", the trunk prefix written inside an international number ("+44 (0)20 …"): not dialled after the country code. */
const trunkInBrackets = /\(\s*0\s*\)/g;

/**
 * What may stand before a "/" that parts an area code from the number
 * ("089/1234567", "+49 89/1234567"): one group of up to six digits, after a
 * country code or not.
 */
const areaCode = /^\s*(?:(?:\+|00)\d{1,3}\s*)?\(?\d{1,6}\)?\s*$/;

/**
 * Whether a line holds more than one number: digits on both sides of a ";"
 * or "," ("+1 555 0100; +1 555 0101"), or a "/" after something that is no
 * area code ("+1 555 0100 / +1 555 0101", "555-0100/0101"). A "/" after an
 * area code alone ("089 / 1234567", as German numbers are often written) is
 * one number.
 */
function secondNumber(main: string): boolean {
  if (main.split(/[;,]/).filter((part) => /\d/.test(part)).length > 1) return true;
  const [first = '', ...rest] = main.split('/');
  const after = rest.filter((part) => /\d/.test(part));
  return after.length > 1 || (after.length === 1 && /\d/.test(first) && !areaCode.test(first));
}

/**
 * The website itself when it is https or http (the account schema admits both, and many company sites are
 * still typed "http://" and redirect) with no user name before its host ("https://bank@evil.example" is
 * evil.example). An "@" after the host is a path's ("https://medium.com/@acme"): refused with the other, such a
 * site was never a link. Every other scheme (javascript:, file:, data:) makes none.
 */
export function webHref(url: string): string | null {
  return /^https?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i.test(url) ? url : null;
}
