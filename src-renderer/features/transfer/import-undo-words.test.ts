// What the recent imports say of an import with no undo, and what the undo's
// question counts: an import that only updated records created nothing (not
// "made before FieldVault kept what an import creates"), and an update-only
// contact import that created accounts asks about those accounts, not about
// its 0 contacts; in English and Chinese.
import { afterEach, describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../../app/i18n';
import { recentUndoNote, undoQuestion } from './import-undo-words';

type Key = Exclude<ReturnType<typeof recentUndoNote>, 'undo'> | ReturnType<typeof undoQuestion>['key'];
const say = (words: { key: Key; count?: number }) => i18n.t(words.key, { count: words.count ?? 0 });

describe('import undo words', () => {
  afterEach(() => setLocale('en'));

  it('tells an import that created nothing from one made before imports kept what they create', () => {
    expect(recentUndoNote({ undoable: true, created: { contacts: 2, accounts: 0 } })).toBe('undo');
    expect(recentUndoNote({ undoable: true, created: { contacts: 0, accounts: 1 } })).toBe('undo');
    const updatedOnly = recentUndoNote({ undoable: false, created: { contacts: 0, accounts: 0 } });
    const before = recentUndoNote({ undoable: false, created: null });
    if (updatedOnly === 'undo' || before === 'undo') throw new Error('no undo expected');
    setLocale('en');
    expect(say({ key: updatedOnly })).toBe('It created no records: it only changed existing ones, and those changes stay.');
    expect(say({ key: before })).toBe('Made before FieldVault kept what an import creates: it cannot be undone here.');
    setLocale('zh-CN');
    expect(say({ key: updatedOnly })).toBe('此次导入未创建记录：它只更改了已有记录，这些更改会保留。');
  });

  it('asks about what the import created: the accounts an update-only contact import created, not its 0 contacts', () => {
    setLocale('en');
    expect(say(undoQuestion({ entity: 'contacts', imported: 0, created: { contacts: 0, accounts: 3 } }))).toBe(
      'Move the 3 accounts this import created for companies to the trash?',
    );
    expect(say(undoQuestion({ entity: 'contacts', imported: 0, created: { contacts: 0, accounts: 1 } }))).toBe('Move the 1 account this import created for a company to the trash?');
    expect(say(undoQuestion({ entity: 'contacts', imported: 4, created: { contacts: 4, accounts: 2 } }))).toBe(
      'Move the 4 contacts this import created to the trash, with any accounts it created for their companies?',
    );
    expect(say(undoQuestion({ entity: 'accounts', imported: 5, created: { contacts: 0, accounts: 5 } }))).toBe('Move the 5 accounts this import created to the trash?');
    // A report knows only its counters.
    expect(say(undoQuestion({ entity: 'contacts', imported: 1, created: null }))).toBe(
      'Move the 1 contact this import created to the trash, with any account it created for a company?',
    );
    setLocale('zh-CN');
    expect(say(undoQuestion({ entity: 'contacts', imported: 0, created: { contacts: 0, accounts: 3 } }))).toBe('将此次导入为公司创建的 3 个客户移到回收站？');
  });
});
