// Key rotation under SIGKILL. A child process (fixtures/rotate-forever.ts)
// unlocks a vault holding a few hundred contacts and rotates its key in a
// loop; the parent kills it at a randomly chosen rotation phase plus random
// jitter, then opens the vault with the same password and checks every
// contact. Each kill is classified from what it left on disk, and the suite
// asserts that kills landed outside a rotation, in the middle of a rekey, and
// between the rekey and the promotion of the new key.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Contact, ContactDraft } from '../../src-shared/domain/contact';
import { contactTable } from '../../src-main/services/crm/contact.repo';
import { createContact } from '../../src-main/services/crm/contact.service';
import { selectRecords } from '../../src-main/services/crm/entity-table';
import { spawnTsx } from '../../src-main/testing/spawn-tsx';
import { TempVaultFolder } from '../../src-main/testing/temp-vault';

const PASSWORD = 'rotation crash password';
const KILLS = 24;
const SEED_CONTACTS = 300;
const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'rotate-forever.ts');

const phases = ['begin', 'pendingWritten', 'rekeyed', 'promoted'] as const;
type Phase = (typeof phases)[number];
/**
 * Jitter range per phase, sized to measured phase lengths on this suite's
 * ~1.3 MB vault: header write 3–10 ms; rekey transaction 15–25 ms, then its
 * checkpoint 8–10 ms; promotion ~3 ms.
 */
const jitterMs: Record<Phase, number> = { begin: 4, pendingWritten: 15, rekeyed: 1, promoted: 6 };
/** Kill targets in turn; the two narrow, interesting windows (inside the rekey, before the promotion) get twice the tries. */
const schedule: readonly Phase[] = ['begin', 'pendingWritten', 'rekeyed', 'promoted', 'pendingWritten', 'rekeyed'];

const ChildLine = z.union([
  z.object({ ms: z.number(), event: z.literal('vault.rotation'), phase: z.enum(phases), generation: z.number() }),
  z.object({ ms: z.number(), event: z.literal('committed'), contact: z.string() }),
  z.object({ ms: z.number(), event: z.string() }),
]);

type Outcome = 'no-pending' | 'pending-before-rekey' | 'mid-rekey' | 'recovered-pending';

function randomInt(maxInclusive: number): number {
  return Math.floor(Math.random() * (maxInclusive + 1));
}

/** A child that has loaded and waits for "go"; its exit is observed from the start. */
interface WarmChild {
  readonly process: ChildProcessWithoutNullStreams;
  readonly closed: Promise<NodeJS.Signals | null>;
  stderr: string;
}

