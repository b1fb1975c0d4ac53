// Inputs ↔ domain values for forms and inline edits, checked against the
// shared schemas the main process uses.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../app/i18n';
import { wordsText, type Words } from '../../ui/words';
import { Timestamp } from '../../../src-shared/domain/common';
import { fieldRuleOf } from '../../../src-shared/ipc/reasons';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { DealPatch } from '../../../src-shared/domain/deal';
import {
  decimalToMinor,
  fromInput,
  inputProblem,
  inputProblems,
  numberSeparators,
  parseAmount,
  fromLocalDateTime,
  inputsOf,
  minorToDecimal,
  toInput,
  toLocalDateTime,
  valuesOf,
  type AmountProblem,
  type FieldDef,
} from './fields';

const money: FieldDef = { key: 'amount', label: 'field.amount', kind: 'money', currencyKey: 'currency' };

describe('money', () => {
  afterEach(() => setLocale('en'));

  it('converts decimals to minor units in the currency’s digits', () => {
    expect(decimalToMinor('12500.5', 'USD')).toBe(1_250_050);
    expect(decimalToMinor('1,234.56', 'EUR')).toBe(123_456);
    expect(decimalToMinor('1500', 'JPY')).toBe(1500);
    expect(decimalToMinor('0.1', 'USD')).toBe(10);
    for (const bad of ['', 'abc', '1.2.3', '.', '-']) expect(decimalToMinor(bad, 'USD')).toBeNaN();
    expect(minorToDecimal(1_250_050, 'USD')).toBe('12500.50');
    expect(minorToDecimal(1500, 'JPY')).toBe('1500');
  });

  it('reads English and Chinese numbers with a comma between thousands and a point before decimals', () => {
    expect(numberSeparators('en')).toEqual({ group: ',', decimal: '.' });
    expect(numberSeparators('zh-CN')).toEqual({ group: ',', decimal: '.' });
  });

  // Each typed text, its currency, and the minor units it is read as or why it is refused.
  const table: readonly (readonly [string, string, number | AmountProblem])[] = [
    ['12,500.00', 'EUR', 1_250_000],
    ['12500.5', 'EUR', 1_250_050],
    ['12500', 'EUR', 1_250_000],
    [' 12,500 ', 'USD', 1_250_000],
    ['1,234,567.89', 'CHF', 123_456_789],
    ['1,234', 'SEK', 123_400],
    ['0.07', 'USD', 7],
    ['.5', 'USD', 50],
    ['5.', 'USD', 500],
    ['12,500', 'JPY', 12_500],
    ['1.234', 'KWD', 1234],
    ['-5', 'USD', -500],
    // Apostrophes and spaces between groups of three: no convention reads them as a decimal point.
    ["12'500.00", 'CHF', 1_250_000],
    ['1\u2019234\u2019567.89', 'CHF', 123_456_789],
    ['12 500', 'NOK', 1_250_000],
    ['12\u00a0500.5', 'SEK', 1_250_050],
    ['1\u202f234\u202f567', 'EUR', 123_456_700],
    // Commas anywhere but between groups of three: another convention's decimal comma.
    ['12,5', 'EUR', 'format'],
    ['1,23', 'EUR', 'format'],
    ['12.500,00', 'EUR', 'format'],
    ['1.234,5', 'DKK', 'format'],
    ['1.234.567', 'EUR', 'format'],
    ['1,2345', 'USD', 'format'],
    ['12,50,000', 'USD', 'format'],
    ['1234,567', 'USD', 'format'],
    [',500', 'USD', 'format'],
    ['1,234.5,6', 'USD', 'format'],
    // Mixed group separators, or apostrophes and spaces anywhere but between groups of three.
    ["1,234'567", 'CHF', 'format'],
    ["12'5", 'CHF', 'format'],
    ["12'500,00", 'CHF', 'format'],
    ['12 50', 'NOK', 'format'],
    ['1 234,50', 'NOK', 'format'],
    // More fraction digits than the currency's minor unit: refused, never rounded.
    ['12.500', 'EUR', 'decimals'],
    ['1.234', 'USD', 'decimals'],
    ['0.005', 'USD', 'decimals'],
    ['1.5', 'JPY', 'decimals'],
    ['1500.00', 'JPY', 'decimals'],
    ['1.2345', 'KWD', 'decimals'],
    // No number at all.
    ['', 'USD', 'number'],
    ['.', 'USD', 'number'],
    ['-', 'USD', 'number'],
    ['abc', 'USD', 'number'],
    ['12a', 'USD', 'number'],
    ['€12', 'EUR', 'number'],
    ['--5', 'USD', 'number'],
  ];

  it.each(table)('reads %j in %s as %j', (text, currency, expected) => {
    const reading = parseAmount(text, currency, { group: ',', decimal: '.' });
    expect(reading).toEqual(typeof expected === 'number' ? { ok: true, minor: expected } : { ok: false, problem: expected });
    // What the form sends: the value, or NaN so that nothing is saved even past the field check.
    const value = fromInput(money, text, { currency });
    if (typeof expected === 'number') expect(value).toBe(expected);
    else expect(value).toBeNaN();
  });

  it('reads what a full-width keyboard types, amount and currency, as the ASCII it stands for', () => {
    expect(parseAmount('１２，５００．００', 'CNY', { group: ',', decimal: '.' })).toEqual({ ok: true, minor: 1_250_000 });
    expect(parseAmount('－５', 'USD', { group: ',', decimal: '.' })).toEqual({ ok: true, minor: -500 });
    // The ideographic full stop is no decimal point.
    expect(parseAmount('12。5', 'USD', { group: ',', decimal: '.' })).toEqual({ ok: false, problem: 'number' });
    expect(fromInput({ key: 'currency', label: 'field.currency', kind: 'currency' }, ' ｕｓｄ', {})).toBe('USD');
    expect(fromInput(money, '１２．５', { currency: 'ｊｐｙ' })).toBeNaN();
    expect(fromInput(money, '１２．５', { currency: 'ｅｕｒ' })).toBe(1250);
  });

  it('follows the separators it is given', () => {
    const german = { group: '.', decimal: ',' };
    expect(parseAmount("12'500,50", 'CHF', german)).toEqual({ ok: true, minor: 1_250_050 });
    expect(parseAmount('12 500,50', 'EUR', german)).toEqual({ ok: true, minor: 1_250_050 });
    expect(parseAmount('12.500 000', 'EUR', german)).toEqual({ ok: false, problem: 'format' });
    const french = { group: '\u202f', decimal: ',' };
    expect(parseAmount('12\u202f500,50', 'EUR', french)).toEqual({ ok: true, minor: 1_250_050 });
    expect(parseAmount('12 500,50', 'EUR', french)).toEqual({ ok: true, minor: 1_250_050 });
    expect(parseAmount('12.500,00', 'EUR', german)).toEqual({ ok: true, minor: 1_250_000 });
    expect(parseAmount('12,5', 'EUR', german)).toEqual({ ok: true, minor: 1250 });
    expect(parseAmount('12,500.00', 'EUR', german)).toEqual({ ok: false, problem: 'format' });
  });

  it('words a refused amount under the field in English and Chinese', () => {
    const amount = (text: string, currency: string) => {
      const problem = inputProblem(money, text, { amount: text, currency });
      return problem === undefined ? undefined : wordsText(problem);
    };
    expect(amount('12,500.00', 'EUR')).toBeUndefined();
    expect(amount('12,5', 'EUR')).toBe('Write the amount as 12,500.00: commas only between thousands, a point before the decimals');
    expect(amount('12.500,00', 'EUR')).toBe('Write the amount as 12,500.00: commas only between thousands, a point before the decimals');
    expect(amount('1,2', 'jpy')).toBe('Write the amount as 12,500: commas only between thousands, a point before the decimals');
    expect(amount('12.500', 'EUR')).toBe('EUR amounts have at most 2 decimal places');
    expect(amount('1.5', 'JPY')).toBe('JPY amounts have no decimal places');
    expect(amount('ten', 'USD')).toBe('Enter a number');
    setLocale('zh-CN');
    expect(amount('12,5', 'CNY')).toBe('请按 12,500.00 的格式填写金额：逗号只用于分隔千位，小数前用小数点');
    expect(amount('1.234', 'CNY')).toBe('CNY 金额最多有 2 位小数');
    expect(amount('1.5', 'JPY')).toBe('JPY 金额不能有小数');
  });

  it('finds unreadable amounts in a whole form, leaving an empty optional one to the schema default', () => {
    const defs: readonly FieldDef[] = [{ key: 'name', label: 'field.name', kind: 'text' }, money];
    const texts = (problems: Readonly<Record<string, Words>>) => Object.fromEntries(Object.entries(problems).map(([key, words]) => [key, wordsText(words)]));
    expect(texts(inputProblems(defs, { name: '12,5', amount: '12,5', currency: 'EUR' }, true))).toEqual({ amount: expect.stringContaining('12,500.00') as unknown });
    expect(inputProblems(defs, { name: '', amount: '', currency: 'EUR' }, true)).toEqual({});
    expect(texts(inputProblems(defs, { name: '', amount: '', currency: 'EUR' }, false))).toEqual({ amount: 'Enter a number' });
  });

  it("keeps an amount's problem as words, so one found in English reads in Chinese after a language switch", () => {
    const problems = inputProblems([money], { amount: '1.5', currency: 'JPY' }, true);
    const shown = () => Object.values(problems).map((words) => wordsText(words));
    expect(shown()).toEqual(['JPY amounts have no decimal places']);
    setLocale('zh-CN');
    expect(shown()).toEqual(['JPY 金额不能有小数']);
  });

  it('lets the shared schema refuse a negative or non-numeric amount', () => {
    expect(DealPatch.safeParse({ amount: fromInput(money, '-5', { currency: 'USD' }) }).success).toBe(false);
    expect(DealPatch.safeParse({ amount: fromInput(money, 'ten', { currency: 'USD' }) }).success).toBe(false);
    expect(DealPatch.safeParse({ amount: fromInput(money, '10', { currency: 'USD' }) })).toMatchObject({ success: true, data: { amount: 1000 } });
  });
});

