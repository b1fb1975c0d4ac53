// The main process's reasons are worded in Simplified Chinese, every one of
// them; in English the main process's own message stays, and a reason this
// renderer cannot word keeps it too. Forms word a broken rule as imports do.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ActivityDraft } from '../../src-shared/domain/activity';
import { ContactDraft } from '../../src-shared/domain/contact';
import { ForecastQuery, PipelineUpdate } from '../../src-shared/domain/pipeline';
import { EnrolProblem, Reason } from '../../src-shared/ipc/reasons';
import { BridgeError } from '../api/errors';
import { setLocale } from '../app/i18n';
import { errorText } from './error-text';
import { issueWords } from './form-errors';
import { localText, reasonText } from './reason-text';
import { wordsText } from './words';

const issueText = (issue: z.core.$ZodIssue): string => wordsText(issueWords(issue));

/** One example of every reason the main process may send. */
const examples: readonly Reason[] = [
  { code: 'required' },
  { code: 'email' },
  { code: 'url' },
  { code: 'date' },
  { code: 'time_range' },
  { code: 'number' },
  { code: 'whole_number' },
  { code: 'choice' },
  { code: 'phone' },
  { code: 'tag' },
  { code: 'currency_code' },
  { code: 'range_order' },
  { code: 'too_many_months', max: 36 },
  { code: 'reminder_after_due' },
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
  { code: 'more_reasons', count: 6 },
  { code: 'duplicate_in_vault', key: 'phone', entity: 'contacts' },
  { code: 'duplicate_in_file', key: 'email', row: 2 },
  { code: 'duplicate_many_in_vault', entity: 'contacts' },
  { code: 'same_record_in_file', entity: 'accounts', row: 3 },
  { code: 'duplicate_gone', entity: 'contacts' },
  { code: 'duplicate_unchanged', entity: 'accounts' },
  { code: 'duplicate_other_emails' },
  { code: 'duplicate_other_name' },
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
  { code: 'upload_complete' },
  { code: 'upload_incomplete' },
  { code: 'upload_gone' },
  { code: 'mapping_wider_than_file' },
  { code: 'resume_other_kind' },
  { code: 'resume_dry_run' },
  { code: 'resume_finished' },
  { code: 'resume_undone' },
  { code: 'resume_other_file' },
  { code: 'no_check' },
  { code: 'import_running' },
  { code: 'import_still_running' },
  { code: 'undo_not_ended' },
  { code: 'undo_running' },
  { code: 'export_running' },
  { code: 'undo_unavailable' },
  { code: 'invalid_request', path: 'mapping', rule: { code: 'too_big', max: 500 } },
  { code: 'link_missing', entity: 'accounts' },
  { code: 'link_trashed', entity: 'deals' },
  { code: 'selection_gone', entity: 'tasks' },
  { code: 'not_owner', entity: 'deals' },
  { code: 'not_owner', entity: 'contacts', count: 3 },
  { code: 'not_owner', entity: 'accounts', importRow: true },
  { code: 'tags_full', entity: 'contacts', max: 50 },
  { code: 'amount_too_large_for_currency' },
  { code: 'unknown_stage' },
  { code: 'stage_has_deals' },
  { code: 'stage_kind_has_deals' },
  { code: 'stage_has_trashed_deals', count: 2 },
  { code: 'probability_fixed_by_stage', kind: 'won' },
  { code: 'probability_fixed_by_stage', kind: 'lost' },
  { code: 'stage_move_overtaken' },
  { code: 'conflict_value_gone' },
  { code: 'conflict_both_invalid' },
  { code: 'conflict_record_trashed' },
  { code: 'conflict_changed' },
  { code: 'view_name_taken' },
  { code: 'vault_too_new' },
  { code: 'disk_full' },
  { code: 'data_folder_unwritable', folder: '/home/rep/.config/FieldVault' },
  { code: 'keychain_missing' },
  { code: 'keychain_entry_damaged' },
  { code: 'export_too_many_rows', max: 100_000 },
  { code: 'export_too_large', maxMegabytes: 256 },
  { code: 'export_records_left' },
  { code: 'export_records_changed' },
  { code: 'sync_network', failure: 'untrusted_certificate' },
  { code: 'sync_network', failure: 'no_secure_connection' },
  { code: 'sync_network', failure: 'certificate_expired' },
  { code: 'sync_network', failure: 'certificate_not_yet_valid' },
  { code: 'host_not_in_certificate', names: ['localhost', '10.0.0.5'] },
  { code: 'organisation_ca_expired', expiredOn: '2026-03-01' },
  { code: 'sync_server', problem: 'clock_skew' },
  { code: 'sync_server', problem: 'server_outdated' },
  { code: 'sync_not_enrolled' },
  { code: 'device_revoked' },
  { code: 'upgrade_required' },
  { code: 'sync_internal' },
  { code: 'sync_stopped', error: 'VAULT_CORRUPT' },
  ...EnrolProblem.options.map((problem) => ({ code: 'enrol_failed', problem }) as const),
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

  it("words a busy sync database as a wait, not as the server's failure, in both languages", () => {
    const busy: Reason = { code: 'sync_server', problem: 'unavailable' };
    expect(reasonText(busy)).toBe("The sync server's database is busy. FieldVault will try again shortly.");
    setLocale('zh-CN');
    expect(reasonText(busy)).toBe('同步服务器的数据库正忙。FieldVault 稍后会再试。');
  });

  it('words a server restored from an earlier backup as a fresh sync, in both languages', () => {
    const restored: Reason = { code: 'sync_server', problem: 'cursor_ahead' };
    expect(reasonText(restored)).toBe('The sync server was restored from an earlier backup. FieldVault is receiving everything from it again.');
    setLocale('zh-CN');
    expect(reasonText(restored)).toBe('同步服务器已从较早的备份恢复。FieldVault 正在重新从服务器接收全部数据。');
  });

  it("words an address the server's certificate does not name, listing the names it carries, in both languages", () => {
    const wrongAddress: Reason = { code: 'host_not_in_certificate', names: ['fieldvault.acme.lan', '10.0.0.7'] };
    expect(reasonText(wrongAddress)).toBe(
      "The sync server's address is not one its certificate names. The certificate names: fieldvault.acme.lan, 10.0.0.7. Nothing was sent. Ask your administrator which address to use.",
    );
    setLocale('zh-CN');
    expect(reasonText(wrongAddress)).toBe('同步服务器的地址不是其证书中列出的名称。证书列出的名称为：fieldvault.acme.lan, 10.0.0.7。没有发送任何内容。请向管理员确认应使用的地址。');
  });

  it('words an expired organisation certificate with its date and what to do, not as a server certificate to renew, in both languages', () => {
    const caExpired: Reason = { code: 'organisation_ca_expired', expiredOn: '2026-03-01' };
    expect(reasonText(caExpired)).toBe(
      "Your organisation's certificate, which this device trusts for the sync server, expired on Mar 1, 2026. Nothing was sent; your changes stay on this device. If this computer's date and time are right, ask your administrator: the organisation needs a new certificate, and this device must then be connected to the sync server again.",
    );
    setLocale('zh-CN');
    expect(reasonText(caExpired)).toBe(
      '本设备用于信任同步服务器的组织证书已于 2026年3月1日 过期。没有发送任何内容，你的更改仍保存在本设备上。如果这台电脑的日期和时间正确，请联系管理员：组织需要新的证书，之后本设备需要重新连接同步服务器。',
    );
  });

  it("words a teammate's record refused, one or some of a selection, in both languages", () => {
    expect(reasonText({ code: 'not_owner', entity: 'deals' })).toBe('This deal belongs to a teammate, so it was not changed. Only its owner can change it.');
    expect(reasonText({ code: 'not_owner', entity: 'contacts', count: 1 })).toBe(
      "1 of the selected records belongs to a teammate, so nothing was changed. Only a record's owner can change it.",
    );
    setLocale('zh-CN');
    expect(reasonText({ code: 'not_owner', entity: 'deals' })).toBe('此商机属于同事，因此未做更改。只有负责人才能更改。');
    expect(reasonText({ code: 'not_owner', entity: 'contacts', count: 3 })).toBe('所选记录中有 3 条属于同事，因此没有做任何更改。只有记录的负责人才能更改它。');
  });

  it("words an import row rejected for matching a teammate's record, in both languages", () => {
    expect(reasonText({ code: 'not_owner', entity: 'contacts', importRow: true })).toBe(
      'The matching contact belongs to a teammate, so this row was not merged. Only its owner can change it',
    );
    setLocale('zh-CN');
    expect(reasonText({ code: 'not_owner', entity: 'accounts', importRow: true })).toBe('匹配的客户属于同事，因此此行未合并。只有负责人才能更改它');
  });

  it('words every reason in Simplified Chinese, with its parameters', () => {
    setLocale('zh-CN');
    const worded = examples.map((reason) => [reason.code, reasonText(reason)] as const);
    expect(worded.filter(([, text]) => text === null || !chinese.test(text) || /\{\{/.test(text)).map(([code]) => code)).toEqual([]);
    expect(reasonText({ code: 'duplicate_in_file', key: 'email', row: 2 })).toBe('第 2 行的电子邮件地址与此相同');
    expect(reasonText({ code: 'column_count', values: 3, columns: 2, delimiter: 'semicolon' })).toBe('此行有 3 个值，但表头有 2 列（请检查未加引号的值中是否含有分号）');
    expect(reasonText({ code: 'field_not_for_entity', field: 'title', entity: 'accounts' })).toBe('字段“职位”不能导入到客户');
    expect(reasonText({ code: 'file_problem', problem: 'record_too_large', line: 9 })).toBe('有一行超过 16,000,000 个字符（第 9 行）');
    // A quoted value spanning lines above it puts the problem in another row than its line.
    expect(reasonText({ code: 'file_problem', problem: 'unterminated_quote', line: 5, row: 4 })).toBe('有一个带引号的值没有闭合：请补上缺少的 " 或删除多余的引号（文件第 5 行；表格中第 4 行）');
    expect(reasonText({ code: 'sync_network', failure: 'unreachable' })).toBe('无法连接同步服务器。');
    expect(reasonText({ code: 'too_long', max: 200 })).toBe('最多 200 个字符');
    expect(reasonText({ code: 'more_reasons', count: 1206 })).toBe('另有 1,206 个问题未列出');
    expect(reasonText({ code: 'duplicate_other_name' })).toBe('已有联系人的电话与此行相同，但姓名不同：可能是两个人，因此未合并');
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

  it('says how many attempts a wrong password leaves in Chinese too, as the English message does', () => {
    const wrong = new BridgeError({ code: 'WRONG_PASSWORD', message: 'Wrong password. 3 attempts left before this vault is wiped.', attemptsLeft: 3 });
    const last = new BridgeError({ code: 'WRONG_PASSWORD', message: 'Wrong password. 1 attempt left before this vault is wiped.', attemptsLeft: 1 });
    const uncounted = new BridgeError({ code: 'WRONG_PASSWORD', message: 'Wrong password.' });
    expect(errorText(wrong)).toBe('Wrong password. 3 attempts left before this vault is wiped.');
    setLocale('zh-CN');
    expect(errorText(wrong)).toBe('密码错误。再输错 3 次，此保险库就会被清除。');
    expect(errorText(last)).toBe('密码错误。再输错 1 次，此保险库就会被清除。');
    expect(errorText(uncounted)).toBe('密码错误。');
  });
});

describe('wording the refusals a user meets in normal use', () => {
  afterEach(() => setLocale('en'));

  it('words the import and upload refusals, a refused request and a record link in Chinese, keeping the English in English', () => {
    const resume = new BridgeError({
      code: 'BAD_INPUT',
      message: 'This is not the file of the interrupted import: choose the same file again',
      reason: { code: 'resume_other_file' },
    });
    const wider = new BridgeError({ code: 'BAD_INPUT', message: 'The mapping has more columns than the file', reason: { code: 'mapping_wider_than_file' } });
    const complete = new BridgeError({ code: 'BAD_INPUT', message: 'This upload is already complete; start a new one', reason: { code: 'upload_complete' } });
    const gone = new BridgeError({ code: 'NOT_FOUND', message: 'The uploaded file (upload it again) was not found.', reason: { code: 'upload_gone' } });
    const schema = new BridgeError({
      code: 'BAD_INPUT',
      message: 'Invalid input (mapping: A file may have at most 500 columns)',
      reason: { code: 'invalid_request', path: 'mapping', rule: { code: 'too_big', max: 500 } },
    });
    const trashed = new BridgeError({
      code: 'BAD_INPUT',
      message: 'Invalid input (accountId: The linked account is in the trash. Restore the account first.)',
      reason: { code: 'link_trashed', entity: 'accounts' },
    });
    const rows = new BridgeError({
      code: 'BAD_INPUT',
      message: 'The list has more than 100,000 rows: narrow it with filters and export the parts',
      reason: { code: 'export_too_many_rows', max: 100_000 },
    });
    expect(errorText(resume)).toBe('This is not the file of the interrupted import: choose the same file again');
    setLocale('zh-CN');
    expect(errorText(resume)).toBe('这不是中断的导入所用的文件：请重新选择同一个文件');
    expect(errorText(wider)).toBe('列对应中的列数多于文件中的列数');
    expect(errorText(complete)).toBe('此文件已上传完毕，请重新开始上传');
    expect(errorText(gone)).toBe('找不到已上传的文件（请重新上传）。');
    expect(errorText(schema)).toBe('输入无效（mapping：不能大于 500）');
    expect(errorText(trashed)).toBe('所关联的客户在回收站中。请先将其恢复。');
    expect(errorText(rows)).toBe('列表超过 100,000 行：请用筛选条件缩小范围，分批导出');
  });

  it('words a phone number rule and a duplicate of an existing contact as precisely as the English', () => {
    setLocale('zh-CN');
    expect(reasonText({ code: 'phone' })).toBe('电话号码无效');
    expect(reasonText({ code: 'duplicate_in_vault', key: 'phone', entity: 'contacts' })).toBe('已有联系人的电话号码与此相同');
    expect(reasonText({ code: 'duplicate_in_vault', key: 'email', entity: 'accounts' })).toBe('已有客户的电子邮件地址与此相同');
    // Reports stored before the entity was kept.
    expect(reasonText({ code: 'duplicate_in_vault', key: 'name' })).toBe('已有记录的姓名与此相同');
    expect(reasonText({ code: 'same_record_in_file', entity: 'contacts', row: 4 })).toBe('第 4 行更新的是同一个现有联系人');
    const issues = ContactDraft.safeParse({ name: 'Ada', phones: ['+44\u0007 20'], tags: ['a,b'] }).error?.issues ?? [];
    expect(Object.fromEntries(issues.map((issue) => [String(issue.path[0]), issueText(issue)]))).toEqual({ phones: '电话号码无效', tags: '标签不能包含逗号或控制字符' });
  });

  it('words a range that ends before it starts by its own rule, not as a generic invalid value, in both languages', () => {
    const [issue] = ForecastQuery.safeParse({ fromMonth: '2026-05', toMonth: '2026-04' }).error?.issues ?? [];
    if (issue === undefined) throw new Error('the range was not refused');
    expect(issueText(issue)).toBe('The range ends before it starts');
    setLocale('zh-CN');
    expect(issueText(issue)).toBe('结束时间早于开始时间');
    // A refinement without a rule of its own keeps the generic sentence.
    const [other] = PipelineUpdate.safeParse({
      stages: [
        { id: 'won', name: 'Won', probability: 100, kind: 'won' },
        { id: 'lost', name: 'Lost', probability: 0, kind: 'lost' },
      ],
    }).error?.issues ?? [];
    expect(other === undefined ? null : issueText(other)).toBe('此值无效');
  });

  it('words a fraction where a whole number is asked for as that, not as "Enter a number", in both languages', () => {
    const [issue] = ActivityDraft.safeParse({ kind: 'call', subject: 'Call', occurredAt: 1_700_000_000_000, durationMinutes: 1.5 }).error?.issues ?? [];
    if (issue === undefined) throw new Error('the duration was not refused');
    expect(issue.path).toEqual(['durationMinutes']);
    expect(issueText(issue)).toBe('Use a whole number');
    setLocale('zh-CN');
    expect(issueText(issue)).toBe('请输入整数');
  });

  it('words a range longer than the forecast takes by its maximum, not as a generic invalid value, in both languages', () => {
    const [issue] = ForecastQuery.safeParse({ fromMonth: '2026-12', toMonth: '2030-12' }).error?.issues ?? [];
    if (issue === undefined) throw new Error('the range was not refused');
    expect(issue.path).toEqual(['toMonth']);
    expect(issueText(issue)).toBe('Choose at most 36 months');
    setLocale('zh-CN');
    expect(issueText(issue)).toBe('最多选择 36 个月');
    // The longest range it takes is refused by neither rule.
    expect(ForecastQuery.safeParse({ fromMonth: '2026-12', toMonth: '2029-11' }).success).toBe(true);
  });

  it('words a sync stopped by another error of ours by that error, and keeps the English for a code it has no sentence for', () => {
    setLocale('zh-CN');
    expect(localText('The vault on this device is damaged: its header is not valid JSON.', [{ code: 'sync_stopped', error: 'VAULT_CORRUPT' }])).toBe(
      '同步失败：此设备上的保险库已损坏。',
    );
    expect(localText('Too many failed attempts. Try again in 3 s.', [{ code: 'sync_stopped', error: 'THROTTLED' }])).toBe('Too many failed attempts. Try again in 3 s.');
  });
});

describe('wording enrolment, conflict, pipeline and import refusals', () => {
  afterEach(() => setLocale('en'));

  it('words each in Chinese as precisely as the English, not as the generic sentence of its code', () => {
    const refusals = [
      new BridgeError({ code: 'BUSY', message: 'Another import or check is running. Wait for it to finish or stop it.', reason: { code: 'import_running' } }),
      new BridgeError({ code: 'BAD_INPUT', message: 'That value is no longer available; keep the current one.', reason: { code: 'conflict_value_gone' } }),
      new BridgeError({
        code: 'BAD_INPUT',
        message: 'Invalid input (stages: A stage that still holds deals cannot be removed; move its deals first)',
        reason: { code: 'stage_has_deals' },
      }),
      new BridgeError({
        code: 'BAD_INPUT',
        message: 'Invalid input (stages: A stage that still holds deals cannot change between open, won and lost; move its deals first)',
        reason: { code: 'stage_kind_has_deals' },
      }),
      new BridgeError({
        code: 'BAD_INPUT',
        message: '2 deals in the trash are still in this stage, so it cannot be removed. To remove the stage, restore the deals from the trash and move them to another stage first.',
        reason: { code: 'stage_has_trashed_deals', count: 2 },
      }),
      new BridgeError({
        code: 'SYNC_FAILED',
        message: 'This enrolment code is not valid: it is unknown, already used or expired. Ask an administrator for a new one.',
        reason: { code: 'enrol_failed', problem: 'code_invalid' },
      }),
      new BridgeError({
        code: 'SYNC_UNAVAILABLE',
        message: "The sync server cannot be reached. Check its address and this device's network connection.",
        reason: { code: 'enrol_failed', problem: 'server_unreachable' },
      }),
      new BridgeError({
        code: 'SYNC_UNAVAILABLE',
        message: "The sync server's certificate does not come from the organisation certificate entered. Nothing was sent.",
        reason: { code: 'enrol_failed', problem: 'certificate_mismatch' },
      }),
      new BridgeError({ code: 'BAD_INPUT', message: 'This device is already connected to a sync server.', reason: { code: 'enrol_failed', problem: 'already_enrolled' } }),
    ];
    // In English, the main process's own words.
    expect(refusals.map((error) => errorText(error))).toEqual(refusals.map((error) => error.message));
    setLocale('zh-CN');
    expect(refusals.map((error) => errorText(error))).toEqual([
      '另一个导入或检查正在进行。请等它完成，或将其停止。',
      '该值已不存在，请保留当前值。',
      '仍有商机的阶段不能删除，请先移走其中的商机',
      '仍有商机的阶段不能在进行中、赢单和丢单之间更改类型，请先移走其中的商机',
      '回收站中仍有 2 个商机处于此阶段，因此不能删除该阶段。如要删除该阶段，请先从回收站恢复这些商机，并将其移到其他阶段。',
      '此登记码无效：它不存在、已被使用或已过期。请向管理员索取新的登记码。',
      '无法连接同步服务器。请检查服务器地址和此设备的网络连接。',
      '同步服务器的证书不是由所输入的组织证书颁发的。没有发送任何内容。',
      '此设备已连接到同步服务器。',
    ]);
    // None of them falls back to the sentence for its code.
    const generic = (['BUSY', 'BAD_INPUT', 'SYNC_FAILED', 'SYNC_UNAVAILABLE'] as const).map((code) => errorText(new BridgeError({ code, message: 'x' })));
    expect(refusals.map((error) => errorText(error)).filter((text) => generic.includes(text))).toEqual([]);
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
