// Streams the cards of a vCard file (RFC 2426 v3.0, RFC 6350 v4.0, and the
// v2.1 quoted-printable style many phones still export) as import field
// values. Handles folded lines (CRLF + space/tab; v2.1 keeps the space, as
// RFC 822 unfolding does; a UTF-8 file is split and unfolded as bytes, and each
// unfolded line decoded, so a fold inside a character keeps it whole),
// quoted-printable values with soft line breaks (one space or tab after the
// break dropped) and
// any CHARSET the platform's TextDecoder knows (ISO-8859-1, Windows-1252,
// Shift_JIS, GBK, Big5, …), backslash escapes and the structured N, ADR and
// ORG values. A value that is not quoted-printable was decoded with the rest
// of the file as UTF-8: plain ASCII reads the same under any CHARSET, and
// other bytes that are not UTF-8 are marked undecodable for the report. A card that cannot be read is yielded
// with a syntax problem so it is reported, never dropped silently. `row` is
// the card's position in the file (1 = first card).
import type { Reason } from '../../../src-shared/ipc/reasons';
import type { ImportField, Rejection } from '../../../src-shared/transfer/import';
import { decodeChunks, replacementChar, type TextEncoding } from './decode-text';

export interface VCardRecord {
  readonly row: number;
  readonly fields: Partial<Record<ImportField, string[]>>;
  readonly problems: Rejection[];
}

interface Property {
  readonly name: string;
  readonly params: Map<string, string[]>;
  readonly rawValue: string;
}

/**
 * A physical line as the reader holds it until its logical line is whole: in a UTF-8 file its bytes, one
 * character a byte (latin1), so that a folded line splitting a character's bytes ("Zo\xC3" CRLF " \xAB") is
 * decoded whole once unfolded (RFC 6350 §3.2: unfolding comes before any other reading); in a UTF-16 file
 * its decoded text (a fold never splits a character there that UTF-8 would).
 */
type RawLine = string;

/** A byte of a raw UTF-8 line that is not ASCII. */
const highByte = /[\u0080-\u00ff]/;

/** What a raw line (or several joined) reads as. */
type LineDecoder = (raw: RawLine) => string;

function lineDecoder(encoding: TextEncoding): LineDecoder {
  if (encoding !== 'utf-8' && encoding !== 'utf-8-bom') return (raw) => raw;
  // fatal: false: bytes that are not UTF-8 become U+FFFD, which the row checks report.
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  // Most lines are ASCII, which reads the same as bytes: no copy.
  return (raw) => (highByte.test(raw) ? decoder.decode(Buffer.from(raw, 'latin1')) : raw);
}

/** Physical lines of a UTF-8 file as raw lines, with their 1-based line numbers: split on the bytes CR, LF and CRLF, which no multi-byte character holds. */
function* physicalByteLines(bytes: Uint8Array, encoding: TextEncoding): Generator<{ text: RawLine; line: number }> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = encoding === 'utf-8-bom' ? 3 : 0;
  let line = 0;
  // The next CR and LF at or after `at`, each searched for again only once passed (a file without CRs searched to its end once, not once a line).
  let nextCr = -1;
  let nextLf = -1;
  const next = (byte: number): number => {
    const found = buffer.indexOf(byte, at);
    return found === -1 ? Number.POSITIVE_INFINITY : found;
  };
  while (at < buffer.length) {
    if (nextCr < at) nextCr = next(0x0d);
    if (nextLf < at) nextLf = next(0x0a);
    const end = Math.min(nextCr, nextLf, buffer.length);
    yield { text: buffer.toString('latin1', at, end), line: (line += 1) };
    at = end === nextCr && buffer[end + 1] === 0x0a ? end + 2 : end + 1;
  }
}

