// withView (src-shared/domain/saved-view-order.ts) draws a view just saved or
// renamed where views.list will put it: checked against listViews on a real
// vault, whose saved_views.name is COLLATE NOCASE.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SavedView } from '../../../src-shared/domain/saved-view';
import { SavedViewSave } from '../../../src-shared/domain/saved-view';
import { withView } from '../../../src-shared/domain/saved-view-order';
import { listViews, saveView } from './saved-view.service';
import { CrmTestVault } from './testing/crm-test-vault';

describe('withView orders views as views.list does (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const save = (name: string, id?: string) =>
    db.write((tx, now) => saveView(tx, SavedViewSave.parse({ name, entity: 'contacts', query: {}, ...(id === undefined ? {} : { id }) }), now));
  const listed = async () => (await db.read((tx) => listViews(tx, 'contacts'))).items;
  const names = (views: readonly SavedView[]) => views.map((view) => view.name);

  it('places each saved and renamed view where the next read puts it: ASCII case folded, other letters and symbols by code point', async () => {
    // "apple" beside "Big" and "Zebra"; "_" and "[" between "Z" and "a" in code points, but before every letter
    // once A–Z fold; "Éclair" after all ASCII (NOCASE folds no accents); "😀" (past U+FFFF) after "｢" (U+FF62),
    // though its UTF-16 code units come first; "abc" before "ABCD".
    const order = ['Zebra', 'Big', 'apple', '_drafts', '[west]', 'Éclair', '😀 party', '｢quoted｣', 'ABCD', 'abc', 'mid'];
    let shown: readonly SavedView[] = [];
    for (const name of order) {
      shown = withView(shown, await save(name));
      expect(names(shown)).toEqual(names(await listed()));
    }
    expect(names(shown)).toEqual(['[west]', '_drafts', 'abc', 'ABCD', 'apple', 'Big', 'mid', 'Zebra', 'Éclair', '｢quoted｣', '😀 party']);

    // Renames move a tab: the old copy goes, the new one takes its place.
    for (const [from, to] of [['Zebra', 'aardvark'], ['apple', 'Yellow'], ['mid', 'zz top'], ['[west]', 'West']] as const) {
      const view = shown.find((candidate) => candidate.name === from);
      if (view === undefined) throw new Error(`no view ${from}`);
      shown = withView(shown, await save(to, view.id));
      expect(names(shown)).toEqual(names(await listed()));
    }
  });

  it('breaks a tie between names NOCASE calls equal (owners merged at enrolment) by id, as the service does', async () => {
    const first = await save('Pipeline');
    const second = await save('Other');
    // Merged views: one list may hold names that differ in ASCII case only.
    await db.write((tx) => tx.run('UPDATE saved_views SET name = ? WHERE id = ?', ['PIPELINE', second.id]));
    const all = await listed();
    expect(all.map((view) => view.id)).toEqual([first.id, second.id].sort());
    for (const view of all) {
      const without = all.filter((other) => other.id !== view.id);
      expect(withView(without, view).map((other) => other.id)).toEqual(all.map((other) => other.id));
    }
  });
});
