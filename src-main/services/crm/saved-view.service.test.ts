import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SavedViewId } from '../../../src-shared/domain/ids';
import { SavedViewDefault, SavedViewSave } from '../../../src-shared/domain/saved-view';
import { deleteView, listViews, saveView, setDefaultView } from './saved-view.service';
import { CrmTestVault, failure } from './testing/crm-test-vault';

describe('default saved views (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const save = (name: string, entity: 'contacts' | 'deals' = 'contacts', id?: string) =>
    db.write((tx, now) => saveView(tx, SavedViewSave.parse({ name, entity, query: {}, ...(id === undefined ? {} : { id }) }), now));
  const setDefault = (entity: string, id: string | null) => db.write((tx, now) => setDefaultView(tx, SavedViewDefault.parse({ entity, id }), now));
  const defaults = async (entity?: 'contacts' | 'deals') =>
    (await db.read((tx) => listViews(tx, entity))).items.filter((view) => view.isDefault).map((view) => view.name);

  it('keeps one default per list: making another one default takes it from the first, and clearing leaves none', async () => {
    const vips = await save('VIPs');
    const recent = await save('Recent');
    const closing = await save('Closing', 'deals');
    expect(vips.isDefault).toBe(false);
    expect(await defaults()).toEqual([]);

    const listed = await setDefault('contacts', vips.id);
    expect(listed.items.map((view) => [view.name, view.isDefault])).toEqual([['Recent', false], ['VIPs', true]]);
    await setDefault('deals', closing.id);
    await setDefault('contacts', recent.id);
    expect(await defaults('contacts')).toEqual(['Recent']);
    expect(await defaults()).toEqual(['Recent', 'Closing']);

    // Saving the default view again (an update or a rename) keeps it the default.
    expect((await save('Recently touched', 'contacts', recent.id)).isDefault).toBe(true);
    expect(await defaults('contacts')).toEqual(['Recently touched']);

    expect((await setDefault('contacts', null)).items.some((view) => view.isDefault)).toBe(false);
    expect(await defaults()).toEqual(['Closing']);
  });

  it('drops the default with its view when the view is deleted, and a new view of the old name is no default', async () => {
    const vips = await save('VIPs');
    await setDefault('contacts', vips.id);
    await db.write((tx, now) => deleteView(tx, SavedViewId.parse(vips.id), now));
    expect(await defaults('contacts')).toEqual([]);
    expect((await save('VIPs')).isDefault).toBe(false);
    expect(await defaults('contacts')).toEqual([]);
  });

  it('refuses another list’s view, a deleted one and an unknown id, changing nothing', async () => {
    const vips = await save('VIPs');
    const closing = await save('Closing', 'deals');
    await setDefault('contacts', vips.id);
    expect(await failure(setDefault('deals', vips.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(setDefault('contacts', closing.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(setDefault('contacts', '0190a5d0-ac96-774b-bcce-b302099a8057'))).toMatchObject({ code: 'NOT_FOUND' });
    await db.write((tx, now) => deleteView(tx, SavedViewId.parse(closing.id), now));
    expect(await failure(setDefault('deals', closing.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await defaults()).toEqual(['VIPs']);
  });

  it('frees the name of a view whose query no longer parses (left out of the list, it can be neither saved over nor deleted)', async () => {
    const stalled = await save('Stalled');
    // An app update dropped a filter this view stored.
    await db.write((tx) => tx.run('UPDATE saved_views SET query = ? WHERE id = ?', [JSON.stringify({ retiredFilter: 'x' }), stalled.id]));
    expect((await db.read((tx) => listViews(tx, 'contacts'))).items).toEqual([]);
    expect(await failure(db.write((tx, now) => deleteView(tx, SavedViewId.parse(stalled.id), now)))).toMatchObject({ code: 'NOT_FOUND' });

    const again = await save('stalled');
    expect((await db.read((tx) => listViews(tx, 'contacts'))).items.map((view) => [view.id, view.name])).toEqual([[again.id, 'stalled']]);
    // A readable view still holds its name.
    expect(await failure(save('STALLED'))).toEqual({ code: 'BAD_INPUT', message: 'Invalid input (name: Another view of this list has this name)' });
  });

  it('reads the view made default last as the default should two be marked (owners merged at enrolment)', async () => {
    const vips = await save('VIPs');
    const recent = await save('Recent');
    await db.write((tx) => tx.run('UPDATE saved_views SET made_default_at = ? WHERE id = ?', [1_000, vips.id]));
    await db.write((tx) => tx.run('UPDATE saved_views SET made_default_at = ? WHERE id = ?', [2_000, recent.id]));
    expect(await defaults('contacts')).toEqual(['Recent']);
    await setDefault('contacts', vips.id);
    expect(await db.read((tx) => tx.all('SELECT name FROM saved_views WHERE made_default_at IS NOT NULL'))).toEqual([{ name: 'VIPs' }]);
  });
});
