// A form's field messages are kept as words, not as text in the language of
// the moment: one found while the UI spoke English reads in Chinese once the
// language is switched, and in English again after the switch back.
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ActivityDraft } from '../../src-shared/domain/activity';
import { ContactDraft } from '../../src-shared/domain/contact';
import { DealDraft } from '../../src-shared/domain/deal';
import { TaskDraft } from '../../src-shared/domain/task';
import { contract } from '../../src-shared/ipc/contract';
import type { Reason } from '../../src-shared/ipc/reasons';
import { BridgeError } from '../api/errors';
import { setLocale } from '../app/i18n';
import { issuesByField, refusedField, validate, type FieldErrors } from './form-errors';
import { wordsText } from './words';

function shown<Field extends string>(errors: FieldErrors<Field>): Partial<Record<Field, string>> {
  const texts: Partial<Record<Field, string>> = {};
  for (const [field, words] of Object.entries(errors) as [Field, FieldErrors<Field>[Field]][]) {
    if (words !== undefined) texts[field] = wordsText(words);
  }
  return texts;
}

describe('field messages across a language switch', () => {
  afterEach(() => setLocale('en'));

  it('words the messages found in English in Chinese after the switch, and in English again after the switch back', () => {
    const issues = ContactDraft.safeParse({ name: ' ', emails: ['nope'], title: 'T'.repeat(201) }).error?.issues ?? [];
    const errors = issuesByField(issues, ['name', 'emails', 'title']);
    const english = { name: 'This field is required', emails: 'Entry 1: Not a valid email address', title: 'Use at most 200 characters' };
    expect(shown(errors)).toEqual(english);
    setLocale('zh-CN');
    expect(shown(errors)).toEqual({ name: '此项为必填项', emails: '第 1 项：电子邮件地址无效', title: '最多 200 个字符' });
    setLocale('en');
    expect(shown(errors)).toEqual(english);
  });

  it('names the entry of a list field that broke its rule, as the user counts, in English and Chinese', () => {
    const emails = ['ann@north.example', 'ann@south.example', 'ann-at-home', 'a@b.example'];
    const phones = ['+44 20 7946 0000', '+44 20 7946 0000', 'x'.repeat(51)];
    const issues = ContactDraft.safeParse({ name: 'Ann', emails, phones }).error?.issues ?? [];
    const errors = issuesByField(issues, ['name', 'emails', 'phones']);
    expect(shown(errors)).toEqual({ emails: 'Entry 3: Not a valid email address', phones: 'Entry 3: Use at most 50 characters' });
    setLocale('zh-CN');
    expect(shown(errors)).toEqual({ emails: '第 3 项：电子邮件地址无效', phones: '第 3 项：最多 50 个字符' });
    // A rule of the whole list names no entry.
    const tooMany = ContactDraft.safeParse({ name: 'Ann', emails: Array.from({ length: 50 }, (_, index) => `ann${index}@north.example`) }).error?.issues ?? [];
    expect(shown(issuesByField(tooMany, ['emails']))).toEqual({ emails: '不能大于 10' });
  });

  it('keeps a whole form check as words too', () => {
    const checked = validate(contract['vault.unlock'].input, { password: '' });
    if (checked.ok) throw new Error('an empty password was accepted');
    expect(shown(checked.errors)).toEqual({ password: 'This field is required' });
    setLocale('zh-CN');
    expect(shown(checked.errors)).toEqual({ password: '此项为必填项' });
  });
});

