// What a slot keeps of an export that made its file: what its page says (name, rows), never the file's text.
import { describe, expect, it } from 'vitest';
import type { ChannelInput } from '../../../src-shared/ipc/contract';
import { exportDone } from './export-runs';

describe('exportDone', () => {
  it('keeps the file name and rows, not the csv text', () => {
    const request: ChannelInput<'export.csv'> = { entity: 'contacts', query: {} };
    const csv = `Name,Email\r\n${'Ada Lovelace,ada@example.test\r\n'.repeat(1_000)}`;
    const end = exportDone(request, { fileName: 'contacts-2026-05-01.csv', csv, rows: 1_000 });
    expect(end).toEqual({ kind: 'done', request, fileName: 'contacts-2026-05-01.csv', rows: 1_000 });
    expect(Object.values(end)).not.toContain(csv);
    expect(JSON.stringify(end)).not.toContain('Ada Lovelace');
  });
});
