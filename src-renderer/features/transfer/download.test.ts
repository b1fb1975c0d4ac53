// The file an export downloads: the byte-order mark first (Excel reads the file
// as UTF-8 only with it), then the text export.csv answered, which comes
// without it so that it crosses IPC as one-byte text when it can.
import { describe, expect, it } from 'vitest';
import { exportFileParts, textFile } from './download';

describe('an export’s file', () => {
  it('starts with the UTF-8 byte-order mark, followed by the text as UTF-8', async () => {
    const csv = '"Name","City"\r\n"王小明","Zürich"\r\n';
    const bytes = new Uint8Array(await textFile(exportFileParts(csv), 'text/csv;charset=utf-8').arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect([...bytes.subarray(3)]).toEqual([...new TextEncoder().encode(csv)]);
  });
});
