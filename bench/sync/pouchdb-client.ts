// The PouchDB baseline's client side: PouchDB with the memory, HTTP and
// replication plugins; a remote database reached through a pinned-CA agent;
// the shared bench records as PouchDB documents; and zod schemas for every
// PouchDB answer the benchmark reads (pouchdb-modules.d.ts types them unknown).
import type https from 'node:https';
import PouchDB, { type FetchOptions, type PouchDocument } from 'pouchdb-core';
import httpAdapter from 'pouchdb-adapter-http';
import memoryAdapter from 'pouchdb-adapter-memory';
import replication from 'pouchdb-replication';
import { z } from 'zod';
import type { BenchRecord } from './records';
import { pinnedFetch } from './pouchdb-tls';

export const ClientPouch = PouchDB.plugin(memoryAdapter).plugin(httpAdapter).plugin(replication);
export type ClientDb = InstanceType<typeof ClientPouch>;

/** pouchdb-replication 9's defaults, which the benchmark keeps (it passes no options); recorded with each result. */
export const replicationDefaults = { batch_size: 100, batches_limit: 10 } as const;

/** A database in this process's memory. */
export function memoryDb(name: string): ClientDb {
  return new ClientPouch(name, { adapter: 'memory' });
}

/** Counts the HTTPS requests a client sends, so results can say how many round trips a sync took. */
export class RequestCounter {
  count = 0;
}

/** Database `url` on the server, reached through `agent` (which trusts only the run's CA). */
export function remoteDb(url: string, agent: https.Agent, counter?: RequestCounter): ClientDb {
  const fetch = pinnedFetch(agent);
  return new ClientPouch(url, {
    fetch:
      counter === undefined
        ? fetch
        : (target: string, options: FetchOptions) => {
            counter.count += 1;
            return fetch(target, options);
          },
  });
}

/** A bench record as one PouchDB document: its id and its fields (none of which starts with `_`). */
export function toDocument(record: BenchRecord): PouchDocument {
  return { _id: record.id, ...record.fields };
}

const ReplicationResult = z.looseObject({
  ok: z.boolean(),
  status: z.string(),
  docs_read: z.number().int(),
  docs_written: z.number().int(),
  doc_write_failures: z.number().int(),
  errors: z.array(z.unknown()),
});
export type ReplicationResult = z.infer<typeof ReplicationResult>;

/** Replicates source → target once (PouchDB's defaults) and checks it completed without a failure. */
export async function replicateOnce(source: ClientDb, target: ClientDb): Promise<ReplicationResult> {
  const result = ReplicationResult.parse(await ClientPouch.replicate(source, target));
  if (!result.ok || result.status !== 'complete' || result.doc_write_failures > 0 || result.errors.length > 0) {
    throw new Error(`PouchDB replication ended ${result.status} with ${result.doc_write_failures} write failures and ${result.errors.length} errors`);
  }
  return result;
}

const Info = z.looseObject({ doc_count: z.number().int(), update_seq: z.union([z.number(), z.string()]) });

export async function docCount(db: ClientDb): Promise<number> {
  return Info.parse(await db.info()).doc_count;
}

const BulkResults = z.array(z.union([z.looseObject({ ok: z.literal(true), id: z.string(), rev: z.string() }), z.looseObject({ error: z.unknown() })]));

/** Writes documents; throws unless every one was written. */
export async function bulkWrite(db: ClientDb, documents: readonly PouchDocument[]): Promise<void> {
  const results = BulkResults.parse(await db.bulkDocs(documents));
  const failed = results.filter((result) => !('ok' in result)).length;
  if (results.length !== documents.length || failed > 0) throw new Error(`bulkDocs wrote ${results.length - failed} of ${documents.length} documents`);
}

const StoredDocument = z.looseObject({ _id: z.string(), _rev: z.string() });
export type StoredDocument = z.infer<typeof StoredDocument>;

/** The current documents with these ids, with their revisions; throws if one is missing. */
export async function readDocuments(db: ClientDb, ids: readonly string[]): Promise<StoredDocument[]> {
  const answer = z.object({ rows: z.array(z.looseObject({ doc: StoredDocument.optional() })) }).parse(await db.allDocs({ keys: ids, include_docs: true }));
  const documents = answer.rows.flatMap((row) => (row.doc === undefined ? [] : [row.doc]));
  if (documents.length !== ids.length) throw new Error(`${ids.length - documents.length} of ${ids.length} documents are missing`);
  return documents;
}

export async function readDocument(db: ClientDb, id: string): Promise<StoredDocument> {
  return StoredDocument.parse(await db.get(id));
}
