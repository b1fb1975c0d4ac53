// A child process of the CRM benchmark: runs the one job it is sent (see
// protocol.ts for why each job has a process of its own), replies once and
// exits. Usage: node --import tsx worker.ts; spoken to over the fork() IPC channel only.
import { Job, type Reply } from './protocol';
import { runBulkJob, withRawVault } from './bulk-job';
import { measure } from './measure';
import { writeSequentialContacts } from './sequential-contacts';
import { createFixtureVault, seedThroughServices } from './service-seed';

const send = process.send?.bind(process);
if (send === undefined) throw new Error('worker.ts runs only as a forked child');

const progress = (message: string) => process.stdout.write(`    ${message}\n`);

async function run(job: Job): Promise<unknown> {
  switch (job.role) {
    case 'seed':
      return seedThroughServices(job);
    case 'bulk':
      return runBulkJob(job, progress);
    case 'measure':
      return measure(job, progress);
    case 'create':
      return createFixtureVault(job);
    case 'sequential': {
      const started = performance.now();
      await withRawVault(job, (db) => writeSequentialContacts(db, job.contacts));
      return { seconds: (performance.now() - started) / 1000 };
    }
  }
}

process.once('message', (raw: unknown) => {
  const finish = (reply: Reply) => send(reply, () => process.disconnect());
  const parsed = Job.safeParse(raw);
  if (!parsed.success) {
    finish({ ok: false, message: 'malformed job' });
    return;
  }
  run(parsed.data).then(
    (result) => finish({ ok: true, result }),
    (error: unknown) => finish({ ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
