// Building blocks every CRM entity shares: sensitivity classes, record
// metadata, bounded text, dates, tags, addresses, list paging and the shapes
// of delete/restore answers. Every string has an upper bound so that no
// input can exhaust memory, and every message names the rule, never a value.
import { z } from 'zod';
import { UserId } from './ids';

/** How carefully a field is handled: visibility, masking and search follow from it. */
export const sensitivities = ['public', 'internal', 'personal', 'sensitive'] as const;
export const Sensitivity = z.enum(sensitivities);
export type Sensitivity = z.infer<typeof Sensitivity>;

/**
 * The masking rule, wherever a value is read (a record's page, a timeline): a 'sensitive' field (notes,
 * activity bodies) is shown as dots until the user asks to see it ("Show"), one value at a time; public,
 * internal and personal fields are shown as they are.
 */
export function masksUntilShown(sensitivity: Sensitivity): boolean {
  return sensitivity === 'sensitive';
}

/** Trimmed single-line text of at most `max` characters. */
export const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters`);
/** Trimmed text that must not be empty. */
export const requiredText = (max: number, label: string) => text(max).min(1, `${label} is required`);

/** Notes and activity bodies: large, but bounded so one field cannot exhaust the vault or a sync push. */
export const maxLongTextChars = 1_000_000;
export const LongText = z
  .string()
  .max(maxLongTextChars, `Notes are limited to ${maxLongTextChars.toLocaleString('en-US')} characters`);

/**
 * The refinements that bound a time carry these params, so a form or an
 * import words them as the years a time may fall in (fieldRuleOf in
 * src-shared/ipc/reasons.ts), not as a bound in milliseconds.
 */
export const timeRangeRule = { params: { rule: 'time_range' } } as const;

/** Milliseconds since the Unix epoch (UTC). */
export const Timestamp = z
  .number({ error: 'Expected a time' })
  .int('Expected a whole number of milliseconds')
  .refine((time) => time >= 0, { ...timeRangeRule, message: 'Times before 1970 are not supported' })
  .refine((time) => time <= 32_503_680_000_000, { ...timeRangeRule, message: 'Times after the year 3000 are not supported' });
export type Timestamp = z.infer<typeof Timestamp>;

/** A calendar date, YYYY-MM-DD, that exists (2026-02-30 is refused). */
export const IsoDate = z.iso.date({ error: 'Not a real date (use YYYY-MM-DD)' });
export type IsoDate = z.infer<typeof IsoDate>;

/** A calendar month, YYYY-MM. */
export const YearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Not a month (use YYYY-MM)');
export type YearMonth = z.infer<typeof YearMonth>;

/** ISO 4217 alphabetic currency code. */
/** The patterns of the text rules a form or an import words by name (fieldRuleOf in src-shared/ipc/reasons.ts). */
export const currencyCodePattern = /^[A-Z]{3}$/;
export const phonePattern = /^[^\p{Cc}]*$/u;
export const tagPattern = /^[^\p{Cc},]*$/u;

export const CurrencyCode = z.string().regex(currencyCodePattern, 'Use a three-letter currency code such as EUR');
export type CurrencyCode = z.infer<typeof CurrencyCode>;

/** Digits after the decimal point for a currency (JPY 0, EUR 2, KWD 3; 2 for a code Intl does not know). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * The same amount in another currency's minor units: the face value stays
 * (125.00 USD is 12500; as JPY it is 125, not 12,500), rounded half up when
 * the new currency has fewer digits (125.37 USD becomes 125 JPY).
 */
export function rescaleMinorUnits(amount: number, from: string, to: string): number {
  const shift = currencyDigits(to) - currencyDigits(from);
  return shift >= 0 ? amount * 10 ** shift : Math.round(amount / 10 ** -shift);
}

/** An amount in the currency's minor unit (cents); never negative. */
export const MinorUnits = z
  .number({ error: 'Expected an amount' })
  // The bounds first: a field's first issue is the one a form shows, and .int() reports its own safe-integer bounds.
  .min(0, 'The amount cannot be negative')
  .max(Number.MAX_SAFE_INTEGER, 'The amount is too large')
  .int('Give the amount in minor units (whole cents)');

/**
 * An e-mail address, internationalised ones included (RFC 6531/6532): zod's default pattern admits ASCII only
 * and a last label of two ASCII letters, which refused info@müller.de, 张伟@公司.中国 and the punycode of a
 * .中国 address (user@example.xn--fiqs8s). This is that pattern with its letters and digits widened to every
 * script's (\p{L}, \p{Nd}, and \p{M} but never first, for NFD text and the vowel signs of भारत), so every
 * address it admitted before is admitted still (a stored record keeps passing the sync schema on both ends).
 * Still refused: white space, control and format characters (U+200B, U+202E), lone surrogates, symbols, quotes,
 * brackets, a dot at either end of the local part or two in a row, an empty label, no dot in the domain, and an
 * ideographic full stop (。) as a dot. A punycode last label ("xn--…") stands where letters are asked for.
 */
const emailLocalChar = String.raw`[\p{L}\p{M}\p{Nd}_'+\-]`;
const emailLabel = String.raw`[\p{L}\p{Nd}][\p{L}\p{M}\p{Nd}\-]*`;
const emailLastLabel = String.raw`(?:\p{L}[\p{L}\p{M}]+|[Xx][Nn]--[A-Za-z0-9\-]*[A-Za-z0-9])`;
const emailPattern = new RegExp(
  String.raw`^(?!\p{M})(?:${emailLocalChar}+\.)*${emailLocalChar}*[\p{L}\p{M}\p{Nd}_+\-]@(?:${emailLabel}\.)+${emailLastLabel}$`,
  'u',
);
export const Email = z.email({ pattern: emailPattern, error: 'Not a valid email address' }).max(320, 'Use at most 320 characters');
export const Phone = requiredText(50, 'The phone number').regex(phonePattern, 'Not a valid phone number');

/**
 * What separates tags typed in one box: commas and semicolons, and their
 * full-width forms and the ideographic comma a Chinese keyboard types (，、；).
 */
export const tagSeparators = /[,;\uFF0C\u3001\uFF1B]/;

/**
 * What two tags that are the same tag share: case does not tell them apart, in any script ("Ärzte", "ärzte").
 * record_tags holds it, not the spelling: its NOCASE collation, like SQL's LIKE and lower(), folds ASCII only.
 */
export function tagKey(tag: string): string {
  return tag.toLowerCase();
}

/** Tags in their order, each kept once: a later one that differs from an earlier one only in case is dropped. */
export function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    const key = tagKey(tag);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Labels a record for filtering; compared case-insensitively, duplicates dropped. */
export const Tag = requiredText(50, 'A tag').regex(tagPattern, 'Tags cannot contain commas or control characters');
/** The most tags a record keeps. */
export const tagsMax = 50;
export const Tags = z.array(Tag).max(tagsMax, `Use at most ${tagsMax} tags`).transform(uniqueTags);

export const Address = z
  .object({
    street: text(200).default(''),
    city: text(100).default(''),
    region: text(100).default(''),
    postalCode: text(20).default(''),
    country: text(100).default(''),
  })
  .strict();
export type Address = z.infer<typeof Address>;
export const emptyAddress: Address = { street: '', city: '', region: '', postalCode: '', country: '' };

/** The metadata every synced record carries besides its own fields. */
export const recordMeta = {
  ownerId: UserId,
  createdAt: Timestamp,
  createdBy: UserId,
  updatedAt: Timestamp,
  updatedBy: UserId,
  /** Set while the record is in the trash (soft delete); null otherwise. */
  deletedAt: Timestamp.nullable(),
};
export const metaSensitivity = {
  ownerId: 'internal',
  createdAt: 'internal',
  createdBy: 'internal',
  updatedAt: 'internal',
  updatedBy: 'internal',
  deletedAt: 'internal',
} as const satisfies Record<keyof typeof recordMeta, Sensitivity>;

// ---------------------------------------------------------------- lists

export const maxPageSize = 200;
export const PageLimit = z
  .number()
  .min(1, 'Ask for at least one row')
  .max(maxPageSize, `Ask for at most ${maxPageSize} rows`)
  .int('Expected a whole number')
  .default(50);
export const SortDirection = z.enum(['asc', 'desc']);
export type SortDirection = z.infer<typeof SortDirection>;

/**
 * Opaque keyset cursor: the last row's sort key and id, encoded by the main
 * process. It is bound to the sort it came from; reusing it under another sort is BAD_INPUT.
 */
export const Cursor = z.string().min(1).max(4096).regex(/^[A-Za-z0-9_-]+$/, 'Not a list cursor');
export type Cursor = z.infer<typeof Cursor>;

/**
 * What a range's refinement says when the range ends before it starts, and
 * the params by which a form words that rule in the user's language
 * (fieldRuleOf in src-shared/ipc/reasons.ts), not as a generic invalid value.
 */
export const rangeOrderRule = { message: 'The range ends before it starts', params: { rule: 'range_order' } } as const;

/** An inclusive time range; either end may be left open. */
export const TimeRange = z
  .object({ from: Timestamp.optional(), to: Timestamp.optional() })
  .strict()
  .refine((range) => range.from === undefined || range.to === undefined || range.from <= range.to, { ...rangeOrderRule, path: ['to'] });
export type TimeRange = z.infer<typeof TimeRange>;

/** An inclusive date range; either end may be left open. */
export const DateRange = z
  .object({ from: IsoDate.optional(), to: IsoDate.optional() })
  .strict()
  .refine((range) => range.from === undefined || range.to === undefined || range.from <= range.to, { ...rangeOrderRule, path: ['to'] });
export type DateRange = z.infer<typeof DateRange>;

/** Filters every entity list understands. */
export const commonFilter = {
  ownerId: UserId.optional(),
  /** Records carrying every one of these tags. */
  tags: z.array(Tag).max(10, 'Filter by at most 10 tags').optional(),
  createdAt: TimeRange.optional(),
  updatedAt: TimeRange.optional(),
};

/**
 * The most records a list's count counts: a list with more says "10,000+".
 * Counting stops at the cap, so a count costs at most one walk of cap + 1
 * index entries however large the vault (a million contacts included).
 */
export const listCountCap = 10_000;

/** How many records a list query matches: exact, or at least listCountCap when `capped`. */
export const ListCount = z.object({ count: z.number().int().nonnegative(), capped: z.boolean() });
export type ListCount = z.infer<typeof ListCount>;

/** The paging fields of a list query: a count, an export and a saved view take the query without them. */
export const pagingFields = { after: true, limit: true } as const;

/**
 * The parts of a list query every entity shares: sort (field + direction),
 * trash toggle, keyset cursor and limit. Each entity adds its own `filter`.
 */
export function listQueryShape<const Fields extends readonly [string, ...string[]]>(
  sortFields: Fields,
  defaultSort: { field: Fields[number]; direction: SortDirection },
) {
  return {
    sort: z
      .object({ field: z.enum(sortFields), direction: SortDirection.default('asc') })
      .strict()
      .default({ field: defaultSort.field, direction: defaultSort.direction }),
    /** 'only' lists the trash (soft-deleted records) instead. */
    deleted: z.enum(['exclude', 'only']).default('exclude'),
    after: Cursor.optional(),
    limit: PageLimit,
  };
}

export function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), next: Cursor.nullable() });
}

