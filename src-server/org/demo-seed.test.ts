// The demo seed: deterministic, realistic records that fit the domain, pushed
// through the server's own push path into a real organisation (embedded
// SQLite store): sealed at rest, served back unchanged to a device of the
// demo user, never pushed twice, an interrupted seed completed, and the
// seeding device revoked afterwards.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncedFieldsOf } from '../../src-shared/sync/entity-fields';
import { protocolVersion, syncedEntities, type JsonValue, type PullResume, type SyncedEntity } from '../../src-shared/sync/protocol';
import type { DeviceRow } from '../store/rows';
import { consoleActor, issueEnrolmentCode } from '../sync/admin';
import { enrol } from '../sync/devices';
import { pull } from '../sync/pull';
import { demoCounts, demoDataset } from './demo-seed-data';
import { demoEnrolmentBundle, demoUser, seedDemoOrganisation } from './demo-seed';
import { initOrganisation } from './init';
import { openOrganisation, type OpenedOrganisation } from './open';

const now = Date.UTC(2026, 5, 15, 9, 30);

describe('demoDataset', () => {
  const records = demoDataset({ contacts: 300, seed: 7, userId: 'u-demo', now });
  const contacts = records.filter((record) => record.entity === 'contacts');
  const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : JSON.stringify(value));

  it('holds the counts demoCounts names, every record with exactly the synced fields and a unique id', () => {
    const counts = demoCounts(300);
    for (const entity of syncedEntities) expect(records.filter((record) => record.entity === entity)).toHaveLength(counts[entity]);
    for (const record of records) expect(Object.keys(record.fields).sort()).toEqual([...syncedFieldsOf(record.entity)].sort());
    expect(new Set(records.map((record) => record.recordId)).size).toBe(records.length);
  });

  it('is the same for the same seed (times aside) and different for another seed', () => {
    const later = demoDataset({ contacts: 300, seed: 7, userId: 'u-demo', now: now + 86_400_000 });
    expect(later.map((record) => record.recordId)).toEqual(records.map((record) => record.recordId));
    expect(later.map((record) => record.fields['name'] ?? record.fields['title'])).toEqual(records.map((record) => record.fields['name'] ?? record.fields['title']));
    const other = demoDataset({ contacts: 300, seed: 8, userId: 'u-demo', now });
    expect(other.filter((record) => record.entity === 'contacts').map((record) => record.fields['name'])).not.toEqual(contacts.map((record) => record.fields['name']));
  });

  it('looks like a real field-sales book: Chinese and accented names, reserved e-mail domains, linked accounts, dated tasks', () => {
    const names = contacts.map((record) => text(record.fields['name']));
    expect(names.filter((name) => /\p{Script=Han}/u.test(name)).length).toBeGreaterThan(10);
    expect(names.filter((name) => /[À-ÖØ-öø-ÿ]/.test(name)).length).toBeGreaterThan(30);
    const emails = contacts.flatMap((record) => (Array.isArray(record.fields['emails']) ? record.fields['emails'] : []));
    expect(emails.length).toBeGreaterThanOrEqual(contacts.length);
    for (const email of emails) expect(text(email)).toMatch(/^[a-z0-9.]+@[a-z0-9-]+\.example$/);
    const accountIds = new Set(records.filter((record) => record.entity === 'accounts').map((record) => record.recordId));
    const linked = contacts.filter((record) => typeof record.fields['accountId'] === 'string');
    expect(linked.length).toBeGreaterThan(contacts.length * 0.8);
    for (const contact of linked) expect(accountIds.has(text(contact.fields['accountId']))).toBe(true);
    const territories = new Set(records.filter((record) => record.entity === 'accounts').map((record) => text(record.fields['territory'])));
    expect(territories.size).toBeGreaterThanOrEqual(6);
    const dueTimes = records.filter((record) => record.entity === 'tasks').map((record) => record.fields['dueAt']);
    expect(dueTimes.some((due) => typeof due === 'number' && due < now)).toBe(true);
    expect(dueTimes.some((due) => typeof due === 'number' && due > now)).toBe(true);
  });
});