describe('key rotation survives SIGKILL at any point', () => {
  let folder: TempVaultFolder;
  const expected = new Map<string, Contact>();
  const children = new Set<ChildProcessWithoutNullStreams>();

  beforeAll(async () => {
    folder = await TempVaultFolder.create();
    const vault = folder.vault();
    await vault.create(PASSWORD);
    await vault.connection().write(async (tx) => {
      for (let i = 0; i < SEED_CONTACTS; i++) {
        const draft = ContactDraft.parse({
          name: `Seed ${String(i).padStart(3, '0')} Ünïcødé`,
          emails: [`seed${i}@example.org`],
          phones: [`+44 20 7946 ${String(i).padStart(4, '0')}`],
          notes: `${i}:`.padEnd(2_000, String.fromCharCode(97 + (i % 26))),
        });
        const contact = await createContact(tx, draft, 1_700_000_000_000 + i);
        expected.set(contact.id, contact);
      }
    });
    await vault.lock();
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await folder?.dispose();
  });

  function warmChild(run: number): WarmChild {
    const child = spawnTsx(fixture, {
      FV_DATA_DIR: folder.dataDir,
      FV_KEYCHAIN_SERVICE: folder.keyStore.service,
      FV_PASSWORD: PASSWORD,
      FV_RUN: String(run),
    });
    children.add(child);
    const warm: WarmChild = {
      process: child,
      closed: new Promise((resolve) => child.on('close', (_code, signal) => resolve(signal))),
      stderr: '',
    };
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (warm.stderr += chunk));
    void warm.closed.then(() => children.delete(child));
    return warm;
  }

  /** Lets the child run until the chosen phase occurrence plus jitter, then SIGKILLs it. */
  async function runAndKill(warm: WarmChild, target: Phase, occurrence: number, jitter: number): Promise<{ rotationMs: number[] }> {
    const child = warm.process;
    let buffered = '';
    let seen = 0;
    let killed = false;
    let beganAt: number | null = null;
    const rotationMs: number[] = [];
    const kill = () => {
      killed = true;
      child.kill('SIGKILL');
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = ChildLine.parse(JSON.parse(buffered.slice(0, newline)));
        buffered = buffered.slice(newline + 1);
        if (killed) continue;
        if ('contact' in line) {
          const contact = Contact.parse(JSON.parse(line.contact));
          expected.set(contact.id, contact);
        } else if ('phase' in line) {
          if (line.phase === 'begin') beganAt = line.ms;
          if (line.phase === 'promoted' && beganAt !== null) rotationMs.push(line.ms - beganAt);
          if (line.phase === target && ++seen === occurrence) {
            if (jitter === 0) kill();
            else setTimeout(kill, jitter);
          }
        }
      }
    });
    child.stdin.write('go\n');
    const watchdog = setTimeout(kill, 30_000);
    const signal = await warm.closed;
    clearTimeout(watchdog);
    if (signal !== 'SIGKILL' || seen < occurrence) {
      throw new Error(`child ended unexpectedly (signal ${signal}): ${warm.stderr.slice(-2_000)}`);
    }
    return { rotationMs };
  }

  /** Opens the vault as the next app start would, checks every contact, and says what the kill left behind. */
  async function verify(): Promise<Outcome> {
    const header = await folder.header();
    const walBytes = await stat(folder.file('vault.db-wal')).then((info) => info.size, () => 0);
    const logBefore = folder.log.lines.length;
    const vault = folder.vault();
    await vault.unlock(PASSWORD);
    try {
      const rows = await vault.connection().read((tx) => selectRecords(tx, contactTable, '1 = 1', []));
      const found = new Map<string, Contact>();
      for (const contact of rows) found.set(contact.id, contact);
      for (const [id, contact] of expected) expect(found.get(id), `contact ${id}`).toEqual(contact);
      // A contact may commit in the instant before the kill without its line reaching us; it must be a child's.
      for (const [id, contact] of found) {
        if (!expected.has(id)) {
          expect(contact.name).toMatch(/^Child \d+-\d+$/);
          expected.set(id, contact);
        }
      }
      expect(await vault.status()).toMatchObject({ state: 'unlocked', failedAttempts: 0 });
      expect((await folder.header()).pending).toBeUndefined();
    } finally {
      await vault.lock();
    }
    if (header.pending === undefined) return 'no-pending';
    const settledLines = folder.log.lines.slice(logBefore).filter((line) => line.includes('vault.rotationSettled'));
    if (settledLines.some((line) => line.includes('"promoted":true'))) return 'recovered-pending';
    return walBytes > 0 ? 'mid-rekey' : 'pending-before-rekey';
  }

  it(`keeps every contact through ${KILLS} kills landing in every phase`, { timeout: 150_000 }, async () => {
    const started = performance.now();
    const outcomes: Record<Outcome, number> = { 'no-pending': 0, 'pending-before-rekey': 0, 'mid-rekey': 0, 'recovered-pending': 0 };
    const rotations: number[] = [];

    let next = warmChild(0);
    for (let run = 0; run < KILLS; run++) {
      const current = next;
      const target = schedule[run % schedule.length] ?? 'begin';
      const killing = runAndKill(current, target, 1 + randomInt(2), randomInt(jitterMs[target]));
      // Warm the next child while this one runs and the vault is checked; it touches nothing until "go".
      if (run + 1 < KILLS) next = warmChild(run + 1);
      rotations.push(...(await killing).rotationMs);
      outcomes[await verify()] += 1;
    }

    const seconds = ((performance.now() - started) / 1_000).toFixed(1);
    const median = [...rotations].sort((a, b) => a - b)[Math.floor(rotations.length / 2)];
    console.info(
      `rotation-crash: ${KILLS} kills in ${seconds} s; outcomes ${JSON.stringify(outcomes)}; ` +
        `${rotations.length} full rotations, median ${median?.toFixed(0)} ms; ${expected.size} contacts verified`,
    );
    expect(outcomes['no-pending']).toBeGreaterThan(0);
    expect(outcomes['mid-rekey']).toBeGreaterThan(0);
    expect(outcomes['recovered-pending']).toBeGreaterThan(0);
    expect(expected.size).toBeGreaterThanOrEqual(SEED_CONTACTS);
  });
});
