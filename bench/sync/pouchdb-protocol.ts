// The messages between the sync benchmark and the PouchDB baseline's server
// process (pouchdb-server-process.ts): start express-pouchdb over TLS, load
// documents in bulk from a file (untimed set-up), report CPU time and refused connections, exit. The
// server runs in a process of its own for the same reason FieldVault's does
// (bench/sync/fieldvault-server.ts): client and server each get a core of
// this two-core machine instead of sharing one event loop.
import { z } from 'zod';

export const ServerRequest = z.discriminatedUnion('op', [
  z.object({
    id: z.number(),
    op: z.literal('start'),
    certPem: z.string(),
    keyPem: z.string(),
    caPem: z.string(),
    /** express-pouchdb gzips responses by default; see pouchdb-server.ts for why the bench turns that off. */
    compression: z.boolean(),
  }),
  /** Creates `db` (if new) and writes the documents in `file` (a JSON array) with bulkDocs, `chunk` at a time. */
  z.object({ id: z.number(), op: z.literal('load'), db: z.string(), file: z.string(), chunk: z.number().int().positive() }),
  z.object({ id: z.number(), op: z.literal('stats') }),
  z.object({ id: z.number(), op: z.literal('exit') }),
]);
export type ServerRequest = z.infer<typeof ServerRequest>;
export type ServerRequestBody = ServerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export const StartResult = z.object({ port: z.number().int().positive(), pouchdbVersion: z.string() });
export type StartResult = z.infer<typeof StartResult>;

export const LoadResult = z.object({ docCount: z.number().int(), updateSeq: z.union([z.number(), z.string()]), ms: z.number() });
export type LoadResult = z.infer<typeof LoadResult>;

/** CPU time (user + system) the server process has used since it started, and connections its HTTP parser refused. */
export const StatsResult = z.object({ cpuMs: z.number(), clientErrors: z.number().int() });
export type StatsResult = z.infer<typeof StatsResult>;

/** The server process's answer to a request: harness/child-rpc.ts's reply. */
export { Reply as ServerResponse } from '../harness/child-rpc';

/** A document as the loader writes it: an id and JSON fields. */
export const LoadDocument = z.looseObject({ _id: z.string().min(1) });