describe('seedDemoOrganisation', () => {
  let dataDir: string;
  let org: OpenedOrganisation;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'fieldvault-demo-seed-'));
    await initOrganisation({ dataDir, organisationName: 'Seed Org', adminName: 'Demo Rep', hosts: ['127.0.0.1'], port: 0, store: { kind: 'sqlite' } });
    org = await openOrganisation(dataDir);
  });
  afterAll(async () => {
    await org.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function newDevice(): Promise<DeviceRow> {
    const user = await demoUser(org.store);
    const { enrolmentCode } = await issueEnrolmentCode(org.ctx, consoleActor(user.id), user.id, 1);
    const { deviceId } = await enrol(org.ctx, enrolmentCode);
    const device = await org.store.read((tx) => tx.getDevice(deviceId));
    if (device === null) throw new Error('no device');
    return device;
  }

  /** Everything a new device of the demo user receives: record key → fields. */
  async function pullEverything(device: DeviceRow): Promise<Map<string, Record<string, JsonValue>>> {
    const replica = new Map<string, Record<string, JsonValue>>();
    let cursor = 0;
    let resume: PullResume | null = null;
    for (;;) {
      const page = await pull(org.ctx, device, { protocolVersion, schemaVersion: 1, deviceId: device.id, cursor, limit: 500, resume });
      for (const change of page.changes) {
        const key = `${change.entity}/${change.recordId}`;
        replica.set(key, { ...replica.get(key), ...Object.fromEntries(Object.entries(change.fields).map(([field, { value }]) => [field, value])) });
      }
      cursor = page.cursor;
      resume = page.resume;
      if (!page.hasMore) return replica;
    }
  }

  const sum = (counts: Record<SyncedEntity, number>) => Object.values(counts).reduce((total, value) => total + value, 0);

  it('pushes every record once, sealed at rest, and a device of the demo user receives them unchanged', async () => {
    const user = await demoUser(org.store);
    const report = await seedDemoOrganisation(org.ctx, { contacts: 200, seed: 5 });
    expect(report.userId).toBe(user.id);
    expect(report.pushed).toEqual(demoCounts(200));
    expect(report.commits).toBeGreaterThanOrEqual(1);

    const replica = await pullEverything(await newDevice());
    const expected = demoDataset({ contacts: 200, seed: 5, userId: user.id, now: Date.now() });
    expect(replica.size).toBe(expected.length);
    for (const record of expected.filter((candidate) => candidate.entity === 'contacts').slice(0, 20)) {
      const received = replica.get(`contacts/${record.recordId}`);
      expect({ ...received, createdAt: 0, updatedAt: 0 }).toEqual({ ...record.fields, createdAt: 0, updatedAt: 0 });
    }

    // No name, e-mail address or phone number of a seeded contact is in any file of the data folder.
    const needles = expected
      .filter((record) => record.entity === 'contacts')
      .slice(0, 30)
      .flatMap((record) => [record.fields['name'], ...(Array.isArray(record.fields['emails']) ? record.fields['emails'] : []), ...(Array.isArray(record.fields['phones']) ? record.fields['phones'] : [])])
      .filter((value): value is string => typeof value === 'string');
    const files = readdirSync(dataDir).map((file) => readFileSync(join(dataDir, file)));
    expect(files.length).toBeGreaterThan(3);
    expect(needles.filter((needle) => files.some((bytes) => bytes.includes(Buffer.from(needle, 'utf8'))))).toEqual([]);
    // The scan does read the store: field names (not values) are there in clear.
    expect(files.some((bytes) => bytes.includes(Buffer.from('preferredChannel', 'utf8')))).toBe(true);
  });

  it('pushes nothing on a second run and only the missing records when more are asked for; seeding devices end revoked', async () => {
    const again = await seedDemoOrganisation(org.ctx, { contacts: 200, seed: 5 });
    expect(sum(again.pushed)).toBe(0);
    expect(again.commits).toBe(0);

    // A seed that stopped after 200 contacts' worth is completed, not repeated: ids depend only on the index.
    const more = await seedDemoOrganisation(org.ctx, { contacts: 240, seed: 5 });
    const [small, large] = [demoCounts(200), demoCounts(240)];
    expect(more.pushed).toEqual(Object.fromEntries(syncedEntities.map((entity) => [entity, large[entity] - small[entity]])));
    const replica = await pullEverything(await newDevice());
    expect(replica.size).toBe(sum(large));
    // The records the second seed added agree with the first seed's: each deal's contacts work for its account.
    const deals = [...replica].filter(([key]) => key.startsWith('deals/')).map(([, fields]) => fields);
    const contactIdsOf = (deal: Record<string, JsonValue>) => (Array.isArray(deal['contactIds']) ? deal['contactIds'] : []).filter((id): id is string => typeof id === 'string');
    const dealContacts = deals.flatMap((deal) => contactIdsOf(deal).map((contactId) => [deal['accountId'], replica.get(`contacts/${contactId}`)?.['accountId']]));
    expect(dealContacts.length).toBeGreaterThan(20);
    expect(dealContacts.filter(([dealAccount, contactAccount]) => dealAccount !== contactAccount)).toEqual([]);

    const devices = await org.store.read(async (tx) => tx.listDevices(more.userId));
    // Two seeding runs pushed (one device each, revoked); the two reading devices stay enrolled.
    expect(devices.filter((device) => device.revokedAt !== null)).toHaveLength(2);
    expect(devices.filter((device) => device.revokedAt === null)).toHaveLength(2);
  });

  it('hands out a one-time enrolment bundle for a desktop of the demo user', async () => {
    const bundle = await demoEnrolmentBundle(org.ctx, org.config, org.certificate.caPem ?? '', 1);
    expect(bundle).toMatchObject({ organisationId: org.config.organisationId, organisationName: 'Seed Org', serverUrl: 'https://127.0.0.1:0' });
    expect(bundle.caCertificatePem).toContain('BEGIN CERTIFICATE');
    const enrolled = await enrol(org.ctx, bundle.enrolmentCode);
    expect(enrolled.userId).toBe((await demoUser(org.store)).id);
    await expect(enrol(org.ctx, bundle.enrolmentCode)).rejects.toThrow(/not valid/);
  });
});
