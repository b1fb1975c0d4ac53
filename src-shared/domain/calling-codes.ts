// Country calling codes (ITU-T E.164), for telling a phone number's country
// code from its national number: import's duplicate keys
// (src-main/services/transfer/duplicate-keys.ts) and the search index's
// phone tokens (src-shared/search/search-text.ts).

/**
 * The two-digit country calling codes. ITU's codes are prefix-free: 1 and 7
 * are the one-digit codes, these the two-digit ones, and every other code
 * has three digits.
 */
const twoDigitCountryCodes = new Set([
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49',
  '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84',
  '86', '90', '91', '92', '93', '94', '95', '98',
]);

/** How many of the leading digits of an international number (without + or 00) are its country code. */
export function countryCodeLength(digits: string): number {
  if (digits.startsWith('1') || digits.startsWith('7')) return 1;
  return twoDigitCountryCodes.has(digits.slice(0, 2)) ? 2 : 3;
}