/** Physical lines of the decoded text, with their 1-based line numbers (a UTF-16 file). */
function* physicalTextLines(bytes: Uint8Array, encoding: TextEncoding): Generator<{ text: string; line: number }> {
  let carry = '';
  let line = 0;
  for (const chunk of decodeChunks(bytes, encoding)) {
    // A chunk with no line break in a line that goes on (an unfolded photo of megabytes): kept, not split again
    // with all the line before it (each chunk re-split the whole line: quadratic in its length).
    if (!carry.endsWith('\r') && !/[\r\n]/.test(chunk)) {
      carry += chunk;
      continue;
    }
    let text = carry + chunk;
    // A CR at the end of a chunk may be the first half of a CRLF split between chunks: held until the next one.
    const heldCr = text.endsWith('\r');
    if (heldCr) text = text.slice(0, -1);
    const parts = text.split(/\r\n|\n|\r/);
    carry = (parts.pop() ?? '') + (heldCr ? '\r' : '');
    for (const part of parts) yield { text: part, line: (line += 1) };
  }
  if (carry.endsWith('\r')) yield { text: carry.slice(0, -1), line: line + 1 };
  else if (carry.length > 0) yield { text: carry, line: line + 1 };
}

function physicalLines(bytes: Uint8Array, encoding: TextEncoding): Generator<{ text: RawLine; line: number }> {
  return encoding === 'utf-8' || encoding === 'utf-8-bom' ? physicalByteLines(bytes, encoding) : physicalTextLines(bytes, encoding);
}

