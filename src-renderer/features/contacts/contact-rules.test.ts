// The rules a contact's forms hold it to before anything is sent: a preferred
// channel with somewhere to reach the contact, and no address or number
// entered twice. Only an edit of a field a rule reads is held to it.
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../app/i18n';
import type { FieldErrors } from '../../ui/form-errors';
import { wordsText } from '../../ui/words';
import { contactProblems, phoneEntryKey, refuseContactPatch, type ContactReach, type ContactRuleField } from './contact-rules';

const all = new Set(['emails', 'phones', 'preferredChannel']);
const texts = (problems: FieldErrors<ContactRuleField>) => Object.fromEntries(Object.entries(problems).map(([field, words]) => [field, words === undefined ? '' : wordsText(words)]));
const ada: ContactReach = { emails: ['ada@x.org'], phones: ['+44 20 7946 0000'], preferredChannel: 'email' };

describe("a contact's preferred channel and its entries", () => {
  afterEach(() => setLocale('en'));

  it('refuses a new contact whose channel has no address or number, under the empty list, in English and Chinese', () => {
    expect(texts(contactProblems({ emails: [], phones: ['+1 555 0100'], preferredChannel: 'email' }, all))).toEqual({
      emails: 'The preferred channel Email needs an email address: add one, or choose another channel',
    });
    expect(texts(contactProblems({ emails: ['a@b.example'], phones: [], preferredChannel: 'sms' }, all))).toEqual({
      phones: 'The preferred channel SMS needs a phone number: add one, or choose another channel',
    });
    setLocale('zh-CN');
    expect(texts(contactProblems({ emails: ['a@b.example'], phones: [], preferredChannel: 'phone' }, all))).toEqual({
      phones: '首选联系方式“电话”需要电话号码：请添加一个，或选择其他联系方式',
    });
    setLocale('en');
    for (const preferredChannel of ['any', 'meeting', 'none'] as const) expect(contactProblems({ emails: [], phones: [], preferredChannel }, all)).toEqual({});
  });

  it('refuses an address in other case, and a number with other separators, naming both entries', () => {
    const problems = contactProblems({ emails: ['ada@x.org', 'b@x.org', 'Ada@X.org'], phones: ['+44 20 7946-0000', '+44 (20) 7946 0000'], preferredChannel: 'any' }, all);
    expect(texts(problems)).toEqual({ emails: 'Entry 3 repeats entry 1', phones: 'Entry 2 repeats entry 1' });
    expect(phoneEntryKey('+44 (20) 7946.0000')).toBe(phoneEntryKey('+442079460000'));
    expect(phoneEntryKey('+44 20 7946 0001')).not.toBe(phoneEntryKey('+44 20 7946 0000'));
  });

  it('refuses an edit that empties the channel\'s list under that list, and a channel chosen without one under the channel', () => {
    expect(wordsText(refuseContactPatch(ada, { emails: [] }) ?? { key: 'validation.invalid' })).toBe(
      'The preferred channel Email needs an email address: add one, or choose another channel',
    );
    expect(wordsText(refuseContactPatch({ ...ada, phones: [] }, { preferredChannel: 'phone' }) ?? { key: 'validation.invalid' })).toBe(
      'The preferred channel Phone needs a phone number: add one, or choose another channel',
    );
    expect(wordsText(refuseContactPatch(ada, { emails: ['ada@x.org', 'ADA@x.org'] }) ?? { key: 'validation.invalid' })).toBe('Entry 2 repeats entry 1');
    expect(refuseContactPatch(ada, { phones: [] })).toBeUndefined();
    expect(refuseContactPatch(ada, { preferredChannel: 'any' })).toBeUndefined();
  });

  it('takes edits of other fields of a contact that already breaks a rule (synced or imported so)', () => {
    const broken: ContactReach = { emails: ['a@x.org', 'A@x.org'], phones: [], preferredChannel: 'email' };
    const unreachable: ContactReach = { emails: [], phones: [], preferredChannel: 'email' };
    expect(refuseContactPatch(broken, { phones: ['+1 555 0100'] })).toBeUndefined();
    expect(refuseContactPatch(unreachable, { phones: ['+1 555 0100'] })).toBeUndefined();
    expect(refuseContactPatch(unreachable, { title: 'CTO' })).toBeUndefined();
  });
});
