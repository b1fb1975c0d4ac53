// PouchDB baseline of sync_incremental_100_p95_ms: after the initial sync,
// "another device" (its own HTTPS client of the same server database) edits
// `changes` records the way a rep edits them (records.ts editedFields), then
// the synced device replicates just those with PouchDB.replicate(remote,
// local), which is timed. Repeated `rounds` times after `warmups` untimed
// rounds; every round is checked (documents written, one edit arrived).
import type { Details } from '../harness/benchmark';
import { median, round, summarise } from '../harness/stats';
import { editedFields, editedRecords, type BenchRecord } from './records';
import { bulkWrite, readDocument, readDocuments, remoteDb, replicateOnce, replicationDefaults, type ClientDb } from './pouchdb-client';
import { RECORDS_DB, type PouchdbSession } from './pouchdb-initial';
import { pinnedAgent } from './pouchdb-tls';

export interface PouchdbIncrementalOptions {
  /** Records edited per round. Default 100. */
  readonly changes?: number;
  /** Timed rounds. Default 25. */
  readonly rounds?: number;
  /** Untimed rounds first (JIT, connection). Default 3. */
  readonly warmups?: number;
  readonly progress?: (message: string) => void;
}

export interface PouchdbIncrementalResult {
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly samplesMs: readonly number[];
  readonly details: Details;
}


/** The other device's edit: reads the current revisions and writes the edited fields over them. */
async function editOnServer(otherDevice: ClientDb, picked: readonly BenchRecord[], round: number): Promise<Map<string, unknown>> {
  const current = await readDocuments(
    otherDevice,
    picked.map((record) => record.id),
  );
  const byId = new Map(picked.map((record) => [record.id, record]));
  const expected = new Map<string, unknown>();
  const edited = current.map((document) => {
    const record = byId.get(document._id);
    if (record === undefined) throw new Error('The server returned a document that was not asked for');
    const fields = editedFields(record, round, Date.now());
    expected.set(document._id, fields.title);
    return { ...document, ...fields };
  });
  await bulkWrite(otherDevice, edited);
  return expected;
}

export async function pouchdbIncremental(session: PouchdbSession, options: PouchdbIncrementalOptions = {}): Promise<PouchdbIncrementalResult> {
  const changes = options.changes ?? 100;
  const rounds = options.rounds ?? 25;
  const warmups = options.warmups ?? 3;
  const progress = options.progress ?? (() => undefined);
  const { server, client, remote, records } = session;
  // The editing device opens a connection per request: with a kept connection,
  // express-pouchdb's server now and then reset the large _bulk_docs that
  // follows a large _all_docs answer (seen as ECONNRESET under heavy machine
  // load). Its edits are untimed set-up, so a fresh connection costs nothing measured.
  const otherAgent = pinnedAgent(server.caPem, { keepAlive: false });
  const otherDevice = remoteDb(server.dbUrl(RECORDS_DB), otherAgent);
  const samplesMs: number[] = [];
  const requests: number[] = [];
  const refusedBefore = (await server.stats()).clientErrors;
  try {
    for (let index = 0; index < warmups + rounds; index += 1) {
      // Rounds are numbered from 1, so every edit differs from the records' initial values.
      const roundNumber = index + 1;
      const picked = editedRecords(records, roundNumber, changes);
      const expected = await editOnServer(otherDevice, picked, roundNumber);
      const requestsBefore = session.requests.count;
      const started = performance.now();
      const result = await replicateOnce(remote, client);
      const elapsedMs = performance.now() - started;
      const requestsUsed = session.requests.count - requestsBefore;
      if (result.docs_written !== changes) throw new Error(`Round ${roundNumber} replicated ${result.docs_written} of ${changes} changes`);
      const probe = picked[roundNumber % picked.length];
      if (probe === undefined) throw new Error('No record to check');
      const stored = await readDocument(client, probe.id);
      if (stored.title !== expected.get(probe.id)) throw new Error(`Round ${roundNumber}: an edit did not arrive`);
      if (index >= warmups) {
        samplesMs.push(elapsedMs);
        requests.push(requestsUsed);
      }
    }
    const refusedConnections = (await server.stats()).clientErrors - refusedBefore;
    const summary = summarise(samplesMs);
    progress(`PouchDB incremental: p50 ${summary.median} ms, p95 ${summary.p95} ms over ${rounds} rounds of ${changes} changes`);
    return {
      p50Ms: summary.median,
      p95Ms: summary.p95,
      samplesMs: samplesMs.map((value) => round(value, 2)),
      details: {
        measures: `PouchDB.replicate(remote, local) once after another device edited ${changes} records on the server (title, phones, updatedAt, updatedBy); the device already holds all ${records.length} records`,
        changes,
        rounds,
        warmupsDiscarded: warmups,
        p50Ms: summary.median,
        p95Ms: summary.p95,
        minMs: summary.min,
        maxMs: summary.max,
        httpsRequestsPerRound: median(requests),
        replication: { ...replicationDefaults, source: 'pouchdb-replication defaults (no options passed)' },
        connection: 'the synced device keeps its keep-alive TLS connection between rounds; the editing device opens one per request',
        serverRefusedConnections: refusedConnections,
      },
    };
  } finally {
    otherAgent.destroy();
  }
}
