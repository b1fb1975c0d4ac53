// The PouchDB baseline's server: express-pouchdb on PouchDB with the memory
// adapter, over HTTPS on 127.0.0.1 with the FieldVault sync server's TLS
// settings, in a process of its own (pouchdb-protocol.ts says why). Forked by
// pouchdb-server.ts; takes typed requests over the IPC channel.
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import memoryAdapter from 'pouchdb-adapter-memory';
import { z } from 'zod';
import { LoadDocument, ServerRequest, type LoadResult, type StartResult } from './pouchdb-protocol';
import { serverTlsOptions } from './pouchdb-tls';

// PouchDB adds a 'destroyed' listener to a database for every _changes
// request in flight and removes it when the request ends; a team of devices
// pulling at once passes Node's leak warning threshold of 10 without leaking.
EventEmitter.defaultMaxListeners = 1_000;

const MemoryPouch = PouchDB.plugin(memoryAdapter).defaults({ adapter: 'memory' });
const Info = z.looseObject({ doc_count: z.number().int(), update_seq: z.union([z.number(), z.string()]) });

let server: https.Server | null = null;
/** Connections the HTTP parser gave up on (Node's clientError); each one reaches its client as a reset. */
let clientErrors = 0;

async function start(request: Extract<ServerRequest, { op: 'start' }>): Promise<StartResult> {
  if (server !== null) throw new Error('The server is already running');
  // minimumForPouchDB: the routes a PouchDB client uses, without CouchDB's
  // config file, log file and auth database (which would write to the cwd).
  const app = expressPouchDB({ mode: 'minimumForPouchDB', overrideMode: { exclude: request.compression ? [] : ['compression'] } });
  await app.setPouchDB(MemoryPouch);
  const listening = https.createServer(serverTlsOptions({ certPem: request.certPem, keyPem: request.keyPem, caPem: request.caPem }), app);
  await new Promise<void>((resolve, reject) => {
    listening.once('error', reject);
    listening.listen(0, '127.0.0.1', resolve);
  });
  server = listening;
  listening.on('clientError', (_error, socket) => {
    clientErrors += 1;
    socket.destroy();
  });
  const address: AddressInfo | string | null = listening.address();
  if (address === null || typeof address === 'string') throw new Error('The server has no TCP address');
  return { port: address.port, pouchdbVersion: PouchDB.version };
}

async function load(request: Extract<ServerRequest, { op: 'load' }>): Promise<LoadResult> {
  const started = performance.now();
  const documents = z.array(LoadDocument).parse(JSON.parse(await readFile(request.file, 'utf8')));
  // Constructed after setPouchDB, so express-pouchdb's all-dbs registry lists it and serves it.
  const db = new MemoryPouch(request.db);
  for (let start = 0; start < documents.length; start += request.chunk) {
    const results = z.array(z.looseObject({ ok: z.literal(true) })).safeParse(await db.bulkDocs(documents.slice(start, start + request.chunk)));
    if (!results.success) throw new Error(`bulkDocs failed in the chunk at ${start}`);
  }
  const info = Info.parse(await db.info());
  return { docCount: info.doc_count, updateSeq: info.update_seq, ms: performance.now() - started };
}

async function answer(request: ServerRequest): Promise<unknown> {
  switch (request.op) {
    case 'start':
      return start(request);
    case 'load':
      return load(request);
    case 'stats': {
      const usage = process.cpuUsage();
      return { cpuMs: (usage.user + usage.system) / 1000, clientErrors };
    }
    case 'exit':
      server?.closeAllConnections();
      server?.close();
      setImmediate(() => process.exit(0));
      return {};
  }
}

process.on('message', (raw: unknown) => {
  const parsed = ServerRequest.safeParse(raw);
  if (!parsed.success) {
    process.send?.({ id: -1, ok: false, message: 'Malformed request to the PouchDB server process' });
    return;
  }
  const { id } = parsed.data;
  answer(parsed.data).then(
    (result) => process.send?.({ id, ok: true, result }),
    (error: unknown) => process.send?.({ id, ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});

process.on('disconnect', () => process.exit(0));
