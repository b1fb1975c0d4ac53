// The Transfer page's export card says the order its file has: the sentence
// comes from the request the card sends, and each list's request has the
// order its sentence names (the sort the list reads with).
import { describe, expect, it } from 'vitest';
import { listEntities } from '../../../src-shared/domain/saved-view';
import { en } from '../../app/locales/en';
import { zhCN } from '../../app/locales/zh-CN';
import { exportOrderKey, wholeListRequest } from './export-order';

describe('the whole-list export order', () => {
  it('names the sort each list is exported in, not "by name" for all of them', () => {
    const said = Object.fromEntries(listEntities.map((entity) => {
      const request = wholeListRequest(entity, false);
      return [entity, { sort: request.query.sort, key: exportOrderKey(request) }];
    }));
    expect(said).toEqual({
      contacts: { sort: { field: 'name', direction: 'asc' }, key: 'transfer.exportAllByName' },
      accounts: { sort: { field: 'name', direction: 'asc' }, key: 'transfer.exportAllByName' },
      deals: { sort: { field: 'expectedCloseDate', direction: 'asc' }, key: 'transfer.exportAllByCloseDate' },
      activities: { sort: { field: 'occurredAt', direction: 'desc' }, key: 'transfer.exportAllNewestFirst' },
      tasks: { sort: { field: 'dueAt', direction: 'asc' }, key: 'transfer.exportAllByDueDate' },
    });
    expect(exportOrderKey(wholeListRequest('deals', true))).toBe('transfer.exportAllByCloseDate');
  });

  it('has the sentences in English and Chinese, only the name sort saying "by name"', () => {
    const keys = ['exportAllByName', 'exportAllByCloseDate', 'exportAllNewestFirst', 'exportAllByDueDate', 'exportAll'] as const;
    const words = keys.map((key) => [en.transfer[key], zhCN.transfer[key]]);
    expect(words.flat().every((text) => text.length > 0)).toBe(true);
    expect(keys.filter((_, index) => words[index]?.[0]?.includes('by name'))).toEqual(['exportAllByName']);
    expect(keys.filter((_, index) => words[index]?.[1]?.includes('按名称'))).toEqual(['exportAllByName']);
  });
});
