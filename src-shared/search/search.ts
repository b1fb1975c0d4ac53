// Global search (Ctrl/Cmd+K): what the renderer sends and what comes back.
// A hit carries only what the result list shows; the record itself is
// fetched through its entity's `<entity>.get` channel when opened.
import { z } from 'zod';
import { SyncedEntity } from '../sync/protocol';
import { maxQueryChars } from './search-text';

export const maxSearchHits = 50;
/** A hit's own subtitle parts are at most two (record-titles.ts reads two columns per entity). */
export const maxSubtitleParts = 2;

export const SearchQuery = z
  .object({
    text: z.string().max(maxQueryChars, `Search for at most ${maxQueryChars} characters`),
    /** Limit the search to these entities; all readable ones when omitted. */
    entities: z.array(SyncedEntity).min(1, 'Choose at least one kind of record').max(SyncedEntity.options.length).optional(),
    limit: z.number().int('Expected a whole number').min(1, 'Ask for at least one hit').max(maxSearchHits, `Ask for at most ${maxSearchHits} hits`).default(20),
  })
  .strict();
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchHit = z.object({
  entity: SyncedEntity,
  id: z.string().uuid(),
  /** The record's name (a contact's or account's name, a deal's name, a task's title, an activity's subject). */
  title: z.string(),
  /**
   * What tells two hits with the same title apart (job title, company, industry, …), as separate values,
   * none empty, in the order shown: a value may itself hold " · ", so they are never joined into one string
   * (the renderer shows each in a <bdi> of its own). Empty when the record has none the caller may read.
   */
  subtitle: z.array(z.string().min(1)).max(maxSubtitleParts),
  /**
   * A deal hit's stage and amount, which the renderer adds to the second line
   * in the UI language: two deals of one account often share their name.
   * The stage's name is the pipeline's (null when the pipeline no longer has it).
   */
  deal: z
    .object({ stageId: z.string(), stageName: z.string().nullable(), amount: z.number().int().nonnegative(), currency: z.string() })
    .optional(),
  /**
   * A contact found by one of its emails or phones and not by its name: that email or phone (the one
   * holding most of the words typed), so the row says why it matched and which of two like names is meant.
   */
  matched: z.object({ field: z.enum(['email', 'phone']), value: z.string().min(1) }).optional(),
});
export type SearchHit = z.infer<typeof SearchHit>;

/** Counts of trashed matches stop past this many ("99+"). */
export const trashedCountCap = 99;

/**
 * The records in the trash that match the query, by entity (those with any only): the index holds live
 * records only, so these are counted apart, and only when the hits do not fill the page asked for.
 * A count of `trashedCountCap` + 1 means more than the cap.
 */
export const TrashedMatches = z
  .array(z.object({ entity: SyncedEntity, count: z.number().int().min(1).max(trashedCountCap + 1) }))
  .max(SyncedEntity.options.length);
export type TrashedMatches = z.infer<typeof TrashedMatches>;

export const SearchResult = z.object({ hits: z.array(SearchHit).max(maxSearchHits), trashed: TrashedMatches.optional() });
export type SearchResult = z.infer<typeof SearchResult>;
