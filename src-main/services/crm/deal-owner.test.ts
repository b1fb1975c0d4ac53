// A teammate's deal on an enrolled device, on the real vault: its stage move,
// its edit and a list's move of a selection holding it are refused
// (NOT_PERMITTED, reason not_owner) and write nothing, no outbox entry
// either. Before, the vault took the move, the toast said it was done, and
// the sync server refused it at the next push ("Only the owner may change
// this record"), which undid it here, maybe days later. The user's own deals
// move, those made before enrolment (owned by 'local-owner') too, and before
// enrolment every deal is the local user's.
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DealDraft, DealMoveMany, DealMoveStage, DealPatch } from '../../../src-shared/domain/deal';
import { storeEnrolment } from '../../sync/enrolment';
import { createDeal, moveDealStage, moveDealStages, updateDeal } from './deal.service';
import { CrmTestVault, refusal } from './testing/crm-test-vault';

const serverUser = 'srv-user-9';
const teammate = 'srv-user-7';
const notOwner = {
  code: 'NOT_PERMITTED',
  message: 'Only its owner can change this deal, so nothing was changed.',
  reason: { code: 'not_owner', entity: 'deals' },
};

describe('a teammate’s deal on an enrolled device (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addDeal = (input: Partial<z.input<typeof DealDraft>>) =>
    db.write((tx, now) => createDeal(tx, DealDraft.parse({ name: 'Harbour cranes', stageId: 'qualified', currency: 'EUR', expectedCloseDate: '2026-03-15', ...input }), now));
  const move = (id: string, stageId: string) => db.write((tx, now) => moveDealStage(tx, DealMoveStage.parse({ id, stageId }), now));
  const enrol = () =>
    db.write((tx, now) =>
      storeEnrolment(tx, {
        serverUrl: 'https://sync.example.test',
        caPem: 'test CA',
        deviceId: 'device-0001',
        deviceToken: 'test token',
        userId: serverUser,
        organisationId: 'org-1',
        organisationName: 'Test Org',
        enrolledAt: now,
      }),
    );
  const snapshot = () => db.read(async (tx) => ({ deals: await tx.all('SELECT * FROM deals ORDER BY id'), outbox: await tx.all('SELECT seq FROM outbox ORDER BY seq') }));

  it('refuses its stage move, its edit and a selection’s move holding it, writing nothing', async () => {
    await enrol();
    const theirs = await addDeal({ ownerId: teammate });
    const mine = await addDeal({ name: 'Pier lights' });
    expect(mine.ownerId).toBe(serverUser);
    const before = await snapshot();

    expect(await refusal(move(theirs.id, 'won'))).toEqual(notOwner);
    expect(await refusal(db.write((tx, now) => updateDeal(tx, theirs.id, DealPatch.parse({ amount: 500_000 }), now)))).toEqual(notOwner);
    // All or nothing: the user's own deal in the same selection does not move either.
    expect(await refusal(db.write((tx, now) => moveDealStages(tx, DealMoveMany.parse({ ids: [mine.id, theirs.id], stageId: 'lost' }), now)))).toEqual(notOwner);
    expect(await snapshot()).toEqual(before);
  });

  it('moves the user’s own deals, those made before enrolment too', async () => {
    const early = await addDeal({ name: 'Made before enrolment' });
    expect(early.ownerId).toBe('local-owner');
    await enrol();
    const mine = await addDeal({ name: 'Made after enrolment' });
    expect((await move(early.id, 'won')).stageId).toBe('won');
    expect((await move(mine.id, 'negotiation')).stageId).toBe('negotiation');
    expect((await db.outbox()).filter((op) => op.recordId === early.id || op.recordId === mine.id).length).toBe(4);
  });

  it('moves any deal before enrolment: every record is the local user’s then', async () => {
    const other = await addDeal({ ownerId: teammate });
    expect((await move(other.id, 'won')).stageId).toBe('won');
  });
});
