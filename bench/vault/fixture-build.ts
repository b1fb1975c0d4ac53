// Makes the benchmark's files: one plain source vault of 100k contacts
// (1,000 through createContact, the rest in bulk, checked against each other
// by bulk-contacts.ts), then an encrypted and one or more plain copies of it
// through sqlcipher_export, so every side starts from the same bytes laid out
// the same way. Runs in the builder process, which never turns on SQLCipher's
// memory security: a bulk build under it takes about three times as long.
import { rm, stat } from 'node:fs/promises';
import { Connection } from '../../src-main/vault/connection';
import { migrate } from '../../src-main/vault/migrate';
import { bulkCreateContacts, checkShape, tableCounts } from './bulk-contacts';
import { acknowledgeAll, createContacts, generateContacts } from './contact-fixture';
import { exportCopy } from './export-copy';
import type { BuildResult } from './worker-protocol';

/** Contacts per write transaction in the bulk part: large, since the build is not what is measured. */
const BULK_BATCH = 2000;
/** The first contacts go through createContact itself, so the bulk path can be checked against it. */
const SERVICE_MADE = 1000;

export interface BuildRequest {
  readonly source: string;
  readonly encrypted: string;
  readonly plains: readonly string[];
  readonly dek: Buffer;
  readonly contacts: number;
  readonly seed: number;
}

async function removeDatabase(file: string): Promise<void> {
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(file + suffix, { force: true })));
}

export async function buildFixture(request: BuildRequest): Promise<BuildResult> {
  const contacts = generateContacts(request.contacts, request.seed);
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  const connection = await Connection.openPlain(request.source, { create: true });
  try {
    await migrate(connection);
    await createContacts(connection, contacts.slice(0, SERVICE_MADE), SERVICE_MADE);
    await acknowledgeAll(connection);
    const afterService = await tableCounts(connection);
    await bulkCreateContacts(connection, contacts.slice(SERVICE_MADE), BULK_BATCH);
    checkShape(afterService, await tableCounts(connection), SERVICE_MADE, contacts.length);
    await connection.checkpoint();
  } finally {
    await connection.close();
  }
  const buildMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const sourceBytes = (await stat(request.source)).size;

  const exportStart = performance.now();
  await exportCopy(request.source, request.encrypted, request.dek);
  for (const plain of request.plains) await exportCopy(request.source, plain, null);
  const exportMs = performance.now() - exportStart;
  await removeDatabase(request.source);
  return { sourceBytes, buildMs, buildCpuMs: (cpu.user + cpu.system) / 1000, exportMs };
}