describe('date-time inputs', () => {
  it('round-trips local minutes and refuses incomplete values', () => {
    const ms = new Date(2026, 4, 17, 9, 30).getTime();
    expect(toLocalDateTime(ms)).toBe('2026-05-17T09:30');
    expect(fromLocalDateTime('2026-05-17T09:30')).toBe(ms);
    expect(fromLocalDateTime('2026-05-17')).toBeNaN();
  });

  it('reads a year of five digits, which the time range then refuses by its own rule rather than as "not a number"', () => {
    const ms = fromLocalDateTime('20266-03-01T09:00');
    expect(new Date(ms).getFullYear()).toBe(20266);
    const [issue] = Timestamp.safeParse(ms).error?.issues ?? [];
    expect(issue === undefined ? null : fieldRuleOf(issue)).toEqual({ code: 'time_range' });
  });

  it('keeps a year below 100 as typed, not 1900 years later', () => {
    const ms = fromLocalDateTime('0042-03-04T05:06');
    expect(new Date(ms).getFullYear()).toBe(42);
    expect(toLocalDateTime(ms)).toBe('0042-03-04T05:06');
  });
});

describe('date-times across a clock change (in New York: forward on 8 March 2026, back on 1 November)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    setLocale('en');
  });
  const occurredAt: FieldDef = { key: 'occurredAt', label: 'field.occurredAt', kind: 'datetime', required: true };
  // 01:30 is read twice on 1 November: at 05:30 UTC (EDT) and at 06:30 UTC (EST).
  const firstOneThirty = Date.UTC(2026, 10, 1, 5, 30);
  const secondOneThirty = Date.UTC(2026, 10, 1, 6, 30);

  it('keeps a time the clock reads twice at the reading of the value edited, not an hour earlier', () => {
    vi.stubEnv('TZ', 'America/New_York');
    expect(toInput(occurredAt, secondOneThirty, {})).toBe('2026-11-01T01:30');
    // Only the minutes edited: still after the clocks went back.
    expect(fromInput(occurredAt, '2026-11-01T01:45', {}, 'EUR', secondOneThirty)).toBe(Date.UTC(2026, 10, 1, 6, 45));
    expect(fromLocalDateTime('2026-11-01T01:30', secondOneThirty)).toBe(secondOneThirty);
    expect(fromLocalDateTime('2026-11-01T01:15', firstOneThirty)).toBe(Date.UTC(2026, 10, 1, 5, 15));
    // Nothing edited before (a new record): the first reading, as before.
    expect(fromInput(occurredAt, '2026-11-01T01:45', {})).toBe(Date.UTC(2026, 10, 1, 5, 45));
    // A time read once is that time, whatever was stored.
    expect(fromLocalDateTime('2026-11-01T00:45', secondOneThirty)).toBe(Date.UTC(2026, 10, 1, 4, 45));
    expect(inputProblem(occurredAt, '2026-11-01T01:45', {})).toBeUndefined();
  });

  it('refuses a time the clocks skip, saying so, where it was saved an hour later', () => {
    vi.stubEnv('TZ', 'America/New_York');
    expect(fromLocalDateTime('2026-03-08T02:30')).toBeNaN();
    expect(fromInput(occurredAt, '2026-03-08T02:30', {}, 'EUR', Date.UTC(2026, 2, 8, 6, 0))).toBeNaN();
    const problem = inputProblem(occurredAt, '2026-03-08T02:30', {});
    expect(problem).toEqual({ key: 'validation.timeSkipped' });
    expect(inputProblems([occurredAt], { occurredAt: '2026-03-08T02:30' }, true)).toEqual({ occurredAt: { key: 'validation.timeSkipped' } });
    expect(wordsText(problem ?? { key: 'validation.invalid' })).toBe('The clocks go forward over this time, so it never happens here. Choose another time');
    setLocale('zh-CN');
    expect(wordsText(problem ?? { key: 'validation.invalid' })).toBe('时钟拨快时会跳过这个时间，它在本地并不存在。请选择其他时间');
    // Either side of the gap is read as typed.
    expect(fromLocalDateTime('2026-03-08T03:30')).toBe(Date.UTC(2026, 2, 8, 7, 30));
    expect(inputProblem(occurredAt, '2026-03-08T01:59', {})).toBeUndefined();
  });
});