describe('refusals from the main process that name a field', () => {
  afterEach(() => setLocale('en'));

  const refusal = (message: string, reason: Reason | undefined) => new BridgeError({ code: 'BAD_INPUT', message, ...(reason === undefined ? {} : { reason }) });
  const under = (error: unknown, fields: readonly string[]) => {
    const refused = refusedField(error, fields);
    return refused === null ? null : { field: refused.field, text: wordsText(refused.words) };
  };
  const dealFields = ['name', 'accountId', 'stageId', 'amount', 'currency', 'expectedCloseDate'];
  const gone = refusal('Invalid input (stageId: Unknown pipeline stage)', { code: 'unknown_stage' });
  const trashed = refusal('Invalid input (accountId: The linked account is in the trash. Restore the account first.)', { code: 'link_trashed', entity: 'accounts' });
  const late = refusal('Invalid input (patch.remindAt: The reminder must not be after the due time)', {
    code: 'invalid_request',
    path: 'patch.remindAt',
    rule: { code: 'reminder_after_due' },
  });
  const email = refusal('Invalid input (emails.1: Invalid email address)', { code: 'invalid_request', path: 'emails.1', rule: { code: 'email' } });
  const rescaled = refusal('Invalid input (currency: The amount is too large in this currency)', { code: 'amount_too_large_for_currency' });

  it('words each under its field from the reason, not as the English sentence for the whole request, in English and Chinese', () => {
    expect(under(gone, dealFields)).toEqual({ field: 'stageId', text: 'This stage no longer exists. Choose another one.' });
    expect(under(trashed, dealFields)).toEqual({ field: 'accountId', text: 'The linked account is in the trash. Restore it first.' });
    expect(under(late, ['remindAt'])).toEqual({ field: 'remindAt', text: 'The reminder must not be after the due time' });
    expect(under(email, ['name', 'emails'])).toEqual({ field: 'emails', text: 'Entry 2: Not a valid email address' });
    expect(under(rescaled, dealFields)).toEqual({ field: 'currency', text: 'The amount is too large in this currency' });
    expect(under(rescaled, ['amount'])).toEqual({ field: 'amount', text: 'The amount is too large in this currency' });
    setLocale('zh-CN');
    expect(under(gone, dealFields)).toEqual({ field: 'stageId', text: '此阶段已不存在，请选择其他阶段。' });
    expect(under(trashed, dealFields)).toEqual({ field: 'accountId', text: '所关联的客户在回收站中。请先将其恢复。' });
    expect(under(late, ['remindAt'])).toEqual({ field: 'remindAt', text: '提醒时间不能晚于到期时间' });
    expect(under(email, ['name', 'emails'])).toEqual({ field: 'emails', text: '第 2 项：电子邮件地址无效' });
  });

  it("keeps an address part's message under the part when the form names it, and under the address when it does not", () => {
    const issues = ContactDraft.safeParse({ name: 'Otto', address: { city: 'Hamburg', postalCode: '2'.repeat(25) } }).error?.issues ?? [];
    expect(shown(issuesByField(issues, ['name', 'address', 'address.street', 'address.postalCode']))).toEqual({ 'address.postalCode': 'Use at most 20 characters' });
    expect(shown(issuesByField(issues, ['name', 'address']))).toEqual({ address: 'Use at most 20 characters' });
    const postal = refusal('Invalid input (patch.address.postalCode: Too long)', { code: 'invalid_request', path: 'patch.address.postalCode', rule: { code: 'too_long', max: 20 } });
    expect(under(postal, ['address', 'address.postalCode'])).toEqual({ field: 'address.postalCode', text: 'Use at most 20 characters' });
    expect(under(postal, ['address'])).toEqual({ field: 'address', text: 'Use at most 20 characters' });
  });

  it('leaves to the whole form a refusal of a field the form does not show, or of no field', () => {
    expect(refusedField(trashed, ['name', 'stageId'])).toBeNull();
    expect(refusedField(refusal('Use at most 500 columns', undefined), dealFields)).toBeNull();
    expect(refusedField(new BridgeError({ code: 'LOCKED', message: 'The vault is locked' }), dealFields)).toBeNull();
    expect(refusedField(new Error('not from the bridge'), dealFields)).toBeNull();
  });
});

describe('the rules a record form meets, each in words of its own', () => {
  afterEach(() => setLocale('en'));

  /** The message under each field of `schema` for `values`, in the language of the moment. */
  const messages = (schema: z.ZodType, values: Record<string, unknown>) => shown(issuesByField(schema.safeParse(values).error?.issues ?? [], Object.keys(values)));

  it('says what is wrong with a negative amount, an impossible date, a time out of range, a 10 MB note and a too-long field, in English and Chinese', () => {
    const deal = { name: 'Renewal', stageId: 'lead', currency: 'EUR', amount: -500, expectedCloseDate: '2026-02-30' };
    const task = { title: 'T'.repeat(201), dueAt: new Date(1969, 11, 31, 9).getTime(), remindAt: new Date(3001, 0, 1).getTime() };
    const activity = { kind: 'note', occurredAt: Date.now(), body: 'x'.repeat(10_000_000) };
    expect(messages(DealDraft, deal)).toEqual({ amount: 'Must be at least 0', expectedCloseDate: 'Not a valid date' });
    expect(messages(TaskDraft, task)).toEqual({ title: 'Use at most 200 characters', dueAt: 'Use a date from 1970 to 3000', remindAt: 'Use a date from 1970 to 3000' });
    expect(messages(ActivityDraft, activity)).toEqual({ body: 'Use at most 1,000,000 characters' });
    setLocale('zh-CN');
    expect(messages(DealDraft, deal)).toEqual({ amount: '不能小于 0', expectedCloseDate: '日期无效' });
    expect(messages(TaskDraft, task)).toEqual({ title: '最多 200 个字符', dueAt: '请填写 1970 年至 3000 年之间的日期', remindAt: '请填写 1970 年至 3000 年之间的日期' });
    expect(messages(ActivityDraft, activity)).toEqual({ body: '最多 1,000,000 个字符' });
  });
});
