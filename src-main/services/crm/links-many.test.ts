// requireManyLinks (imports, bulk creates) on a real vault: a link to a record
// in the trash says so (link_trashed), as requireLink does for one record,
// and only a link to a record this vault does not hold says link_missing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraft } from '../../../src-shared/domain/account';
import { ContactDraft } from '../../../src-shared/domain/contact';
import { AccountId } from '../../../src-shared/domain/ids';
import { createAccount, deleteAccount, restoreAccount } from './account.service';
import { createContacts } from './contact.service';
import { requireManyLinks } from './links';
import { CrmTestVault, refusal } from './testing/crm-test-vault';

const nowhere = '0190a5d0-ac96-774b-bcce-b302099a8057';

describe('requireManyLinks (real vault)', () => {
  let db: CrmTestVault;
  beforeEach(async () => {
    db = await CrmTestVault.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const addAccount = async (name: string) => AccountId.parse((await db.write((tx, now) => createAccount(tx, AccountDraft.parse({ name }), now))).id);
  const drafts = (accountIds: readonly (string | null)[]) => accountIds.map((accountId, index) => ContactDraft.parse({ name: `Person ${index}`, accountId }));
  const snapshot = async () => ({ contacts: await db.count('contacts'), outbox: await db.count('outbox') });

  it('says a linked account in the trash is in the trash, writing nothing, and creates the contacts once it is restored', async () => {
    const live = await addAccount('Harbour Ltd');
    const trashed = await addAccount('Canary Holdings');
    await db.write((tx, now) => deleteAccount(tx, trashed, now));
    const before = await snapshot();

    expect(await refusal(db.write((tx, now) => createContacts(tx, drafts([live, null, trashed, live]), now)))).toEqual({
      code: 'BAD_INPUT',
      message: 'Invalid input (2.accountId: The linked account is in the trash. Restore the account first.)',
      reason: { code: 'link_trashed', entity: 'accounts' },
    });
    expect(await snapshot()).toEqual(before);

    await db.write((tx, now) => restoreAccount(tx, trashed, now));
    expect(await db.write((tx, now) => createContacts(tx, drafts([live, null, trashed, live]), now))).toHaveLength(4);
  });

  it('still says link_missing for an account the vault does not hold, naming the first refused link', async () => {
    const live = await addAccount('Harbour Ltd');
    const trashed = await addAccount('Canary Holdings');
    await db.write((tx, now) => deleteAccount(tx, trashed, now));
    const before = await snapshot();

    expect(await refusal(db.write((tx, now) => createContacts(tx, drafts([live, nowhere, trashed]), now)))).toEqual({
      code: 'BAD_INPUT',
      message: 'Invalid input (1.accountId: No such account)',
      reason: { code: 'link_missing', entity: 'accounts' },
    });
    expect(await snapshot()).toEqual(before);

    // The field names come from the caller (an import's row and column).
    const rowField = (index: number) => `rows.${index + 2}.account`;
    expect(await refusal(db.read((tx) => requireManyLinks(tx, 'accounts', [null, live, trashed, nowhere], rowField)))).toEqual({
      code: 'BAD_INPUT',
      message: 'Invalid input (rows.4.account: The linked account is in the trash. Restore the account first.)',
      reason: { code: 'link_trashed', entity: 'accounts' },
    });
    await expect(db.read((tx) => requireManyLinks(tx, 'accounts', [live, null, live], rowField))).resolves.toBeUndefined();
  });
});
