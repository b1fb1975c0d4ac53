// A contact's name from separate given-name and family-name columns (a CSV's
// First Name / Last Name, 名 / 姓, or a vCard's N without FN): Western names
// given name first, Chinese, Japanese and Korean names family name first with
// no space, as they are written and as a name typed into the app is stored.
import { describe, expect, it } from 'vitest';
import { checkRow } from './import-rows';

const nameOf = (firstName: string, lastName: string) => {
  const checked = checkRow(2, 'contacts', { firstName: [firstName], lastName: [lastName] });
  return checked.result?.entity === 'contacts' ? checked.result.draft.name : null;
};

describe('a name from its parts', () => {
  it('puts the family name first, with no space, for names in Han, kana or Hangul', () => {
    expect(nameOf('小明', '王')).toBe('王小明');
    expect(nameOf('太郎', '山田')).toBe('山田太郎');
    expect(nameOf('ハナコ', 'ヤマダ')).toBe('ヤマダハナコ');
    expect(nameOf('민준', '김')).toBe('김민준');
  });

  it('keeps the given name first for other names, and for a name mixing scripts', () => {
    expect(nameOf('José Ramón', 'Álvarez')).toBe('José Ramón Álvarez');
    expect(nameOf('David', '王')).toBe('David 王');
    expect(nameOf('Ольга', 'Иванова')).toBe('Ольга Иванова');
  });
});
