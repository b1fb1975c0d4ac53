// Field definitions for forms and inline editing, and the conversions between
// a record's values and what an input holds. Inputs hold strings (an address
// holds five); the shared zod schemas decide what is valid once the strings
// are turned back into domain values here.
import { currentLocale, type MessageKey } from '../../app/i18n';
import type { EntityKind } from '../../app/router';
import { localWallTimes } from '../../../src-shared/calendar';
import { currencyDigits, tagSeparators } from '../../../src-shared/domain/common';
import type { ListEntity } from '../../../src-shared/domain/saved-view';
import type { Words } from '../../ui/words';
import type { PiecedKind } from './PiecedText';

export type FieldKind =
  | 'text'
  | 'longText'
  | 'lines'
  | 'tags'
  | 'select'
  | 'date'
  | 'datetime'
  | 'money'
  | 'currency'
  | 'number'
  | 'ref'
  | 'address';

export interface SelectOption {
  readonly value: string;
  readonly label: MessageKey | { readonly text: string };
}

export interface FieldDef {
  /** The property of the draft / patch / record. */
  readonly key: string;
  readonly label: MessageKey;
  readonly kind: FieldKind;
  readonly hint?: MessageKey;
  readonly required?: boolean;
  /** Spans both columns of a form grid. */
  readonly wide?: boolean;
  /** select: the values and their labels (a message key, or data such as a stage name). */
  readonly options?: readonly SelectOption[];
  /** ref: which records it points at. */
  readonly refKind?: EntityKind;
  /** money: the field holding the currency. */
  readonly currencyKey?: string;
  /**
   * currency: the money field it prices. A new currency alone rescales that amount (rounding it to the new
   * currency's digits), so the Undo of a currency edit sends the amount from before too.
   */
  readonly amountKey?: string;
  /** number: shown as a percentage (the value is in percent). */
  readonly percent?: boolean;
  /** text or lines: the value (each line) is an e-mail or web address, wrapped only at its seams, never at a hyphen (see PiecedText). */
  readonly seams?: PiecedKind;
  /** text or lines: each value read is a link that writes an e-mail, calls or opens the website (contact-links.ts). */
  readonly link?: 'email' | 'phone' | 'web';
  /** tags: the entity whose most used tags are offered as chips beside the box (TagPicks). */
  readonly tagsOf?: ListEntity;
  /** Sensitive fields (notes, activity bodies) are hidden until the user asks. */
  readonly sensitive?: boolean;
  readonly testId?: string;
}

export const addressParts = ['street', 'city', 'region', 'postalCode', 'country'] as const;
export type AddressPart = (typeof addressParts)[number];
export type AddressInput = Readonly<Record<AddressPart, string>>;
export type InputValue = string | AddressInput;
export type InputValues = Readonly<Record<string, InputValue>>;

/**
 * The keys a form's messages for `def` are kept under: the field's own, and for an address each part's as well
 * ("address.postalCode", issuesByField), so that the message names the part and marks that input alone.
 */
export function errorKeys(def: FieldDef): string[] {
  return def.kind === 'address' ? [def.key, ...addressParts.map((part) => `${def.key}.${part}`)] : [def.key];
}

/** The messages of an address's parts among a form's messages (see errorKeys), by part. */
export function partErrors(def: FieldDef, errors: Readonly<Record<string, Words | undefined>>): Partial<Record<AddressPart, Words>> {
  const parts: Partial<Record<AddressPart, Words>> = {};
  if (def.kind !== 'address') return parts;
  for (const part of addressParts) {
    const words = errors[`${def.key}.${part}`];
    if (words !== undefined) parts[part] = words;
  }
  return parts;
}

const emptyAddress: AddressInput = { street: '', city: '', region: '', postalCode: '', country: '' };

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Epoch ms as the value of an <input type="datetime-local"> in local time. */
export function toLocalDateTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getFullYear()).padStart(4, '0')}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The value of a datetime-local input as epoch ms (NaN when incomplete). Chromium's year takes up to six
 * digits ("20266" for a key pressed once too often): read, it is refused as out of range ("Use a date from
 * 1970 to 3000"), where NaN said "Enter a number". A time the clock reads twice (the hour repeated when
 * clocks go back) is the reading nearest `stored`, the value being edited, so that changing the minutes of
 * the second 01:30 does not move it an hour earlier; the first reading without one. A time the clock never
 * reads (the hour skipped when clocks go forward) is NaN, never moved on by the shift: inputProblem says why.
 */
export function fromLocalDateTime(value: string, stored?: number): number {
  const readings = localDateTimeReadings(value);
  if (readings === null || readings.length === 0) return Number.NaN;
  const [first = Number.NaN] = readings;
  if (stored === undefined) return first;
  return readings.reduce((nearest, reading) => (Math.abs(reading - stored) < Math.abs(nearest - stored) ? reading : nearest), first);
}

