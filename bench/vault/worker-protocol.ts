// The messages between vault.bench.ts and its worker processes
// (vault-worker.ts). One builder makes the fixture files; then each side of
// the SQLCipher/plain comparison runs in a process of its own, because
// SQLCipher's cipher_memory_security is process-wide: once any encrypted
// connection turns it on, every connection in that process, plain ones
// included, allocates through mlock/munlock, and an in-process plain baseline
// would silently carry part of the cost it is meant to leave out.
import { z } from 'zod';

/**
 * encrypted: Connection.open, as the vault runs.
 * plain: Connection.openPlain in a process that never opened an encrypted database.
 * plain-memory-security: Connection.openPlain after an encrypted connection turned
 *   memory security on in the process; a diagnostic that splits the overhead in two.
 */
export const Side = z.enum(['encrypted', 'plain', 'plain-memory-security']);
export type Side = z.infer<typeof Side>;
export const Role = z.union([Side, z.literal('builder')]);
export type Role = z.infer<typeof Role>;

/** A benchmark-only key, made by the parent for this run. */
const DekHex = z.string().regex(/^[0-9a-f]{64}$/);

export const Request = z.discriminatedUnion('op', [
  z.object({
    id: z.number(),
    op: z.literal('build'),
    source: z.string(),
    encrypted: z.string(),
    plains: z.array(z.string()),
    dekHex: DekHex,
    contacts: z.number().int(),
    seed: z.number().int(),
  }),
  z.object({ id: z.number(), op: z.literal('load'), file: z.string(), dekHex: DekHex.nullable() }),
  z.object({ id: z.number(), op: z.literal('open'), warmups: z.number().int(), samples: z.number().int() }),
  z.object({ id: z.number(), op: z.literal('mix'), seed: z.number().int(), fraction: z.number(), clockOffset: z.number().int() }),
  z.object({ id: z.number(), op: z.literal('exit') }),
]);
export type Request = z.infer<typeof Request>;
export type RequestBody = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export const BuildResult = z.object({
  sourceBytes: z.number(),
  buildMs: z.number(),
  buildCpuMs: z.number(),
  exportMs: z.number(),
});
export type BuildResult = z.infer<typeof BuildResult>;

const Scalar = z.union([z.string(), z.number()]);

export const LoadResult = z.object({
  sqlite: z.record(z.string(), Scalar),
  cipher: z.record(z.string(), z.string()),
  memorySecurity: z.boolean(),
  dbBytes: z.number(),
  walBytes: z.number(),
  contacts: z.number(),
  /** The load's own open (open, migration check, first page of 50): the first in the worker process. */
  firstOpenMs: z.number(),
});
export type LoadResult = z.infer<typeof LoadResult>;

/** `warmups`: the times of the opens before the samples, kept so the first ones are on record. */
export const OpenResult = z.object({ warmups: z.array(z.number()), samples: z.array(z.number()) });
export type OpenResult = z.infer<typeof OpenResult>;

export const MixResult = z.object({
  pointReadsMs: z.number(),
  pagesMs: z.number(),
  insertsMs: z.number(),
  updatesMs: z.number(),
  totalMs: z.number(),
  rowsRead: z.number(),
  rowsInserted: z.number(),
  /** Clock readings (fixture-contact slots) the run used; the next run starts after them. */
  clockReadingsUsed: z.number(),
  /** CPU time of the whole worker process (all threads) during the mix; far less sensitive to other load than wall time. */
  cpuMs: z.number(),
});
export type MixResult = z.infer<typeof MixResult>;

/** The worker's answer to a request: harness/child-rpc.ts's reply. */
export { Reply as Response } from '../harness/child-rpc';
