// Inputs ↔ domain values for forms and inline edits, checked against the
// shared schemas the main process uses.
import { describe, expect, it } from 'vitest';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { DealPatch } from '../../../src-shared/domain/deal';
import { decimalToMinor, fromInput, fromLocalDateTime, inputsOf, minorToDecimal, toInput, toLocalDateTime, valuesOf, type FieldDef } from './fields';

const money: FieldDef = { key: 'amount', label: 'field.amount', kind: 'money', currencyKey: 'currency' };

describe('money', () => {
  it('converts decimals to minor units in the currency’s digits', () => {
    expect(decimalToMinor('12500.5', 'USD')).toBe(1_250_050);
    expect(decimalToMinor('1,234.56', 'EUR')).toBe(123_456);
    expect(decimalToMinor('1500', 'JPY')).toBe(1500);
    expect(decimalToMinor('0.1', 'USD')).toBe(10);
    for (const bad of ['', 'abc', '1.2.3', '.', '-']) expect(decimalToMinor(bad, 'USD')).toBeNaN();
    expect(minorToDecimal(1_250_050, 'USD')).toBe('12500.50');
    expect(minorToDecimal(1500, 'JPY')).toBe('1500');
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