/** The answer to a soft delete: restore the record with `<entity>.restore { id }` to undo it. */
export const Deleted = z.object({ id: z.string().uuid(), deletedAt: Timestamp });
export type Deleted = z.infer<typeof Deleted>;

/**
 * The most records one bulk call (`<entity>.deleteMany`, `.restoreMany`,
 * `.editMany`, `.revertMany`, `tasks.setStatusMany`) takes: a list's selection of more is refused by the
 * list itself, which says so, and by the channel's schema.
 */
export const bulkMax = 500;

/**
 * The ids of a bulk move to the trash or out of it (`<entity>.deleteMany`, `.restoreMany`), of one entity's id
 * schema: at least one, at most bulkMax (a repeated id counts once). `skipGone` (the other's Undo): a record gone
 * since, in the trash again (deleteMany) or linking to a record in the trash (restoreMany) stays where it is and
 * out of the answer, where without it the whole call is refused.
 */
export function bulkRefsOf<Id extends z.ZodType<string>>(id: Id) {
  return z.object({ ids: z.array(id).min(1).max(bulkMax), skipGone: z.boolean().optional() }).strict();
}

/** The answer to a bulk soft delete: the records it moved to the trash at `deletedAt`; `<entity>.restoreMany { ids }` undoes it. */
export const BulkDeleted = z.object({ ids: z.array(z.string().uuid()), deletedAt: Timestamp });
export type BulkDeleted = z.infer<typeof BulkDeleted>;