/** Splits at `separator` outside double quotes and not escaped by a backslash. */
function splitUnescaped(text: string, separator: string, respectQuotes = false): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charAt(index);
    if (char === '\\' && index + 1 < text.length) {
      current += char + text.charAt(index + 1);
      index += 1;
    } else if (respectQuotes && char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

function unescapeText(text: string): string {
  return text.replace(/\\([nN,;:\\])/g, (_, char: string) => (char === 'n' || char === 'N' ? '\n' : char));
}

function decodeQuotedPrintable(text: string, charset: string): string {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charAt(index);
    const hex = text.slice(index + 1, index + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else if (char.charCodeAt(0) >= 0x80 && !/^utf-?8$/i.test(charset)) {
      // A raw non-ASCII character in a value of another charset: its bytes were read as UTF-8 with the file, so
      // what they were in that charset is gone. Kept unreadable (the row check rejects it) rather than re-encoded
      // as UTF-8 and read back in that charset as other letters ("Mï¿½ller", "Ã¼").
      return replacementChar;
    } else {
      for (const byte of Buffer.from(char, 'utf8')) bytes.push(byte);
    }
  }
  return decodeBytes(Uint8Array.from(bytes), charset);
}

/** The bytes in the named charset; a charset the platform does not know decodes to U+FFFD, which the row check reports. */
function decodeBytes(bytes: Uint8Array, charset: string): string {
  try {
    // Only the constructor throws (RangeError for a label it does not know); fatal: false decodes bad bytes to U+FFFD.
    return new TextDecoder(/^us-ascii$/i.test(charset) ? 'utf-8' : charset, { fatal: false }).decode(bytes);
  } catch {
    return replacementChar;
  }
}

/** NAME;PARAM=V;…:value → property, or null when the line has no colon outside quotes. */
function parseProperty(line: string): Property | null {
  const [head, ...rest] = splitUnescaped(line, ':', true);
  if (head === undefined || rest.length === 0) return null;
  const [nameWithGroup = '', ...paramTexts] = splitUnescaped(head, ';', true);
  const name = (nameWithGroup.split('.').pop() ?? '').trim().toUpperCase();
  const params = new Map<string, string[]>();
  for (const param of paramTexts) {
    const [key, value] = param.includes('=') ? [param.slice(0, param.indexOf('=')), param.slice(param.indexOf('=') + 1)] : ['TYPE', param];
    const values = value.split(',').map((item) => item.replace(/^"|"$/g, '').trim());
    params.set(key.trim().toUpperCase(), [...(params.get(key.trim().toUpperCase()) ?? []), ...values]);
  }
  // v2.1 writes the encoding as a bare parameter (";QUOTED-PRINTABLE").
  if (params.get('TYPE')?.some((value) => value.toUpperCase() === 'QUOTED-PRINTABLE')) params.set('ENCODING', ['QUOTED-PRINTABLE']);
  return { name, params, rawValue: rest.join(':') };
}

function isQuotedPrintable(property: Property): boolean {
  return property.params.get('ENCODING')?.some((value) => value.toUpperCase() === 'QUOTED-PRINTABLE') ?? false;
}

/** The property's value components (split on ';'), decoded and unescaped. */
function components(property: Property): string[] {
  const charset = property.params.get('CHARSET')?.[0] ?? 'utf-8';
  if (isQuotedPrintable(property)) return decodeQuotedPrintable(property.rawValue, charset).split(';');
  return splitUnescaped(property.rawValue, ';').map(unescapeText);
}

class CardBuilder {
  readonly fields: Partial<Record<ImportField, string[]>> = {};
  readonly problems: Rejection[] = [];
  #hasFormattedName = false;
  /** The first ADR was read (one with neither street nor city, a region and country alone, included). */
  #hasAddress = false;

  constructor(readonly row: number) {}

  add(field: ImportField, value: string): void {
    const trimmed = value.trim();
    if (trimmed === '') return;
    (this.fields[field] ??= []).push(trimmed);
  }

  syntax(message: string, reason: Reason): void {
    this.problems.push({ row: this.row, field: 'row', code: 'syntax', message, reasons: [reason] });
  }

  property(property: Property): void {
    const parts = components(property);
    const first = parts[0] ?? '';
    // FN, TITLE and NOTE are single text values: a ";" a writer forgot to escape is part of the text.
    const whole = parts.join(';');
    switch (property.name) {
      case 'FN':
        this.#hasFormattedName = true;
        this.fields.name = [];
        this.add('name', whole);
        break;
      case 'N': {
        const [family = '', given = '', additional = ''] = parts;
        this.add('lastName', family);
        this.add('firstName', [given, additional].filter((part) => part.trim() !== '').join(' '));
        break;
      }
      case 'EMAIL':
        this.add('email', first);
        break;
      case 'TEL':
        // A tel: URI (v4.0) carries an extension as a parameter: "tel:+1-555-0100;ext=12".
        this.add('phone', /^tel:/i.test(first) ? whole.replace(/^tel:/i, '').replace(/;ext=(\d+).*$/i, ' x$1').replace(/;.*$/, '') : first);
        break;
      case 'ORG':
        this.add('company', first);
        break;
      case 'TITLE':
        this.add('title', whole);
        break;
      case 'NOTE':
        this.add('notes', whole);
        break;
      case 'CATEGORIES':
        // Quoted-printable (v2.1 phones) decoded first, as every other value is: its tags were kept as "=E5=AE…".
        if (isQuotedPrintable(property)) for (const tag of whole.split(',')) this.add('tags', tag);
        else for (const tag of splitUnescaped(property.rawValue, ',')) this.add('tags', unescapeText(tag));
        break;
      case 'ADR': {
        // The first address only: a second was read into the first when the first had no street or city ("CA NY").
        if (this.#hasAddress) break;
        this.#hasAddress = true;
        const [poBox = '', extended = '', street = '', city = '', region = '', postalCode = '', country = ''] = parts;
        this.add('street', [street, extended, poBox].filter((part) => part.trim() !== '').join(', '));
        this.add('city', city);
        this.add('region', region);
        this.add('postalCode', postalCode);
        this.add('country', country);
        break;
      }
      case 'VERSION':
        if (!['2.1', '3.0', '4.0'].includes(first.trim())) this.syntax('Only vCard versions 2.1, 3.0 and 4.0 can be imported', { code: 'vcard_version' });
        break;
      default:
        break;
    }
  }

  build(): VCardRecord {
    // Without FN, or with an empty one, the name comes from N (given name, family name) in the field mapping step
    // (an empty FN left an empty name, and the card was refused for want of one).
    if (!this.#hasFormattedName || this.fields.name?.length === 0) delete this.fields.name;
    return { row: this.row, fields: this.fields, problems: this.problems };
  }
}

const agentThenCard = /^(?:[^;:.]*\.)?AGENT(?:;[^:]*)?:\s*$/i;
const agentOpensCard = /^(?:[^;:.]*\.)?AGENT(?:;[^:]*)?:\s*BEGIN:VCARD\s*$/i;

/**
 * vCard 2.1 writes an AGENT (someone acting for the contact) as a whole card nested in the outer one: "AGENT:"
 * then BEGIN:VCARD … END:VCARD on the lines after it (or "AGENT:BEGIN:VCARD" on one line). Its lines are part
 * of the AGENT value: the nested BEGIN read as an outer card without an END (refused), the agent as a contact
 * of its own, and the outer card's lines after it as text outside any card. Fed every line of an open card, in
 * order; says whether the line is inside a nested card.
 */
class AgentNesting {
  #pending = false;
  #depth = 0;

  nested(text: string): boolean {
    const upper = text.trim().toUpperCase();
    const pending = this.#pending;
    this.#pending = false;
    if (this.#depth > 0 || (pending && upper === 'BEGIN:VCARD')) {
      if (upper === 'BEGIN:VCARD') this.#depth += 1;
      else if (upper === 'END:VCARD') this.#depth -= 1;
      return true;
    }
    if (agentOpensCard.test(text.trim())) this.#depth = 1;
    else if (agentThenCard.test(text.trim())) this.#pending = true;
    return false;
  }
}

/** Collects logical lines into cards. */
class CardReader {
  #card: CardBuilder | null = null;
  #cards = 0;
  #agent = new AgentNesting();

  /** Feeds one logical (unfolded) line; returns a card when one is complete. */
  line(text: string, line: number): VCardRecord[] {
    const upper = text.trim().toUpperCase();
    if (this.#card !== null && this.#agent.nested(text)) return [];
    if (upper === 'BEGIN:VCARD') {
      this.#agent = new AgentNesting();
      const unfinished = this.#card;
      this.#card = new CardBuilder((this.#cards += 1));
      if (unfinished === null) return [];
      unfinished.syntax('The card has no END:VCARD before the next BEGIN:VCARD', { code: 'vcard_unfinished' });
      return [unfinished.build()];
    }
    const card = this.#card;
    if (card === null) return []; // text outside any card carries no contact
    if (upper === 'END:VCARD') {
      this.#card = null;
      return [card.build()];
    }
    if (text.trim() === '') return [];
    const property = parseProperty(text);
    if (property === null) card.syntax(`Line ${line} is not a vCard property (NAME:value)`, { code: 'vcard_not_property', line });
    else card.property(property);
    return [];
  }

  end(): VCardRecord[] {
    const card = this.#card;
    if (card === null) return [];
    card.syntax('The card has no END:VCARD', { code: 'vcard_no_end' });
    return [card.build()];
  }
}

const quotedPrintableHead = /(^|;)(ENCODING=)?QUOTED-PRINTABLE(;|$)/i;

/** A logical (unfolded) line: its text, its first physical line's number, and its physical lines as the file has them (raw: RawLine). */
interface LogicalLine {
  readonly text: string;
  readonly line: number;
  readonly physical: readonly RawLine[];
}

/** Binary values no field is imported from (base64 photos of hundreds of kilobytes): their text is not kept. */
const unreadProperty = /^(?:[^;:.]*\.)?(?:PHOTO|LOGO|SOUND|KEY)(?:[;:]|$)/i;

/**
 * The file's logical lines: folded lines and quoted-printable soft line breaks joined. A line's pieces are
 * gathered and joined once, and whether it is quoted-printable is read once from its first physical line
 * (its name and parameters): a photo folded into thousands of lines was re-joined and re-read whole at
 * each one, quadratic in its size (minutes for a card with a large photo, the main process frozen).
 */
function* logicalLines(bytes: Uint8Array, encoding: TextEncoding): Generator<LogicalLine> {
  let logical: { pieces: RawLine[]; line: number; physical: RawLine[]; quotedPrintable: boolean; unread: boolean } | null = null;
  // vCard 2.1 unfolds as RFC 822 does: the whitespace after the line break stays part of the value.
  let version21 = false;
  const decode = lineDecoder(encoding);
  const done = (finished: NonNullable<typeof logical>): LogicalLine => ({
    text: decode(finished.unread ? (finished.pieces[0] ?? '') : finished.pieces.join('')),
    line: finished.line,
    physical: finished.physical,
  });
  for (const physical of physicalLines(bytes, encoding)) {
    if (logical !== null) {
      // Quoted-printable soft line break: a value ending in "=" goes on with the next line, less one space or tab
      // at its start when an encoded byte follows it. Writers that fold as RFC 822 does after a soft break
      // ("=D0=" CRLF " =B2") put it there; kept, it split a character's bytes (D0 20 B2). Before plain text the
      // space is the value's own: writers that cut lines at a fixed width leave spaces as they are ("Meeting
      // with=" CRLF " the team"), and dropping it ran the words together.
      if (logical.quotedPrintable && (logical.physical[logical.physical.length - 1] ?? '').endsWith('=')) {
        if (!logical.unread) {
          const last = logical.pieces.length - 1;
          logical.pieces[last] = (logical.pieces[last] ?? '').slice(0, -1);
          logical.pieces.push(/^[ \t]=[0-9A-Fa-f]{2}/.test(physical.text) ? physical.text.slice(1) : physical.text);
        }
        logical.physical.push(physical.text);
        continue;
      }
      if (/^[ \t]/.test(physical.text)) {
        if (!logical.unread) logical.pieces.push(version21 ? physical.text : physical.text.slice(1));
        logical.physical.push(physical.text);
        continue;
      }
      const finished = done(logical);
      yield finished;
      if (/^BEGIN:VCARD$/i.test(finished.text.trim())) version21 = false;
      else if (/^VERSION:\s*2\.1$/i.test(finished.text.trim())) version21 = true;
    }
    const colon = physical.text.indexOf(':');
    const head = physical.text.slice(0, Math.max(0, colon));
    const unread = unreadProperty.test(physical.text);
    // An unread property keeps its name and parameters only (its value is never imported).
    const first = unread && colon >= 0 ? physical.text.slice(0, colon + 1) : physical.text;
    logical = { pieces: [first], line: physical.line, physical: [physical.text], quotedPrintable: quotedPrintableHead.test(head), unread };
  }
  if (logical !== null) yield done(logical);
}

/** The file's cards, in order. */
export function* vcardRecords(bytes: Uint8Array, encoding: TextEncoding): Generator<VCardRecord> {
  const reader = new CardReader();
  for (const logical of logicalLines(bytes, encoding)) yield* reader.line(logical.text, logical.line);
  yield* reader.end();
}

/**
 * Each card of the file in order, numbered as vcardRecords numbers them,
 * with its text when its number is in `wanted` (null otherwise): its lines
 * from BEGIN:VCARD up to END:VCARD (or up to the next card or the file's
 * end, for a card without one), folded lines and quoted-printable breaks as
 * the file has them, joined by CRLF.
 */
export function* vcardCardTexts(bytes: Uint8Array, encoding: TextEncoding, wanted: ReadonlySet<number>): Generator<{ row: number; text: string | null }> {
  let cards = 0;
  let lines: RawLine[] | null = null;
  let open = false;
  const decode = lineDecoder(encoding);
  const close = (): { row: number; text: string | null }[] => {
    if (!open) return [];
    const text = lines === null ? null : decode(lines.join('\r\n'));
    open = false;
    lines = null;
    return [{ row: cards, text }];
  };
  let agent = new AgentNesting();
  for (const logical of logicalLines(bytes, encoding)) {
    const upper = open && agent.nested(logical.text) ? '' : logical.text.trim().toUpperCase();
    if (upper === 'BEGIN:VCARD') {
      agent = new AgentNesting();
      yield* close();
      cards += 1;
      open = true;
      if (wanted.has(cards)) lines = [];
    }
    // One at a time: a photo folded into 100,000 lines spread as arguments overflows the call stack.
    if (lines !== null) for (const physical of logical.physical) lines.push(physical);
    if (upper === 'END:VCARD') yield* close();
  }
  yield* close();
}