/** The instants a datetime-local value names (see localWallTimes); null when it is incomplete. */
function localDateTimeReadings(value: string): number[] | null {
  const match = /^(\d{4,6})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (match === null) return null;
  const [, y, mo, d, h, mi] = match.map(Number);
  return localWallTimes(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0);
}

/** Minor units as a decimal string in the currency's digits ("12500.00"). */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** The separators of a locale's numbers ("12,345.6" in English and Chinese: group ",", decimal "."). */
export interface NumberSeparators {
  readonly group: string;
  readonly decimal: string;
}

export function numberSeparators(locale: string): NumberSeparators {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return {
    group: parts.find((part) => part.type === 'group')?.value ?? ',',
    decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
  };
}

/**
 * Why a typed amount was refused: `number` it is no number at all; `format`
 * its separators do not follow the locale's (groups of three after the first
 * group separator, one decimal separator after them), so it could be read as
 * another number ("12,5" or "12.500,00" in English); `decimals` it has more
 * fraction digits than the currency's minor unit ("12.500" EUR, "1.5" JPY).
 */
export type AmountProblem = 'number' | 'format' | 'decimals';
export type AmountReading = { readonly ok: true; readonly minor: number } | { readonly ok: false; readonly problem: AmountProblem };

/**
 * Group separators read between groups of three whatever the locale, because
 * no convention uses them as a decimal point: the apostrophes of Swiss
 * amounts ("12'500.00") and the spaces of French and Nordic ones ("12 500").
 */
const neutralGroups: readonly string[] = ["'", '\u2019', ' ', '\u00a0', '\u202f'];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A typed decimal amount as minor units, read by the locale's separators (and
 * the neutral group separators above): anything another convention would
 * read as a different number is refused, never guessed, and so are digits
 * the currency cannot hold (not rounded).
 */
export function parseAmount(text: string, currency: string, separators: NumberSeparators): AmountReading {
  const typed = halfWidth(text).trim();
  const negative = typed.startsWith('-');
  const body = negative ? typed.slice(1) : typed;
  // Digits and what some convention uses as a separator; anything else is no number.
  if (!/\d/.test(body) || /[^\d.,'\u2019_\s]/u.test(body)) return { ok: false, problem: 'number' };
  const [whole = '', fraction, ...more] = body.split(separators.decimal);
  if (more.length > 0 || (fraction !== undefined && !/^\d*$/.test(fraction))) return { ok: false, problem: 'format' };
  // One kind of group separator in a number: the locale's, or one no convention reads as a decimal point.
  const groups = new Set([separators.group, ...neutralGroups.filter((group) => group !== separators.decimal)]);
  const used = [...groups].filter((group) => whole.includes(group));
  if (used.length > 1) return { ok: false, problem: 'format' };
  const group = used[0] ?? separators.group;
  if (!new RegExp(`^(\\d*|\\d{1,3}(${escapeRegExp(group)}\\d{3})+)$`, 'u').test(whole)) return { ok: false, problem: 'format' };
  const digits = currencyDigits(currency);
  if (fraction !== undefined && fraction.length > digits) return { ok: false, problem: 'decimals' };
  const minor = Number(whole.split(group).join('') + (fraction ?? '').padEnd(digits, '0'));
  return { ok: true, minor: negative ? -minor : minor };
}

/**
 * Full-width ASCII (U+FF01–U+FF5E, what a Chinese or Japanese keyboard's full-width mode types: "１２，５００．００",
 * "ｕｓｄ") as the ASCII it stands for; nothing else changes (not NFKC, which would also turn the narrow
 * no-break space French groups digits with into a plain space). "。" stays what it is: no decimal point.
 */
export function halfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/gu, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0));
}

/** What the amount input says in the UI's locale, as minor units; NaN when refused (see parseAmount). */
export function decimalToMinor(text: string, currency: string): number {
  const reading = parseAmount(text, currency, numberSeparators(currentLocale()));
  return reading.ok ? reading.minor : Number.NaN;
}

/**
 * Why the input of `def` cannot be turned into a value at all, worded for the
 * field (the shared schema's rules come after); undefined when it can. Only
 * amounts and date-times have such a reading step: the schema sees minor units
 * and cannot tell "12,5" read as 125 from a real 125, and sees no local time
 * to tell that one the clocks skipped from a real one.
 */
