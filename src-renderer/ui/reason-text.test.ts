// The main process's reasons are worded in Simplified Chinese, every one of
// them; in English the main process's own message stays, and a reason this
// renderer cannot word keeps it too. Forms word a broken rule as imports do.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ContactDraft } from '../../src-shared/domain/contact';
import { Reason } from '../../src-shared/ipc/reasons';
import { BridgeError } from '../api/errors';
import { setLocale } from '../app/i18n';
import { errorText } from './error-text';
import { issueText } from './form-errors';
import { localText, reasonText } from './reason-text';

/** One example of every reason the main process may send. */
const examples: readonly Reason[] = [
  { code: 'required' },
  { code: 'email' },
  { code: 'url' },
  { code: 'date' },
  { code: 'number' },
  { code: 'choice' },
  { code: 'invalid' },
  { code: 'too_short', min: 2 },
  { code: 'too_small', min: 0 },
  { code: 'too_long', max: 200 },
  { code: 'too_big', max: 50 },
  { code: 'not_utf8' },
  { code: 'vcard_version' },
  { code: 'vcard_unfinished' },
  { code: 'vcard_no_end' },
  { code: 'vcard_not_property', line: 4 },
  { code: 'duplicate_in_vault', key: 'phone' },
  { code: 'duplicate_in_file', key: 'email', row: 2 },
  { code: 'column_count', values: 3, columns: 2, delimiter: 'semicolon' },
  { code: 'field_not_for_entity', field: 'title', entity: 'accounts' },
  { code: 'field_mapped_twice', field: 'name' },
  { code: 'name_unmapped', entity: 'contacts' },
  { code: 'file_problem', problem: 'record_too_large', line: 9 },
  { code: 'workbook_xlsx' },
  { code: 'workbook_xls' },
  { code: 'not_utf8_file' },
  { code: 'vcard_into_accounts' },
  { code: 'file_too_large', maxMb: 200 },
  { code: 'sync_network', failure: 'untrusted_certificate' },
  { code: 'sync_server', problem: 'clock_skew' },
  { code: 'sync_not_enrolled' },
  { code: 'device_revoked' },
  { code: 'upgrade_required' },
  { code: 'sync_internal' },
];

/** Every code the contract allows. */
function allCodes(): string[] {
  return Reason.options.flatMap((option) => {
    const code = option.shape.code;
    return code instanceof z.ZodEnum ? code.options : [...code.values];
  });
}

const chinese = /[\u4e00-\u9fff]/;

describe('wording reasons', () => {
  afterEach(() => setLocale('en'));

  it('has an example of every code', () => {
    expect([...new Set(examples.map((reason) => reason.code))].sort()).toEqual(allCodes().sort());
  });

  it('words every reason in Simplified Chinese, with its parameters', () => {
    setLocale('zh-CN');
    const worded = examples.map((reason) => [reason.code, reasonText(reason)] as const);
    expect(worded.filter(([, text]) => text === null || !chinese.test(text) || /\{\{/.test(text)).map(([code]) => code)).toEqual([]);
    expect(reasonText({ code: 'duplicate_in_file', key: 'email', row: 2 })).toBe('第 2 行的电子邮件地址与此相同');
    expect(reasonText({ code: 'column_count', values: 3, columns: 2, delimiter: 'semicolon' })).toBe('此行有 3 个值，但表头有 2 列（请检查未加引号的值中是否含有分号）');
    expect(reasonText({ code: 'field_not_for_entity', field: 'title', entity: 'accounts' })).toBe('字段“职位”不能导入到客户');
    expect(reasonText({ code: 'file_problem', problem: 'record_too_large', line: 9 })).toBe('有一行超过 16,000,000 个字符（第 9 行）');
    expect(reasonText({ code: 'sync_network', failure: 'unreachable' })).toBe('无法连接同步服务器。');
    expect(reasonText({ code: 'too_long', max: 200 })).toBe('最多 200 个字符');
  });

  it('shows the English message in English, without reasons, and for a reason it cannot word', () => {
    expect(localText('Row 2 has the same email', [{ code: 'duplicate_in_file', key: 'email', row: 2 }])).toBe('Row 2 has the same email');
    setLocale('zh-CN');
    expect(localText('Row 2 has the same email', [{ code: 'duplicate_in_file', key: 'email', row: 2 }])).toBe('第 2 行的电子邮件地址与此相同');
    expect(localText('Name is required', [])).toBe('Name is required');
    expect(localText('Two problems', [{ code: 'vcard_version' }, { code: 'vcard_not_property', line: 4 }])).toBe(
      '只能导入 2.1、3.0 和 4.0 版本的 vCard；第 4 行不是 vCard 属性（名称:值）',
    );
    // A code from a newer main process: its English, not half a sentence.
    const unknown = JSON.parse('{"code":"from_the_future"}') as Reason;
    expect(reasonText(unknown)).toBeNull();
    expect(localText('Something new went wrong', [{ code: 'vcard_version' }, unknown])).toBe('Something new went wrong');
  });

  it('words a failed call from its reason, a BAD_INPUT one too', () => {
    const workbook = new BridgeError({ code: 'BAD_INPUT', message: 'This file is a workbook (.xlsx or .zip), not a CSV.', reason: { code: 'workbook_xlsx' } });
    const plain = new BridgeError({ code: 'BAD_INPUT', message: 'Use at most 500 columns' });
    const offline = new BridgeError({ code: 'SYNC_UNAVAILABLE', message: 'The sync server did not answer in time.', reason: { code: 'sync_network', failure: 'timeout' } });
    expect(errorText(workbook)).toBe('This file is a workbook (.xlsx or .zip), not a CSV.');
    setLocale('zh-CN');
    expect(errorText(workbook)).toMatch(/^此文件是工作簿/);
    expect(errorText(plain)).toBe('Use at most 500 columns');
    expect(errorText(offline)).toBe('同步服务器没有及时应答。');
  });
});

describe('forms word a broken rule as the import does', () => {
  afterEach(() => setLocale('en'));

  it('gives the same texts as before the rules were shared', () => {
    const issues = ContactDraft.safeParse({ name: '', emails: ['nope'], title: 'T'.repeat(201), preferredChannel: 'pigeon' }).error?.issues ?? [];
    const texts = () => Object.fromEntries(issues.map((issue) => [String(issue.path[0]), issueText(issue)]));
    expect(texts()).toEqual({ name: 'This field is required', emails: 'Not a valid email address', title: 'Use at most 200 characters', preferredChannel: 'Choose one of the options' });
    setLocale('zh-CN');
    expect(texts()).toEqual({ name: '此项为必填项', emails: '电子邮件地址无效', title: '最多 200 个字符', preferredChannel: '请选择一个选项' });
  });
});