describe('a contact form', () => {
  const defs: readonly FieldDef[] = [
    { key: 'name', label: 'field.name', kind: 'text', required: true },
    { key: 'emails', label: 'field.emails', kind: 'lines' },
    { key: 'tags', label: 'field.tags', kind: 'tags' },
    { key: 'accountId', label: 'field.account', kind: 'ref', refKind: 'account' },
    { key: 'address', label: 'field.address', kind: 'address' },
  ];

  it('turns inputs into a draft the shared schema accepts, with defaults for what was left empty', () => {
    const values = valuesOf(
      defs,
      {
        name: ' 王小明 ',
        emails: 'a@example.org\n\n b@example.org ',
        tags: 'vip, north ,重要，华北、',
        accountId: '',
        address: { street: '', city: 'Leeds', region: '', postalCode: '', country: '' },
      },
      true,
    );
    expect(values).toEqual({
      name: ' 王小明 ',
      emails: ['a@example.org', 'b@example.org'],
      tags: ['vip', 'north', '重要', '华北'],
      accountId: null,
      address: { street: '', city: 'Leeds', region: '', postalCode: '', country: '' },
    });
    const parsed = ContactDraft.safeParse(values);
    expect(parsed.success && parsed.data.name).toBe('王小明');
  });

  it('shows a record’s values in the inputs', () => {
    const inputs = inputsOf(defs, {
      name: 'Ada',
      emails: ['a@x.org', 'b@x.org'],
      tags: ['one', 'two'],
      accountId: null,
      address: { street: '1 Main St', city: '', region: '', postalCode: '', country: '' },
    });
    expect(inputs).toEqual({
      name: 'Ada',
      emails: 'a@x.org\nb@x.org',
      tags: 'one, two',
      accountId: '',
      address: { street: '1 Main St', city: '', region: '', postalCode: '', country: '' },
    });
    expect(toInput(money, 1_250_050, { currency: 'USD' })).toBe('12500.50');
  });
});

describe('required fields left empty', () => {
  it('say the field is required, whatever their kind (not "Enter a number" for a date-time, nor "Not a valid date")', () => {
    const occurredAt: FieldDef = { key: 'occurredAt', label: 'field.occurredAt', kind: 'datetime', required: true };
    const closeDate: FieldDef = { key: 'expectedCloseDate', label: 'field.expectedCloseDate', kind: 'date', required: true };
    const name: FieldDef = { key: 'name', label: 'field.name', kind: 'text', required: true };
    for (const def of [occurredAt, closeDate, name]) expect(inputProblem(def, '', {}), def.key).toEqual({ key: 'validation.required' });
    expect(inputProblem(name, '   ', {})).toEqual({ key: 'validation.required' });
    // An optional field may stay empty; a filled one is read as before.
    expect(inputProblem({ ...closeDate, required: false }, '', {})).toBeUndefined();
    expect(inputProblem(closeDate, '2030-01-31', {})).toBeUndefined();
    expect(inputProblems([occurredAt, closeDate], { occurredAt: '', expectedCloseDate: '' }, true)).toEqual({
      occurredAt: { key: 'validation.required' },
      expectedCloseDate: { key: 'validation.required' },
    });
  });
});
