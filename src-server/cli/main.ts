// `fieldvault-server`: the sync server's command line and composition root.
// Its commands and their options are in usage.ts (`--help`, `COMMAND --help`);
// the organisation's administration (users, memberships, enrolment codes,
// erasure) is in admin-commands.ts.
// Every command that opens the store takes --store and --database-url (the
// URL is never written to disk, so a postgres folder needs it each time), and
// refuses a database on another machine without TLS unless
// --allow-plaintext-database or FIELDVAULT_ALLOW_PLAINTEXT_DATABASE=1 says so
// (database-tls.ts).
// `serve` prints exactly one line on stdout,
// `Sync server ready at https://FIRST_HOST:PORT (listening on ADDR:PORT)`
// (`…:PORT, IPv4 only: this machine has no IPv6)` when `::` fell back to 0.0.0.0);
// everything else (JSON log lines, errors) goes to stderr.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EnrolmentBundle } from '../../src-shared/sync/protocol';
import { rotateDataKey, rotateMasterKey } from '../crypto/rotation';
import { writeSecretFile } from '../crypto/secret-file';
import { startSyncServer } from '../http/server';
import { dataDirPaths, readConfig } from '../org/data-dir';
import { initOrganisation, serverUrlOf } from '../org/init';
import { demoEnrolmentBundle, demoSeedDefaults, seedDemoOrganisation } from '../org/demo-seed';
import { openOrganisation, openOrganisationOnStore } from '../org/open';
import { openConfiguredStore } from '../org/open-store';
import { checkServerCertificate, renewServerCertificate } from '../org/server-certificate';
import { watchCertificateEnd } from '../org/certificate-watch';
import { acquireRotateLock, acquireServeLock, withStoreRotateLock } from '../org/folder-lock';
import { PostgresStoreError } from '../store/postgres/postgres-errors';
import { adminCommands } from './admin-commands';
import { deviceCommands } from './device-commands';
import { checkBundlePath, writeBundleOrCancelCode } from './bundle-file';
import { checkpointFailedLog, err, jsonLog, openWithStoreOptions, out, storeOptions, transportChecked } from './cli-context';
import { ownedRecordTotals } from './demo-totals';
import { CliOptionError, dataDirOption, displayName, droppedHosts, folderStoreChoice, hostNames, listenHost, port, renewalHosts, storeChoice, wholeNumber } from './options';
import { guardServerProcess } from './process-guard';
import { startPlacementStep } from './serve-placement-step';
import { asksForHelp, usage, usageOf } from './usage';

/** How long `serve` may take to stop after SIGTERM or SIGINT before it exits anyway (with status 1). */
const stopTimeoutMs = 8_000;

const copyMasterKeyHint =
  'Copy master.key from this data folder to every server that shares this PostgreSQL database: until it has it, a server there serves on with the keys it holds but cannot open data keys added after this.';

