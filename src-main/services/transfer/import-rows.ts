// One imported row → a validated draft, or the reasons it cannot be imported.
// Validation is the domain's own zod schema (ContactDraft / AccountDraft), the
// same one the create channels use, so an import accepts exactly what the
// forms accept; its messages name the rule, never the value. Problems are
// reported against the import field the user mapped (email, city, …).
import type { z } from 'zod';
import { fieldRuleOf } from '../../../src-shared/ipc/reasons';
import { AccountDraft } from '../../../src-shared/domain/account';
import { tagSeparators } from '../../../src-shared/domain/common';
import { ContactDraft } from '../../../src-shared/domain/contact';
import type { ImportEntity, ImportField, Rejection } from '../../../src-shared/transfer/import';
import type { FieldValues } from './column-mapping';
import { added, emailKey, phoneKey } from './duplicate-keys';
import { replacementChar } from './decode-text';

export type ImportDraft =
  | { readonly entity: 'contacts'; readonly draft: ContactDraft; readonly company: string | null }
  | { readonly entity: 'accounts'; readonly draft: AccountDraft; readonly company: null };

/**
 * A checked row that matched one record already in the vault, in an import that updates such records:
 * the record (its rowid, as the duplicate keys were read) and the fields the row has values for.
 */
export interface ImportUpdate {
  readonly row: number;
  readonly record: number;
  readonly item: ImportDraft;
  readonly fields: readonly ImportField[];
}

export interface CheckedRow {
  readonly row: number;
  readonly result: ImportDraft | null;
  readonly problems: Rejection[];
}

/** Cells holding several values, split on the separators given (emailCellSeparators, phoneCellSeparators, tags'). */
function listOf(values: readonly string[] | undefined, separators: RegExp): string[] {
  const list: string[] = [];
  for (const value of values ?? []) {
    for (const part of value.split(separators)) {
      const trimmed = part.trim();
      if (trimmed !== '') list.push(trimmed);
    }
  }
  return list;
}

function single(values: readonly string[] | undefined, joiner = ' '): string | undefined {
  if (values === undefined) return undefined;
  const [only] = values;
  return values.length === 1 && only !== undefined ? only : values.join(joiner);
}

/**
 * Tags from their cells: split on tagSeparators (, ; and their Chinese
 * forms) and on Google's " ::: " (its
 * "Group Membership" column), with Google's mark of a system group ("* ")
 * dropped, and without "myContacts", the group every Google contact is in.
 */
const tagCellSeparators = new RegExp(`${tagSeparators.source}|:::`);

function tagsOf(values: readonly string[] | undefined): string[] {
  return listOf(values, tagCellSeparators)
    .map((tag) => tag.replace(/^\*\s+/, ''))
    .filter((tag) => tag !== '' && tag !== 'myContacts');
}

/**
 * Several addresses or numbers in one cell: Google's " ::: " (two values of one label share a cell in its CSV)
 * as well as ; and , (addresses) or ; and a slash between spaces (numbers, as "0612 / 0687" is typed), each
 * with the forms a Chinese keyboard types (，、 and ；). Before, Google's emails were refused as one bad address
 * and its numbers kept as one "phone" whose digits, run together, matched no duplicate.
 */
const emailCellSeparators = tagCellSeparators;
const phoneCellSeparators = /[;\uFF1B]|:::|\s\/\s/;

const addressFields = [['street', ', '], ['city', ' '], ['region', ' '], ['postalCode', ' '], ['country', ' ']] as const;

/** Han, kana and Hangul (and the marks names written in them use): a name part in one of the scripts that put the family name first. */
const familyFirstScript = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー・ \u3000]+$/u;

/**
 * A name from its parts: "John Smith", but "王小明" from 姓 王 and 名 小明 (Chinese, Japanese and Korean put the
 * family name first, with no space): joined the Western way, every such name was stored as "小明 王" and missed
 * the "王小明" already in the vault as a duplicate.
 */
