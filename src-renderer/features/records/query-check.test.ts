// checkQuery puts each problem of a list query where the filter panel shows it: a stage kind under the
// Stage kind control, a key no control sets (a linked record's id) under the form, never nowhere.
import { describe, expect, it } from 'vitest';
import { DealListQuery } from '../../../src-shared/domain/deal';
import { checkQuery, formError } from './query-check';

const dateFields = ['expectedCloseDate', 'createdAt', 'updatedAt'];

function errorKeys(filter: Record<string, unknown>): readonly string[] {
  const checked = checkQuery(DealListQuery, { filter }, dateFields);
  return checked.ok ? [] : Object.keys(checked.errors);
}

describe('checkQuery', () => {
  it('puts a bad stage kind under the Stage kind control', () => {
    expect(errorKeys({ stageKinds: ['someday'] })).toEqual(['stageKind']);
    expect(errorKeys({ stageKinds: [] })).toEqual(['stageKind']);
  });

  it('puts a bad linked record id, which no control sets, under the form', () => {
    expect(errorKeys({ accountId: 'not an id' })).toEqual([formError]);
    expect(errorKeys({ contactId: 'not an id' })).toEqual([formError]);
  });

  it('keeps the controls it knew, and passes a good query', () => {
    expect(errorKeys({ stageIds: [] })).toEqual(['stage']);
    expect(errorKeys({ stageKinds: ['open'] })).toEqual([]);
  });
});
