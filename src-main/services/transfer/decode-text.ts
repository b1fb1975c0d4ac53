// Turns an uploaded file's bytes into text without ever garbling it silently.
// Accepted: UTF-8 with or without a byte-order mark, UTF-16LE and UTF-16BE with
// their BOMs. Workbooks and binary files are refused as a whole with a message
// that says what to do. Bytes that do not decode become U+FFFD here, and any
// imported value containing U+FFFD is rejected with its row and field (see
// row-problems), so a Windows-1252 "é" is reported, never stored as "�".
import { BadInputError } from '../../../src-shared/ipc/errors';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

/** What invalid bytes decode to; its presence in a value marks the value undecodable. */
export const replacementChar = '\uFFFD';

const decodeChunkBytes = 1024 * 1024;

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

const notUtf8 = () =>
  new BadInputError('This file is not UTF-8 text (it may be UTF-16 without a byte-order mark, or not a text file). Save it as "CSV UTF-8".', {
    code: 'not_utf8_file',
  });

/** Detects the encoding from the BOM, and refuses what is not a text file. */
export function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return 'utf-8-bom';
  // UTF-32's marks, before UTF-16LE's (which starts its little-endian one): read as UTF-16, every other
  // character was a NUL the headers lost and the names kept.
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) throw notUtf8();
  if (startsWith(bytes, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(bytes, [0xfe, 0xff])) return 'utf-16be';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    throw new BadInputError('This file is a workbook (.xlsx or .zip), not a CSV. In your spreadsheet choose "Save as" → "CSV UTF-8" and import that file.', {
      code: 'workbook_xlsx',
    });
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new BadInputError('This file is an old Excel workbook (.xls), not a CSV. Save it as "CSV UTF-8" and import that file.', { code: 'workbook_xls' });
  }
  // NUL never appears in a CSV or vCard: this is UTF-16 without its byte-order mark, or a binary file.
  if (bytes.subarray(0, 64 * 1024).includes(0)) throw notUtf8();
  return 'utf-8';
}

function decoderLabel(encoding: TextEncoding): string {
  return encoding === 'utf-8-bom' ? 'utf-8' : encoding;
}

/** The file's text in chunks of about 1 MiB, BOM removed, so a 200 MB file is never one string. */
export function* decodeChunks(bytes: Uint8Array, encoding: TextEncoding): Generator<string> {
  // fatal: false turns bad bytes into U+FFFD, which the row checks then report by row and field.
  const decoder = new TextDecoder(decoderLabel(encoding), { fatal: false, ignoreBOM: false });
  for (let offset = 0; offset < bytes.length; offset += decodeChunkBytes) {
    const text = decoder.decode(bytes.subarray(offset, offset + decodeChunkBytes), { stream: true });
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}