export function inputProblem(def: FieldDef, input: InputValue, inputs: InputValues, currencyFallback = 'EUR'): Words | undefined {
  // A required field left empty says so: the schema's word for a cleared date-time (null) was "Enter a number", for a
  // cleared date ('') "Not a valid date".
  if (def.required === true && typeof input === 'string' && input.trim() === '') return { key: 'validation.required' };
  // A time skipped when the clocks went forward is no time at all here: refused, not saved an hour later.
  if (def.kind === 'datetime' && typeof input === 'string' && localDateTimeReadings(input)?.length === 0) return { key: 'validation.timeSkipped' };
  if (def.kind !== 'money' || typeof input !== 'string') return undefined;
  const currency = moneyCurrency(def, inputs, currencyFallback);
  const reading = parseAmount(input, currency, numberSeparators(currentLocale()));
  if (reading.ok) return undefined;
  switch (reading.problem) {
    case 'number':
      return { key: 'validation.number' };
    case 'format':
      // The example is written with the separators the amount was read with (the UI locale's when it was typed).
      return { key: 'validation.amountFormat', params: { example: formatAmountExample(currency) } };
    case 'decimals': {
      const digits = currencyDigits(currency);
      return digits === 0 ? { key: 'validation.amountNoDecimals', params: { currency } } : { key: 'validation.amountDecimals', params: { currency, digits } };
    }
  }
}

/** 12,500 in the currency's digits and the UI's locale ("12,500.00", "12,500" for JPY). */
function formatAmountExample(currency: string): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(currentLocale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(12500);
}

/** The problems of a whole form's inputs (see inputProblem), by field. */
export function inputProblems(defs: readonly FieldDef[], inputs: InputValues, omitEmpty: boolean): Record<string, Words> {
  const problems: Record<string, Words> = {};
  for (const def of defs) {
    const input = inputs[def.key];
    if (input === undefined || (omitEmpty && input === '' && def.required !== true)) continue;
    const problem = inputProblem(def, input, inputs);
    if (problem !== undefined) problems[def.key] = problem;
  }
  return problems;
}

function moneyCurrency(def: FieldDef, inputs: InputValues, currencyFallback: string): string {
  const currency = inputs[def.currencyKey ?? 'currency'];
  return typeof currency === 'string' && currency.trim() !== '' ? halfWidth(currency).trim().toUpperCase() : currencyFallback;
}

function isAddress(value: unknown): value is Record<AddressPart, string> {
  return typeof value === 'object' && value !== null && addressParts.every((part) => typeof Reflect.get(value, part) === 'string');
}

/** What the input for `def` shows for a record value. */
export function toInput(def: FieldDef, value: unknown, record: Readonly<Record<string, unknown>>): InputValue {
  switch (def.kind) {
    case 'address':
      return isAddress(value) ? { ...emptyAddress, ...value } : emptyAddress;
    case 'lines':
      return Array.isArray(value) ? value.join('\n') : '';
    case 'tags':
      return Array.isArray(value) ? value.join(', ') : '';
    case 'datetime':
      return typeof value === 'number' ? toLocalDateTime(value) : '';
    case 'money': {
      const currency = record[def.currencyKey ?? 'currency'];
      return typeof value === 'number' && typeof currency === 'string' ? minorToDecimal(value, currency) : '';
    }
    case 'number':
      return typeof value === 'number' ? String(value) : '';
    case 'ref':
      return typeof value === 'string' ? value : '';
    default:
      return typeof value === 'string' ? value : '';
  }
}

/**
 * The domain value for what the input holds; the zod schema then checks it. `stored` is the value being
 * edited, if any: a date-time the clock reads twice is taken nearest it (fromLocalDateTime).
 */
export function fromInput(def: FieldDef, input: InputValue, inputs: InputValues, currencyFallback = 'EUR', stored?: unknown): unknown {
  if (typeof input !== 'string') return { ...input };
  switch (def.kind) {
    case 'lines':
      return input
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
    case 'tags':
      return input
        .split(tagSeparators)
        .map((tag) => tag.trim())
        .filter((tag) => tag !== '');
    case 'datetime':
      return input === '' ? null : fromLocalDateTime(input, typeof stored === 'number' ? stored : undefined);
    case 'money':
      return decimalToMinor(input, moneyCurrency(def, inputs, currencyFallback));
    case 'currency':
      return halfWidth(input).trim().toUpperCase();
    case 'number':
      return input.trim() === '' ? Number.NaN : Number(input);
    case 'ref':
      return input === '' ? null : input;
    default:
      return input;
  }
}

/** Inputs for a whole form from a record (or defaults). */
export function inputsOf(defs: readonly FieldDef[], record: Readonly<Record<string, unknown>>): Record<string, InputValue> {
  const inputs: Record<string, InputValue> = {};
  for (const def of defs) inputs[def.key] = toInput(def, record[def.key], record);
  return inputs;
}

/** Domain values for a whole form; fields left empty and optional are omitted so schema defaults apply. */
export function valuesOf(defs: readonly FieldDef[], inputs: InputValues, omitEmpty: boolean): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const def of defs) {
    const input = inputs[def.key];
    if (input === undefined) continue;
    if (omitEmpty && input === '' && def.required !== true && def.kind !== 'ref') continue;
    values[def.key] = fromInput(def, input, inputs);
  }
  return values;
}
