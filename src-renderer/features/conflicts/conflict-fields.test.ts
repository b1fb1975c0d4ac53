// A conflict's field is named and read as its detail page names and reads it;
// people by name, a deal's contacts by theirs, when a record went to the
// trash as a date and time; anything else as plain text. The server's empty
// side reads as emptying the field unless the field is empty now. Why sync kept it reads in the
// UI's language, and the sync details count what waits for review.
import { afterEach, describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../../app/i18n';
import { conflictReasonText } from '../../ui/reason-text';
import { syncDetailLines } from '../shell/SyncStatusPill';
import type { SyncView } from '../shell/sync-status';
import { conflictField, conflictFieldLabel, kindOfEntity, plainValue, serverChoiceKey, trashChoiceKey } from './conflict-fields';

const t = i18n.t;

afterEach(() => {
  setLocale('en');
});

describe('conflictField', () => {
  it('takes the definition the detail page uses', () => {
    expect(conflictField('contacts', 'title')).toMatchObject({ kind: 'field', def: { key: 'title', label: 'field.title', kind: 'text' } });
    expect(conflictField('deals', 'amount')).toMatchObject({ kind: 'field', def: { label: 'field.amount', kind: 'money', currencyKey: 'currency' } });
    expect(conflictField('tasks', 'dueAt')).toMatchObject({ kind: 'field', def: { label: 'field.dueAt', kind: 'datetime' } });
    expect(conflictField('deals', 'lostReason')).toMatchObject({ kind: 'field', def: { label: 'field.lostReason' } });
  });

  it('names a deal stage with the pipeline’s options', () => {
    const options = [{ value: 'won', label: { text: 'Won' } }];
    expect(conflictField('deals', 'stageId', options)).toMatchObject({ kind: 'field', def: { kind: 'select', options } });
  });

  it('knows people, the whole record and fields no page shows', () => {
    expect(conflictField('accounts', 'ownerId')).toEqual({ kind: 'person', label: 'field.owner' });
    expect(conflictField('tasks', 'assigneeId')).toEqual({ kind: 'person', label: 'field.assignee' });
    expect(conflictField('contacts', '*')).toEqual({ kind: 'record' });
    expect(conflictField('activities', 'kind2')).toEqual({ kind: 'other', name: 'kind2' });
  });

  it('names a deal’s linked contacts by their names, labelled Contacts, in English and in Chinese', () => {
    const contacts = conflictField('deals', 'contactIds');
    expect(contacts).toEqual({ kind: 'records', label: 'field.contacts', refKind: 'contact' });
    expect(conflictFieldLabel(contacts, t)).toBe('Contacts');
    setLocale('zh-CN');
    expect(conflictFieldLabel(contacts, t)).toBe('联系人');
  });

  it('reads when a record went to the trash as a date and time, never as a number', () => {
    const deleted = conflictField('contacts', 'deletedAt');
    expect(deleted).toEqual({ kind: 'field', def: { key: 'deletedAt', label: 'conflicts.deletedAt', kind: 'datetime' } });
    expect(conflictFieldLabel(deleted, t)).toBe('Moved to the trash');
    setLocale('zh-CN');
    expect(conflictFieldLabel(deleted, t)).toBe('移入回收站的时间');
  });

  it('maps every synced entity to its route kind', () => {
    expect(Object.values(kindOfEntity).sort()).toEqual(['account', 'activity', 'contact', 'deal', 'task']);
  });
});

describe('trashChoiceKey', () => {
  it('words a side of a trash against a restore as what it does to the record, not as keeping or emptying a field', () => {
    expect(t(trashChoiceKey(null, false))).toBe('Restore');
    expect(t(trashChoiceKey(null, true))).toBe('Keep it out of the trash');
    expect(t(trashChoiceKey(1_700_000_000_000, false))).toBe('Move to the trash');
    expect(t(trashChoiceKey(1_700_000_000_000, true))).toBe('Keep it in the trash');
    setLocale('zh-CN');
    expect(t(trashChoiceKey(null, false))).toBe('恢复');
    expect(t(trashChoiceKey(1_700_000_000_000, false))).toBe('移到回收站');
  });
});

describe('serverChoiceKey', () => {
  it('words an empty server side as emptying the field when the record holds a value, as leaving it empty only when it is empty now', () => {
    expect(t(serverChoiceKey(true, 'local', false))).toBe('Empty the field');
    expect(t(serverChoiceKey(true, undefined, false))).toBe('Empty the field');
    expect(t(serverChoiceKey(true, 'remote', true))).toBe('Leave it empty');
    expect(t(serverChoiceKey(false, 'remote', false))).toBe('Keep the server’s');
    expect(t(serverChoiceKey(false, 'local', false))).toBe('Take the server’s');
    setLocale('zh-CN');
    expect(t(serverChoiceKey(true, 'local', false))).toBe('清空此字段');
    expect(t(serverChoiceKey(true, 'remote', true))).toBe('留空');
  });
});

describe('plainValue', () => {
  it('reads JSON values as text', () => {
    expect(plainValue(null)).toBe('');
    expect(plainValue('Analyst')).toBe('Analyst');
    expect(plainValue(1234567)).toBe('1,234,567');
    expect(plainValue(true)).toBe('true');
    expect(plainValue(['a', '', 'b'])).toBe('a, b');
    expect(plainValue({ street: 'Main St 1', city: '', country: 'NL' })).toBe('Main St 1, NL');
  });

  it('writes numbers in the UI’s language', () => {
    setLocale('zh-CN');
    expect(plainValue(1234567)).toBe('1,234,567');
  });
});

describe('conflictReasonText', () => {
  it('words each reason, and says that an unsent record stays on this device', () => {
    expect(conflictReasonText('concurrent', false)).toBe('It was changed on this device and on another one at the same time.');
    expect(conflictReasonText('invalid', true)).toBe(
      'The server did not accept this value. The server did not accept this new record, so it is kept on this device only.',
    );
  });

  it('words them in Chinese', () => {
    setLocale('zh-CN');
    expect(conflictReasonText('forbidden', false)).toBe('你无权修改此记录：它属于其他人，或你的权限已变更。');
    expect(conflictReasonText('invalid', true)).toBe('服务器未接受此值。服务器未接受这条新记录，因此它仅保存在此设备上。');
  });
});

describe('syncDetailLines', () => {
  const view: SyncView = {
    state: 'online',
    pending: 0,
    lastSyncAt: null,
    lastError: null,
    lastErrorReason: null,
    received: 0,
    total: null,
    enrolled: true,
    serverUrl: 'https://sync.example',
    organisationName: null,
    openConflicts: 2,
    unsentRecords: 1,
    nextTryAt: null,
    clockSkew: null,
  };

  it('says how many changes need review and how many records are on this device only', () => {
    expect(syncDetailLines(view)).toEqual(['0 changes waiting', '2 changes need your review', '1 record is kept on this device only', 'Never synced']);
    expect(syncDetailLines({ ...view, openConflicts: 0, unsentRecords: 0 })).toEqual(['0 changes waiting', 'Never synced']);
  });

  it('says it in Chinese', () => {
    setLocale('zh-CN');
    expect(syncDetailLines(view).slice(1, 3)).toEqual(['2 项更改需要你审阅', '1 条记录仅保存在此设备上']);
  });
});
