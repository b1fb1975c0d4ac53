// A fast reader for the CSV that nearly every export is: one newline style
// (CRLF or LF) between records, quoted values opened at the start of a value
// with "" as the escaped quote, and no quote inside an unquoted value. For
// such text it yields exactly the records csv-parse yields with the options
// csv-source.ts uses (a property test holds the two side by side), several
// times faster: csv-parse's character-by-character state machine was the
// largest single cost of an import (a file is read twice, once to count and
// check it, once to import it). At the first construct outside that subset —
// a stray quote, a lone CR, mixed newlines, a record of more than a million
// characters — it throws NotSimpleCsv and csv-source hands the file to
// csv-parse, which owns every unusual case and every error message.

export class NotSimpleCsv extends Error {
  constructor() {
    super('The CSV needs the full parser');
    this.name = 'NotSimpleCsv';
  }
}

/** Longest record (characters) this reader takes; longer ones go to csv-parse, which enforces the real limit. */
const maxSimpleRecordChars = 1_000_000;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

interface Scan {
  /** The newline between records: unknown until the first one outside quotes. */
  newline: 'lf' | 'crlf' | null;
}

/**
 * One record starting at `start`: its cells and where the next record starts,
 * or null when the text ends before the record does and more text may follow.
 */
function readRecord(text: string, start: number, delimiter: number, final: boolean, scan: Scan): { cells: string[]; next: number } | null {
  const cells: string[] = [];
  let position = start;
  for (;;) {
    let value: string;
    if (text.charCodeAt(position) === QUOTE) {
      value = '';
      let from = position + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0 || (quote === text.length - 1 && !final)) return null;
        if (text.charCodeAt(quote + 1) === QUOTE) {
          value += text.slice(from, quote + 1);
          from = quote + 2;
          continue;
        }
        value += text.slice(from, quote);
        position = quote + 1;
        break;
      }
    } else {
      let end = position;
      for (; end < text.length; end += 1) {
        const code = text.charCodeAt(end);
        if (code === delimiter || code === LF || code === CR) break;
        if (code === QUOTE) throw new NotSimpleCsv();
      }
      if (end === text.length && !final) return null;
      value = text.slice(position, end);
      position = end;
    }
    cells.push(value);
    if (position - start > maxSimpleRecordChars) throw new NotSimpleCsv();
    if (position === text.length) return final ? { cells, next: position } : null;
    const code = text.charCodeAt(position);
    if (code === delimiter) {
      position += 1;
      continue;
    }
    if (code === LF) {
      if (scan.newline === 'crlf') throw new NotSimpleCsv();
      scan.newline = 'lf';
      return { cells, next: position + 1 };
    }
    if (code === CR) {
      if (position + 1 === text.length && !final) return null;
      if (scan.newline === 'lf' || text.charCodeAt(position + 1) !== LF) throw new NotSimpleCsv();
      scan.newline = 'crlf';
      return { cells, next: position + 2 };
    }
    // A closing quote followed by anything but a delimiter or newline.
    throw new NotSimpleCsv();
  }
}

/**
 * The records of the text given in chunks (a record may span chunks). A final
 * newline ends the last record; it does not start an empty one.
 */
export function* simpleCsvRecords(chunks: Iterable<string>, delimiter: string): Generator<string[], void, undefined> {
  if (delimiter.length !== 1) throw new NotSimpleCsv();
  const delimiterCode = delimiter.charCodeAt(0);
  const scan: Scan = { newline: null };
  let carry = '';
  const iterator = chunks[Symbol.iterator]();
  let done = false;
  while (!done) {
    const next = iterator.next();
    done = next.done === true;
    const text = done ? carry : carry + next.value;
    let start = 0;
    while (start < text.length) {
      const record = readRecord(text, start, delimiterCode, done, scan);
      if (record === null) break;
      yield record.cells;
      start = record.next;
    }
    carry = text.slice(start);
    // Text left over at the end is a quoted value never closed: csv-parse reports where it opens.
    if ((done && carry.length > 0) || carry.length > maxSimpleRecordChars) throw new NotSimpleCsv();
  }
}