async function init(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      'data-dir': { type: 'string' },
      name: { type: 'string', default: 'FieldVault Demo Org' },
      admin: { type: 'string', default: 'Administrator' },
      host: { type: 'string', multiple: true },
      port: { type: 'string' },
      ...storeOptions,
    },
  });
  const dataDir = dataDirOption(values['data-dir']);
  const result = await initOrganisation({
    dataDir,
    organisationName: displayName(values.name, '--name', 'the organisation’s name'),
    adminName: displayName(values.admin, '--admin', 'the first admin’s name'),
    hosts: hostNames(values.host ?? ['127.0.0.1', 'localhost']),
    port: port(values.port, 8443, 1),
    store: transportChecked(storeChoice(values, 'sqlite'), values),
  });
  out(`Organisation ${result.organisationId} created in ${dataDir}`);
  out(`First admin: ${result.adminUserId}`);
  out(`One-time enrolment code (valid 7 days): ${result.enrolmentCode}`);
  out(`Enrolment bundle (server URL, CA, code): ${result.bundlePath}`);
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, listen: { type: 'string' }, 'write-queue-ms': { type: 'string' }, ...storeOptions },
  });
  const dataDir = values['data-dir'];
  if (dataDir === undefined) throw new CliOptionError('--data-dir is required');
  const config = readConfig(dataDir);
  // An expired certificate or CA, or a key that is not the certificate's, is refused here, in words,
  // rather than by every device's handshake.
  const certificate = checkServerCertificate(dataDir, Date.now());
  const host = listenHost(values.listen, config.hosts);
  const writeQueue = values['write-queue-ms'];
  const store = {
    ...transportChecked(folderStoreChoice(values, config.store), values),
    ...(writeQueue === undefined ? {} : { writeQueueMs: wholeNumber(writeQueue, '--write-queue-ms', 100, 60_000) }),
    // A lost connection or a failing LISTEN outside any request: said in the log (its class and SQLSTATE only), where
    // it used to go unheard while wake-ups from the other processes stopped.
    onBackgroundError: (error: Error) => jsonLog('store.background_error', { kind: error.name, code: error instanceof PostgresStoreError ? error.sqlState : null }),
    onCheckpointFailed: checkpointFailedLog,
  };
  // One serve per folder on SQLite, whose pokes are per process (org/folder-lock.ts);
  // several processes on one PostgreSQL database is the designed scale-out.
  const lock = store.kind === 'sqlite' ? acquireServeLock(dataDir) : null;
  const org = await openOrganisation(dataDir, { store });
  const server = await startSyncServer({ ctx: org.ctx, certificate: org.certificate, host, port: port(values.port, config.port, 0), log: jsonLog });
  // Tasks stored before a task's buckets followed its assignee are placed once, in the background now that the
  // port is open (serve-placement-step.ts: why, and what a failure does).
  const placementStep = startPlacementStep(org.ctx, jsonLog);
  const serverUrl = serverUrlOf(config.hosts, server.port);
  refreshBundleUrl(dataDir, serverUrl);
  guardServerProcess(jsonLog);
  // Logged now and daily: a server left running must say its certificate is ending, and that it has ended.
  const stopWatch = watchCertificateEnd(certificate, jsonLog);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stopWatch();
    // In-flight requests finish and the store closes, but a database that
    // stopped answering must not keep the process alive past a supervisor's
    // grace period (10 s for docker stop).
    setTimeout(() => {
      jsonLog('server.stop_timeout', { ms: stopTimeoutMs });
      process.exit(1);
    }, stopTimeoutMs);
    // The step stops between pages; its page in flight ends before the store closes.
    Promise.all([server.close(), placementStep.stop()])
      .then(() => org.close())
      .then(
        () => {
          lock?.release();
          process.exit(0);
        },
        (error: unknown) => {
          jsonLog('server.stop_failed', { kind: error instanceof Error ? error.name : typeof error });
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const fallback = server.ipv4Fallback ? ', IPv4 only: this machine has no IPv6' : '';
  out(`Sync server ready at ${serverUrl} (listening on ${server.listenAddress}${fallback})`);
}

/**
 * The demo bundle names the port `init` was given; point it at the port
 * actually served. A bundle that is no JSON (a hand edit gone wrong) is left
 * as it is and said in one log line, without JSON.parse's message (it quotes
 * the file, the one-time code with it): it took serve down after it had
 * bound its port.
 */
function refreshBundleUrl(dataDir: string, serverUrl: string): void {
  const path = dataDirPaths(dataDir).bundle;
  if (!existsSync(path)) return;
  let parsed: ReturnType<typeof EnrolmentBundle.safeParse>;
  try {
    parsed = EnrolmentBundle.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    jsonLog('serve.bundle_unreadable', { kind: error instanceof Error ? error.name : typeof error });
    return;
  }
  if (!parsed.success || parsed.data.serverUrl === serverUrl) return;
  writeSecretFile(path, `${JSON.stringify({ ...parsed.data, serverUrl }, null, 2)}\n`);
}

/**
 * What to do about the retired keys a run kept: `--finish` once their grace has passed. A plain second run would add
 * a key of its own and retire the one the first run added, so its advice never ran out.
 */
function keptAdvice(keyIds: readonly string[], removableAt: number | null): string {
  const them = keyIds.length === 1 ? 'it' : 'them';
  const kept = `Kept ${keyIds.join(', ')}`;
  if (removableAt === null) return `${kept}: records still sealed under ${them} after many passes; run rotate-keys --finish to re-seal and remove ${them}.`;
  const from = new Date(removableAt).toISOString();
  return `${kept} (retired less than 5 minutes ago; servers may still seal with ${them}). From ${from} on, run rotate-keys --finish to remove ${them}: it adds no new key.`;
}

async function rotateKeys(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { 'data-dir': { type: 'string' }, master: { type: 'boolean', default: false }, finish: { type: 'boolean', default: false }, ...storeOptions },
  });
  const dataDir = dataDirOption(values['data-dir']);
  const finish = values.finish;
  if (finish && values.master) throw new CliOptionError('--finish ends a data-key rotation; it does not go with --master');
  const store = transportChecked(folderStoreChoice(values, readConfig(dataDir).store), values);
  // One run at a time per folder, data keys or master key (org/folder-lock.ts);
  // taken before the store opens, so a second run changes nothing. The
  // store's lock then keeps out runs from other machines sharing one
  // PostgreSQL database; it is taken before any data key is read (one
  // held mid master-key rotation may be wrapped by a key only the other
  // machine has).
  const lock = acquireRotateLock(dataDir);
  try {
    const opened = await openConfiguredStore(dataDir, store);
    try {
      await withStoreRotateLock(dataDir, opened, async (held) => {
        const org = await openOrganisationOnStore(dataDir, opened);
        if (values.master) {
          out(`Master key rotated; data keys are now wrapped by ${await rotateMasterKey(dataDir, org.store, held)}`);
          // Servers sharing the database serve on with the data keys they hold, but open no key added after this without it.
          if (opened.kind === 'postgres') out(copyMasterKeyHint);
          return;
        }
        const report = await rotateDataKey(org.store, org.keyring, { lock: held, finish });
        const added = report.newKeyId === null ? 'No new data key' : `New data key ${report.newKeyId}`;
        out(`${added}; re-sealed ${report.resealedRecords} records; removed ${report.deletedKeyIds.length} old keys`);
        if (report.remainingKeyIds.length > 0) out(keptAdvice(report.remainingKeyIds, report.removableAt));
      });
    } finally {
      await opened.close();
    }
  } finally {
    lock.release();
  }
}

