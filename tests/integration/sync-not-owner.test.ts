// A teammate's record, pulled onto this device, is refused here when edited,
// trashed or taken in a bulk action (NotOwnerError, reason not_owner): the
// server lets only its owner change it, and used to refuse the edit only at
// the next push, as a conflict. The device learns each record's owner from the
// pull (PullResponse.owners, vault table record_owners); its own records, and
// one an administrator gives it, still edit and push. Real SQLCipher vault,
// real sync engine, real sync server over TLS; the teammate speaks the protocol.
import { describe, expect, it } from 'vitest';
import { ContactDraft } from '../../src-shared/domain/contact';
import { ContactId } from '../../src-shared/domain/ids';
import type { WireError } from '../../src-shared/ipc/errors';
import { createContact, deleteContact, deleteContacts, updateContact } from '../../src-main/services/crm/contact.service';
import { NotOwnerError } from '../../src-main/services/crm/record-owners';
import { readOutbox } from '../../src-main/sync/outbox';
import { uuid7 } from '../../src-main/vault/uuid7';
import { useEngineOnVault } from '../support/engine-on-vault';
import { contactValues, protocolDevice, reassign, setMemberships } from '../support/sync-server';

const team = 'team-east';

describe("a teammate's record on this device", () => {
  const setup = useEngineOnVault();

  /** What the call threw, as the renderer receives it, and the record ids it named. */
  async function refusal(call: Promise<unknown>): Promise<{ wire: WireError; recordIds: readonly string[] }> {
    const error = await call.then(
      () => null,
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof NotOwnerError)) throw new Error(`expected a NotOwnerError, got ${String(error)}`);
    return { wire: error.toWire(), recordIds: error.recordIds };
  }

  it('is refused locally with not_owner (one edit, a trash, a bulk trash), while own records edit and push, and one given to the user edits again', async () => {
    const { server, vault, userId, laptop2 } = setup;
    const tess = await server.createUser('Tess Teammate');
    await setMemberships(server, tess, [team]);
    await setMemberships(server, userId, [team]);
    const tessLaptop = await protocolDevice(server, tess);
    // One of Tess's contacts comes with the first sync's snapshot, the other in an incremental pull.
    const early = uuid7();
    await tessLaptop.push([tessLaptop.upsert('contacts', early, contactValues(tess, { name: 'Early Teammate', title: 'Buyer' }))]);
    const engine = setup.engine();
    await setup.enrol(engine);
    const late = uuid7();
    await tessLaptop.push([tessLaptop.upsert('contacts', late, contactValues(tess, { name: 'Late Teammate', title: 'Buyer' }))]);
    expect(await engine.syncNow()).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    expect(await vault.connection.read((tx) => tx.all('SELECT record_id, owner_user_id FROM record_owners ORDER BY record_id'))).toEqual(
      [early, late].sort().map((id) => ({ record_id: id, owner_user_id: tess })),
    );

    const write = <T>(fn: Parameters<typeof vault.connection.write<T>>[0]) => vault.connection.write(fn);
    const title = (id: string) => vault.connection.read(async (tx) => (await tx.get<{ title: string; deleted_at: number | null }>('SELECT title, deleted_at FROM contacts WHERE id = ?', [id])) ?? null);
    const single = { code: 'NOT_PERMITTED', reason: { code: 'not_owner', entity: 'contacts' } };
    for (const id of [early, late]) {
      const edit = await refusal(write((tx) => updateContact(tx, ContactId.parse(id), { title: 'Chief Buyer' }, Date.now())));
      expect(edit.wire).toMatchObject(single);
      expect(edit.wire.message).toBe('This record belongs to a teammate, so it was not changed. Only its owner can change it.');
      expect(edit.recordIds).toEqual([id]);
      expect((await refusal(write((tx) => deleteContact(tx, ContactId.parse(id), Date.now())))).wire).toMatchObject(single);
      expect(await title(id)).toEqual({ title: 'Buyer', deleted_at: null });
    }

    // Own records: made here (no known owner), they edit, and the edit reaches the user's other device.
    const mine = await write((tx) => createContact(tx, ContactDraft.parse({ name: 'My Own', title: 'Buyer' }), Date.now()));
    await write((tx) => updateContact(tx, ContactId.parse(mine.id), { title: 'Head Buyer' }, Date.now()));
    // A bulk trash holding teammates' records refuses the whole selection, naming each such record.
    const bulk = await refusal(write((tx) => deleteContacts(tx, [mine.id, late, early].map((id) => ContactId.parse(id)), Date.now())));
    expect(bulk.wire).toMatchObject({ code: 'NOT_PERMITTED', reason: { code: 'not_owner', entity: 'contacts', count: 2 } });
    expect(bulk.wire.message).toBe("2 of the selected contacts belong to teammates, so nothing was changed. Only a record's owner can change it.");
    expect([...bulk.recordIds].sort()).toEqual([early, late].sort());
    expect(await title(mine.id)).toEqual({ title: 'Head Buyer', deleted_at: null });
    expect((await vault.connection.read((tx) => readOutbox(tx, 100))).map((operation) => operation.recordId)).toEqual([mine.id, mine.id]);
    expect(await engine.syncNow()).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    const seen = await laptop2.pullAll();
    expect(seen.filter((change) => change.recordId === mine.id).map((change) => change.fields['title']?.value)).toContain('Head Buyer');

    // The administrator gives Tess's early contact to this user: the pull says so, and it edits and pushes.
    await reassign(server, { entity: 'contacts', recordId: early }, userId, team);
    expect(await engine.syncNow()).toMatchObject({ lastError: null, openConflicts: 0 });
    await write((tx) => updateContact(tx, ContactId.parse(early), { title: 'Chief Buyer' }, Date.now()));
    expect(await engine.syncNow()).toMatchObject({ lastError: null, pendingCount: 0, openConflicts: 0 });
    expect((await tessLaptop.pullAll()).filter((change) => change.recordId === early).map((change) => change.fields['title']?.value)).toContain('Chief Buyer');
    // Tess's other contact is still hers.
    expect((await refusal(write((tx) => updateContact(tx, ContactId.parse(late), { name: 'Late T.' }, Date.now())))).wire).toMatchObject(single);
    await engine.stop();
  });
});