function joinedName(first: string | undefined, last: string | undefined): string {
  if (first !== undefined && last !== undefined && familyFirstScript.test(first) && familyFirstScript.test(last)) return `${last}${first}`;
  return [first, last].filter((part) => part !== undefined).join(' ');
}

/** The draft object before validation; absent keys take the schema's defaults. (Loops, not array chains: this runs once per imported row.) */
function rawDraft(entity: ImportEntity, fields: FieldValues): Record<string, unknown> {
  const address: Record<string, string> = {};
  for (const [field, joiner] of addressFields) {
    const value = single(fields[field], joiner);
    if (value !== undefined) address[field] = value;
  }
  const common = { address, tags: tagsOf(fields.tags) };
  if (entity === 'accounts') {
    return { ...common, name: single(fields.name) ?? '', industry: single(fields.industry), website: single(fields.website), territory: single(fields.territory) };
  }
  const fullName = single(fields.name) ?? joinedName(single(fields.firstName), single(fields.lastName));
  const preferred = single(fields.preferredChannel)?.toLowerCase();
  return {
    ...common,
    name: fullName,
    title: single(fields.title),
    // Once each: "E-mail Address" and "E-mail 2 Address", or a cell, may repeat one (as an update's merge leaves out).
    emails: added([], listOf(fields.email, emailCellSeparators), emailKey),
    phones: added([], listOf(fields.phone, phoneCellSeparators), phoneKey),
    notes: single(fields.notes, '\n'),
    ...(preferred === undefined ? {} : { preferredChannel: preferred }),
  };
}

/** The import field a schema issue path points at. */
function fieldOfPath(entity: ImportEntity, path: readonly PropertyKey[]): string {
  const [first, second] = path;
  if (first === 'emails') return 'email';
  if (first === 'phones') return 'phone';
  if (first === 'address' && typeof second === 'string') return second;
  if (first === 'name' && entity === 'contacts') return 'name';
  return typeof first === 'string' ? first : 'row';
}

/** A schema's issues as the row's rejections, one per field and message, each against the import field mapped. */
export function schemaProblems(row: number, entity: ImportEntity, error: z.ZodError): Rejection[] {
  const seen = new Set<string>();
  const problems: Rejection[] = [];
  for (const issue of error.issues) {
    const field = fieldOfPath(entity, issue.path);
    const key = `${field}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ row, field, code: 'invalid', message: issue.message, reasons: [fieldRuleOf(issue)] });
  }
  return problems;
}

const encodingMessage = 'Contains bytes that are not valid UTF-8: save or export the file as UTF-8 ("CSV UTF-8" in a spreadsheet) and import it again';

/** Validates a row's mapped values into a draft of the entity. */
export function checkRow(row: number, entity: ImportEntity, fields: FieldValues): CheckedRow {
  // A NUL past the first 64 KiB the file check looks at is garbled text too: no one types one.
  const undecodable = (Object.keys(fields) as ImportField[]).filter((field) => fields[field]?.some((value) => value.includes(replacementChar) || value.includes('\u0000')));
  if (undecodable.length > 0) {
    return { row, result: null, problems: undecodable.map((field) => ({ row, field, code: 'encoding', message: encodingMessage, reasons: [{ code: 'not_utf8' }] })) };
  }
  const raw = rawDraft(entity, fields);
  if (entity === 'accounts') {
    const parsed = AccountDraft.safeParse(raw);
    return parsed.success
      ? { row, result: { entity, draft: parsed.data, company: null }, problems: [] }
      : { row, result: null, problems: schemaProblems(row, entity, parsed.error) };
  }
  const parsed = ContactDraft.safeParse(raw);
  const company = single(fields.company)?.trim() ?? '';
  if (!parsed.success) return { row, result: null, problems: schemaProblems(row, entity, parsed.error) };
  if (company.length > 200) return { row, result: null, problems: [{ row, field: 'company', code: 'invalid', message: 'Use at most 200 characters', reasons: [{ code: 'too_long', max: 200 }] }] };
  return { row, result: { entity, draft: parsed.data, company: company === '' ? null : company }, problems: [] };
}
