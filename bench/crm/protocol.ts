// The messages between crm.bench.ts and its child processes (worker.ts).
// Each child does one job and exits: the service seed (it opens the vault
// through the app, which turns SQLCipher's process-wide memory security on),
// the bulk writer (a process that never turns it on: bulk SQL under it runs
// about three times slower), and the measurement (a fresh process, so its
// resident set is that of a main process that opened the vault and served
// these calls, and nothing else).
import { z } from 'zod';

const VaultLocation = z.object({ dataDir: z.string(), keychainService: z.string(), password: z.string() });

const Sizes = z.object({ accounts: z.number().int().positive(), contacts: z.number().int().positive(), seed: z.number().int() });

export const GrownCounts = z.object({
  accounts: z.number().int(),
  contacts: z.number().int(),
  record_tags: z.number().int(),
  field_versions: z.number().int(),
  search_docs: z.number().int(),
});

export const Job = z.discriminatedUnion('role', [
  VaultLocation.extend(Sizes.shape).extend({ role: z.literal('seed'), serviceAccounts: z.number().int(), serviceContacts: z.number().int() }),
  VaultLocation.extend(Sizes.shape).extend({
    role: z.literal('bulk'),
    serviceAccountIds: z.array(z.string()),
    serviceContacts: z.number().int(),
    deviceId: z.string(),
  }),
  VaultLocation.extend(Sizes.shape).extend({ role: z.literal('measure'), cacheKiB: z.number().int().positive().nullable() }),
  VaultLocation.extend({ role: z.literal('create') }),
  VaultLocation.extend({ role: z.literal('sequential'), contacts: z.number().int().positive() }),
]);
export type Job = z.infer<typeof Job>;

export const SeedResult = z.object({ accountIds: z.array(z.string()), deviceId: z.string(), counts: GrownCounts, seconds: z.number() });
export type SeedResult = z.infer<typeof SeedResult>;

export const BulkResult = z.object({
  written: GrownCounts,
  seconds: z.number(),
  cpuSeconds: z.number(),
  memorySecurity: z.string(),
});
export type BulkResult = z.infer<typeof BulkResult>;

const Summary = z.object({ n: z.number(), median: z.number(), p95: z.number(), min: z.number(), max: z.number() });

/** Timings of one kind of query: its label, how many ran, and their summary. */
export const QueryGroup = z.object({ label: z.string(), summary: Summary, rows: z.number() });
export type QueryGroup = z.infer<typeof QueryGroup>;

export const MeasureResult = z.object({
  unlockMs: z.number(),
  search: z.object({ all: Summary, groups: z.array(QueryGroup), hits: z.number() }),
  list: z.object({ all: Summary, groups: z.array(QueryGroup), serviceOnly: Summary }),
  /** `wrong`: the group of each case answered wrongly (a known key naming none, a new one naming some). */
  lookAlikes: z.object({ all: Summary, groups: z.array(QueryGroup), wrong: z.array(z.string()) }),
  rssBytes: z.number(),
  /** process.resourceUsage().maxRSS when rssBytes was read: the resident set's peak up to then. */
  peakRssBytes: z.number(),
  rssAfterUnlockBytes: z.number(),
  heapUsedBytes: z.number(),
  counts: GrownCounts,
  sqlite: z.record(z.string(), z.union([z.string(), z.number()])),
  cipher: z.record(z.string(), z.string()),
});
export type MeasureResult = z.infer<typeof MeasureResult>;

export const Done = z.object({ seconds: z.number() });

export const Reply = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type Reply = z.infer<typeof Reply>;
