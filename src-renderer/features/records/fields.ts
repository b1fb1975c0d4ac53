// Field definitions for forms and inline editing, and the conversions between
// a record's values and what an input holds. Inputs hold strings (an address
// holds five); the shared zod schemas decide what is valid once the strings
// are turned back into domain values here.
import type { MessageKey } from '../../app/i18n';
import type { EntityKind } from '../../app/router';
import { currencyDigits, tagSeparators } from '../../../src-shared/domain/common';

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
  /** number: shown as a percentage (the value is in percent). */
  readonly percent?: boolean;
  /** Sensitive fields (notes, activity bodies) are hidden until the user asks. */
  readonly sensitive?: boolean;
  readonly testId?: string;
}

export const addressParts = ['street', 'city', 'region', 'postalCode', 'country'] as const;
export type AddressPart = (typeof addressParts)[number];
export type AddressInput = Readonly<Record<AddressPart, string>>;
export type InputValue = string | AddressInput;
export type InputValues = Readonly<Record<string, InputValue>>;

const emptyAddress: AddressInput = { street: '', city: '', region: '', postalCode: '', country: '' };

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Epoch ms as the value of an <input type="datetime-local"> in local time. */
export function toLocalDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of a datetime-local input as epoch ms (NaN when incomplete). */
export function fromLocalDateTime(value: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (match === null) return Number.NaN;
  const [, y, mo, d, h, mi] = match.map(Number);
  return new Date(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0).getTime();
}

/** Minor units as a decimal string in the currency's digits ("12500.00"). */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** A typed decimal amount as minor units; NaN when it is not a number. */
export function decimalToMinor(text: string, currency: string): number {
  const cleaned = text.replace(/[\s,_']/g, '');
  if (!/^-?\d*(\.\d*)?$/.test(cleaned) || cleaned === '' || cleaned === '.' || cleaned === '-') return Number.NaN;
  return Math.round(Number(cleaned) * 10 ** currencyDigits(currency));
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

/** The domain value for what the input holds; the zod schema then checks it. */
export function fromInput(def: FieldDef, input: InputValue, inputs: InputValues, currencyFallback = 'EUR'): unknown {
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
      return input === '' ? null : fromLocalDateTime(input);
    case 'money': {
      const currency = inputs[def.currencyKey ?? 'currency'];
      return decimalToMinor(input, typeof currency === 'string' && currency !== '' ? currency.toUpperCase() : currencyFallback);
    }
    case 'currency':
      return input.trim().toUpperCase();
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
