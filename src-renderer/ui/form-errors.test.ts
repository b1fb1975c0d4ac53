// A form's field messages are kept as words, not as text in the language of
// the moment: one found while the UI spoke English reads in Chinese once the
// language is switched, and in English again after the switch back.
import { afterEach, describe, expect, it } from 'vitest';
import { ContactDraft } from '../../src-shared/domain/contact';
import { contract } from '../../src-shared/ipc/contract';
import { setLocale } from '../app/i18n';
import { issuesByField, validate, type FieldErrors } from './form-errors';
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
    const english = { name: 'This field is required', emails: 'Not a valid email address', title: 'Use at most 200 characters' };
    expect(shown(errors)).toEqual(english);
    setLocale('zh-CN');
    expect(shown(errors)).toEqual({ name: '此项为必填项', emails: '电子邮件地址无效', title: '最多 200 个字符' });
    setLocale('en');
    expect(shown(errors)).toEqual(english);
  });

  it('keeps a whole form check as words too', () => {
    const checked = validate(contract['vault.unlock'].input, { password: '' });
    if (checked.ok) throw new Error('an empty password was accepted');
    expect(shown(checked.errors)).toEqual({ password: 'This field is required' });
    setLocale('zh-CN');
    expect(shown(checked.errors)).toEqual({ password: '此项为必填项' });
  });
});