const count = (value: number): string => value.toLocaleString('en-US');

/** Demo data for a demo or a trial: idempotent, and pushed through the same code as a device's push. */
async function seedDemo(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      'data-dir': { type: 'string' },
      contacts: { type: 'string', default: String(demoSeedDefaults.contacts) },
      seed: { type: 'string', default: String(demoSeedDefaults.seed) },
      'enrolment-bundle': { type: 'string' },
      ...storeOptions,
    },
  });
  const dataDir = values['data-dir'];
  if (dataDir === undefined) throw new CliOptionError('--data-dir is required');
  const contacts = wholeNumber(values.contacts, '--contacts', 1, 100_000);
  const seed = wholeNumber(values.seed, '--seed', 0, 2 ** 31 - 1);
  if (values['enrolment-bundle'] !== undefined) checkBundlePath(values['enrolment-bundle'], dataDir);
  const org = await openWithStoreOptions(dataDir, values);
  try {
    const report = await seedDemoOrganisation(org.ctx, { contacts, seed });
    const { pushed } = report;
    // What the store holds, not what --contacts would make: a demo seeded with more, or edited since, says so.
    const totals = await ownedRecordTotals(org.store, report.userId);
    const summary = `${count(totals.contacts)} contacts, ${count(totals.accounts)} accounts, ${count(totals.deals)} deals, ${count(totals.tasks)} tasks and ${count(totals.activities)} activities`;
    const pushedTotal = Object.values(pushed).reduce((sum, value) => sum + value, 0);
    if (pushedTotal === 0) out(`Demo data: already seeded (${summary}, owned by ${report.userId})`);
    else out(`Demo data: seeded ${count(pushedTotal)} records in ${report.commits} commit${report.commits === 1 ? '' : 's'} (${summary}, owned by ${report.userId}; sealed at rest)`);
    const bundlePath = values['enrolment-bundle'];
    if (bundlePath !== undefined) {
      const caPem = org.certificate.caPem ?? readFileSync(dataDirPaths(dataDir).caCert, 'utf8');
      const bundle = await demoEnrolmentBundle(org.ctx, org.config, caPem, 1);
      await writeBundleOrCancelCode(org.ctx, bundlePath, bundle, report.userId);
      out(`Enrolment bundle for ${report.userId} (one-time code, valid 1 hour): ${bundlePath}`);
    }
  } finally {
    await org.close();
  }
}

async function renewCertificate(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string' }, host: { type: 'string', multiple: true } } });
  const dataDir = values['data-dir'];
  if (dataDir === undefined) throw new CliOptionError('--data-dir is required');
  const config = readConfig(dataDir);
  const hosts = values.host === undefined ? undefined : renewalHosts(values.host, config.hosts);
  const renewed = await renewServerCertificate(dataDir, Date.now(), hosts);
  const caLimit =
    renewed.limitedBy === 'organisation_ca'
      ? ` It ends with the organisation CA, which this tool cannot renew: before then the organisation needs a new CA (a new init), and every device must enrol again.`
      : '';
  const names = hosts === undefined ? '' : ` It names ${hosts.join(', ')}; the server URL stays ${serverUrlOf(hosts, config.port)}.`;
  // Said, not silent: a device that reaches the server by an address left out fails its handshake from now on.
  const dropped = hosts === undefined ? [] : droppedHosts(hosts, config.hosts);
  const left = dropped.length === 0 ? '' : ` It no longer names ${dropped.join(', ')}: devices that reach the server by ${dropped.length === 1 ? 'that address' : 'those addresses'} will not connect.`;
  out(`Server certificate renewed, valid until ${new Date(renewed.notAfter).toISOString()}. Start serve again to use it; devices keep working (they pin the organisation CA).${names}${left}${caLimit}`);
}

const commands: Record<string, (args: string[]) => Promise<void>> = {
  init,
  serve,
  ...adminCommands,
  ...deviceCommands,
  'rotate-keys': rotateKeys,
  'renew-certificate': renewCertificate,
  'seed-demo': seedDemo,
};

/** A wrong or unknown option (parseArgs's own errors among them): the message, and where the command's options are. */
function isOptionError(error: unknown): boolean {
  if (error instanceof CliOptionError) return true;
  return error instanceof TypeError && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS_');
}

const [command, ...rest] = process.argv.slice(2);
const run = command === undefined ? undefined : commands[command];
if (command === '--help' || command === '-h' || command === 'help') {
  out(usage);
} else if (command === undefined || run === undefined) {
  err(usage);
  process.exit(2);
} else if (asksForHelp(rest)) {
  out(usageOf(command));
} else {
  run(rest).catch((error: unknown) => {
    err(`fieldvault-server ${command}: ${error instanceof Error ? error.message : 'failed'}`);
    if (isOptionError(error)) err(`Run fieldvault-server ${command} --help for its options.`);
    process.exit(1);
  });
}