/** The answer to a bulk restore: the records it took out of the trash (not those out already, nor those it skipped). */
export const BulkRestored = z.object({ ids: z.array(z.string().uuid()) });
export type BulkRestored = z.infer<typeof BulkRestored>;

/** The most tags one bulk tag change adds or takes away. */
export const bulkTagsMax = 10;
const BulkTags = z.array(Tag).min(1).max(bulkTagsMax, `Add or remove at most ${bulkTagsMax} tags at once`).transform(uniqueTags);

/**
 * One change over a list's selection (`<entity>.editMany`): a new owner, or
 * tags added to or taken away from each record (compared case-insensitively,
 * as tags are; an added tag a record already has is kept as it is).
 */
export const BulkChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('owner'), ownerId: UserId }).strict(),
  z.object({ kind: z.literal('addTags'), tags: BulkTags }).strict(),
  z.object({ kind: z.literal('removeTags'), tags: BulkTags }).strict(),
]);
export type BulkChange = z.infer<typeof BulkChange>;

/** A bulk edit: the selection's ids (at most bulkMax, a repeated id counts once) and the one change for all of them. */
export function bulkEditOf<Id extends z.ZodType<string>>(id: Id) {
  return z.object({ ids: z.array(id).min(1).max(bulkMax), change: BulkChange }).strict();
}

