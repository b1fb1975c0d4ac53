// The crm benchmark's check of its own work (bench/crm/check-work.ts): a
// group of searches that found nothing fails the run even when the other
// groups found plenty (it used to fail only when all 300 searches found nothing).
import { describe, expect, it } from 'vitest';
import { checkWork } from '../../bench/crm/check-work';
import type { MeasureResult, QueryGroup } from '../../bench/crm/protocol';

const counts = { accounts: 600, contacts: 6000, record_tags: 9000, field_versions: 70_000, search_docs: 6600 };
const summary = { n: 10, median: 1, p95: 2, min: 0.5, max: 3 };
const group = (label: string, rows: number): QueryGroup => ({ label, summary, rows });

function result(searchRows: Readonly<Record<string, number>>): MeasureResult {
  return {
    unlockMs: 900,
    search: {
      all: summary,
      groups: Object.entries(searchRows).map(([label, rows]) => group(label, rows)),
      hits: Object.values(searchRows).reduce((sum, rows) => sum + rows, 0),
    },
    list: { all: summary, groups: [group('contacts by name', 500), group('contacts trash', 12)], serviceOnly: summary },
    lookAlikes: { all: summary, groups: [group('contact email (known)', 10)], wrong: [] },
    rssBytes: 150e6,
    peakRssBytes: 220e6,
    rssAfterUnlockBytes: 120e6,
    heapUsedBytes: 40e6,
    counts,
    sqlite: {},
    cipher: {},
  };
}

const size = { contacts: 6000, accounts: 600 };

describe('crm bench checkWork', () => {
  it('passes when every search group found something', () => {
    expect(() => checkWork(counts, size, result({ 'latin-1': 1800, 'cjk-3': 4 }))).not.toThrow();
  });

  it('fails when one search group found nothing, naming it', () => {
    expect(() => checkWork(counts, size, result({ 'latin-1': 1800, 'latin-2': 1500, 'cjk-3': 0 }))).toThrow('Searches found nothing in group cjk-3');
  });

  it('fails when no search ran', () => {
    expect(() => checkWork(counts, size, result({}))).toThrow('No search ran');
  });

  it('still checks the row counts and list pages', () => {
    expect(() => checkWork({ ...counts, search_docs: 6601 }, size, result({ 'latin-1': 3 }))).toThrow('search_docs 6600 ≠ 6601');
    const emptyList = { ...result({ 'latin-1': 3 }), list: { all: summary, groups: [group('contacts by name', 500), group('contacts trash', 0)], serviceOnly: summary } };
    expect(() => checkWork(counts, size, emptyList)).toThrow('List pages returned no rows: contacts trash');
  });
});