/** What a bulk edit left on one record (its owner and tags): its Undo gives back only what the edit changed. */
export const BulkAfter = z.object({ ownerId: UserId, tags: Tags }).strict();

/**
 * What a bulk edit may change on one record, as it was before (editMany's answer) or is to be again (revertMany's
 * input), with what the edit left (`after`): an Undo then gives back only what the edit changed, keeping what
 * changed on the record since (a tag added, an owner set, here or by a sync). Without `after`, it writes the
 * fields back whole.
 */
export function bulkFieldsOf<Id extends z.ZodType<string>>(id: Id) {
  return z.object({ id, ownerId: UserId, tags: Tags, after: BulkAfter.optional() }).strict();
}

/** Puts owners and tags back as `<entity>.editMany` answered them: its Undo. */
export function bulkRevertOf<Id extends z.ZodType<string>>(id: Id) {
  return z.object({ items: z.array(bulkFieldsOf(id)).min(1).max(bulkMax) }).strict();
}

/** How many tags `<entity>.tagsInUse` names. */
export const tagsInUseOffered = 12;
/** The tags most used on an entity's recently updated live records, most used first (one spelling per tag, case folded). */
export const TagsInUse = z.object({ tags: z.array(z.string()).max(tagsInUseOffered) });
export type TagsInUse = z.infer<typeof TagsInUse>;

/** The answer to editMany and revertMany: each record's owner and tags before the call and after it, for an Undo (or a Redo) to give back. */
export const BulkEdited = z.object({
  items: z.array(
    z.object({ id: z.string().uuid(), ownerId: z.string(), tags: z.array(z.string()), after: z.object({ ownerId: z.string(), tags: z.array(z.string()) }) }),
  ),
});
export type BulkEdited = z.infer<typeof BulkEdited>;

/** A patch must change something. */
export const nonEmptyPatch = (patch: Record<string, unknown>) => Object.keys(patch).length > 0;
export const emptyPatchMessage = { message: 'Change at least one field' };
