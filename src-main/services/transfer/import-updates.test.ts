// An import that updates the records its rows match (duplicates 'update'),
// against the real vault: what a merge keeps, adds and overwrites; rows that
// match several records or a record an earlier row updates; merges that break
// a rule; accounts (by name, with their territory); how the rows are counted
// through a crash and a resume; and a record that went between the key scan
// and the write.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ContactDraft, type Contact } from '../../../src-shared/domain/contact';
import { ImportRun, type ImportStatus } from '../../../src-shared/transfer/import';
import { createContact, deleteContact, updateContact } from '../crm/contact.service';
import { contactTable } from '../crm/contact.repo';
import { selectRecords } from '../crm/entity-table';
import { accountTable } from '../crm/account.repo';
import { useImportService } from './testing/import-service';
import { updateMatchedRecords } from './record-updates';
import type { ImportDraft } from './import-rows';

const listed = (status: ImportStatus) => status.rejections.map(({ row, field, code, reasons }) => ({ row, field, code, reasons }));

describe('import that updates the records its rows match (real vault)', () => {
  const imports = useImportService();
  const { upload, count, run, finish, crashingAt } = imports;

  const contactNamed = async (name: string): Promise<Contact> => {
    const [contact] = await imports.vault.connection().read((tx) => selectRecords(tx, contactTable, 'name = ?', [name]));
    if (contact === undefined) throw new Error(`no contact ${name}`);
    return contact;
  };
  const outboxOf = (id: string) => count(`SELECT count(*) AS n FROM outbox WHERE record_id = '${id}'`);

  it('creates a contact with each email and phone once, though two columns or one cell repeat it (as merges do)', async () => {
    const file = [
      'Name,E-mail Address,E-mail 2 Address,Business Phone,Primary Phone',
      'Ada Twice,ada@example.org,ADA@example.org,+44 20 7946 0001,+44 (0)20 7946 0001',
      'Bo Twice,bo@example.org; bo@example.org,,,',
    ].join('\n');
    const status = await finish(await run({ uploadId: upload(file), mapping: ['name', 'email', 'email', 'phone', 'phone'] }));
    expect(status).toMatchObject({ state: 'done', imported: 2, rejected: 0 });
    expect((await contactNamed('Ada Twice')).emails).toEqual(['ada@example.org']);
    expect((await contactNamed('Ada Twice')).phones).toEqual(['+44 20 7946 0001']);
    expect((await contactNamed('Bo Twice')).emails).toEqual(['bo@example.org']);
  });

  it('writes each matched row into its record: mapped values win, empty cells keep a field, emails, phones, tags and notes are added; the rest is imported or skipped', async () => {
    await finish(
      await run({
        uploadId: upload(
          ['Name,Email,Phone,Title,City,Country,Tags,Notes', 'Ada Lovelace,ada@example.org,+44 20 7946 0001,Analyst,London,UK,vip,Met at the expo', 'Bob Builder,bob@example.org,,Foreman,Leeds,UK,,'].join('\n'),
        ),
      }),
    );
    const adaBefore = await contactNamed('Ada Lovelace');
    const bobBefore = await contactNamed('Bob Builder');
    const adaOps = await outboxOf(adaBefore.id);

    const file = [
      'Name,Email,Phone,Title,City,Tags,Notes,Company',
      // Matches Ada by her address (written in capitals): a new name, title and number; her city stays (empty cell); her notes already hold these.
      'Ada King,ADA@example.org,+44 20 7946 0002,Countess,,math; VIP,Met at the expo,',
      // Matches Bob: a new city, notes added, and a company that becomes his account.
      'Bob Builder,bob@example.org,,,York,,Call back in May,Acme Ltd',
      'Dan New,dan@example.org,,,,,,',
      // Matches Ada by her old number: row 2 updates her already, so this row is left out.
      'Ada Again,,020 7946 0001,,,,,',
    ].join('\n');
    const uploadId = upload(file);
    // The preview names what each update would change in its record, as the run below writes it.
    const preview = await imports.service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 10, duplicates: 'update' });
    expect(preview.rows.map((row) => row.record?.changes ?? null)).toEqual([
      [
        { field: 'name', kind: 'set', before: 'Ada Lovelace', after: 'Ada King' },
        { field: 'title', kind: 'set', before: 'Analyst', after: 'Countess' },
        { field: 'phone', kind: 'add', before: '', after: '+44 20 7946 0002' },
        { field: 'tags', kind: 'add', before: '', after: 'math' },
      ],
      [
        { field: 'company', kind: 'create', before: '', after: 'Acme Ltd' },
        { field: 'city', kind: 'set', before: 'Leeds', after: 'York' },
        { field: 'notes', kind: 'add', before: '', after: 'Call back in May' },
      ],
      null,
      null,
    ]);
    const dry = await finish(await run({ uploadId, dryRun: true, duplicates: 'update' }));
    expect(dry).toMatchObject({ processed: 4, imported: 1, updated: 2, duplicates: 1, rejected: 0 });
    expect(await outboxOf(adaBefore.id)).toBe(adaOps);

    const done = await finish(await run({ uploadId, duplicates: 'update' }));
    expect(done).toMatchObject({ state: 'done', processed: 4, imported: 1, updated: 2, duplicates: 1, rejected: 0 });
    expect(listed(done)).toEqual([
      { row: 5, field: 'phone', code: 'duplicate_in_file', reasons: [{ code: 'same_record_in_file', entity: 'contacts', row: 2 }] },
    ]);

    const ada = await contactNamed('Ada King');
    expect(ada).toMatchObject({
      id: adaBefore.id,
      title: 'Countess',
      emails: ['ada@example.org'],
      phones: ['+44 20 7946 0001', '+44 20 7946 0002'],
      address: { ...adaBefore.address, city: 'London', country: 'UK' },
      tags: ['vip', 'math'],
      notes: 'Met at the expo',
      accountId: null,
      createdAt: adaBefore.createdAt,
    });
    const bob = await contactNamed('Bob Builder');
    expect(bob).toMatchObject({ id: bobBefore.id, title: 'Foreman', address: { ...bobBefore.address, city: 'York' }, notes: 'Call back in May' });
    const acme = await imports.vault.connection().read((tx) => selectRecords(tx, accountTable, 'name = ?', ['Acme Ltd']));
    expect(bob.accountId).toBe(acme[0]?.id);
    // Each update is one more change recorded for sync; the new contact is the only record added.
    expect(await outboxOf(adaBefore.id)).toBe(adaOps + 1);
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(3);
    const stored = z
      .object({ updated_rows: z.number(), imported_rows: z.number() })
      .parse(await imports.vault.connection().read((tx) => tx.get('SELECT updated_rows, imported_rows FROM import_jobs WHERE id = ?', [done.jobId])));
    expect(stored).toEqual({ updated_rows: 2, imported_rows: 1 });

    // Importing the same file again over the records it wrote changes nothing: no field differs, so no change is recorded.
    const opsBefore = await count('SELECT count(*) AS n FROM outbox');
    const againId = upload(file);
    // The preview says so: each row updates its record, and would change nothing in it.
    const unchanged = await imports.service.preview({ uploadId: againId, format: 'csv', entity: 'contacts', rows: 10, duplicates: 'update' });
    expect(unchanged.rows.map((row) => row.record?.changes ?? null)).toEqual([[], [], [], null]);
    // Rows that change nothing are not counted as updates: they are skipped, each saying why, in the check as in the run.
    const unchangedRows = [2, 3, 4].map((row) => ({ row, field: 'row', code: 'duplicate_in_vault', reasons: [{ code: 'duplicate_unchanged', entity: 'contacts' }] }));
    const checked = await finish(await run({ uploadId: againId, duplicates: 'update', dryRun: true }));
    expect(checked).toMatchObject({ imported: 0, updated: 0, duplicates: 4 });
    expect(listed(checked).filter((item) => item.row < 5)).toEqual(unchangedRows);
    const again = await finish(await run({ uploadId: againId, duplicates: 'update' }));
    expect(again).toMatchObject({ imported: 0, updated: 0, duplicates: 4 });
    expect(listed(again)).toEqual(listed(checked));
    expect(listed(again).filter((item) => item.row < 5)).toEqual(unchangedRows);
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(opsBefore);
  });

  it("previews the account a row's company would link instead of its contact's: an existing one of that name, or a new one when the run may create it", async () => {
    await finish(await run({ uploadId: upload('Name,Email,Company\nCy Linked,cy@example.org,Acme Ltd\nDi Linked,di@example.org,Acme Ltd\nEd Free,ed@example.org,\n') }));
    await finish(await run({ entity: 'accounts', uploadId: upload('Name\nGlobex\n') }));
    // Cy moves to Globex (another spelling of it), Di stays at Acme (case aside), Ed gains a new account.
    const uploadId = upload('Name,Email,Company\nCy Linked,cy@example.org,GLOBEX\nDi Linked,di@example.org,acme ltd\nEd Free,ed@example.org,Initech\n');
    const changes = async (createAccounts: boolean) =>
      (await imports.service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 10, duplicates: 'update', createAccounts })).rows.map((row) => row.record?.changes);
    expect(await changes(true)).toEqual([
      [{ field: 'company', kind: 'set', before: 'Acme Ltd', after: 'Globex' }],
      [],
      [{ field: 'company', kind: 'create', before: '', after: 'Initech' }],
    ]);
    // Without new accounts, Ed's company links nothing: no change.
    expect(await changes(false)).toEqual([[{ field: 'company', kind: 'set', before: 'Acme Ltd', after: 'Globex' }], [], []]);
    // As the run then does.
    await finish(await run({ uploadId, duplicates: 'update', createAccounts: false }));
    const accountOf = async (name: string) => {
      const contact = await contactNamed(name);
      const [account] = contact.accountId === null ? [] : await imports.vault.connection().read((tx) => selectRecords(tx, accountTable, 'id = ?', [contact.accountId]));
      return account?.name ?? null;
    };
    expect([await accountOf('Cy Linked'), await accountOf('Di Linked'), await accountOf('Ed Free')]).toEqual(['Globex', 'Acme Ltd', null]);
  });

  it('links a company spelled with other case, accents or spaces to the account that exists, in the preview and the run', async () => {
    await finish(await run({ uploadId: upload('Name,Email\nAnn Folded,ann@example.org\nBob Folded,bob@example.org\nCy Folded,cy@example.org\n') }));
    await finish(await run({ entity: 'accounts', uploadId: upload('Name\nCafe Nord\nÉcole des Arts\nAcme Ltd\n') }));
    // Each spelling folds to an account that exists (case outside ASCII, an accent, two spaces): none is created.
    const uploadId = upload('Name,Email,Company\nAnn Folded,ann@example.org,Café Nord\nBob Folded,bob@example.org,ÉCOLE DES ARTS\nCy Folded,cy@example.org, acme  ltd\n');
    const shown = await imports.service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 10, duplicates: 'update', createAccounts: true });
    expect(shown.rows.map((row) => row.record?.changes)).toEqual([
      [{ field: 'company', kind: 'set', before: '', after: 'Cafe Nord' }],
      [{ field: 'company', kind: 'set', before: '', after: 'École des Arts' }],
      [{ field: 'company', kind: 'set', before: '', after: 'Acme Ltd' }],
    ]);
    await finish(await run({ uploadId, duplicates: 'update', createAccounts: true }));
    const linked = await imports.vault.connection().read((tx) =>
      tx.all('SELECT c.name AS contact, a.name AS account FROM contacts c JOIN accounts a ON a.id = c.account_id ORDER BY c.name'),
    );
    expect(linked).toEqual([
      { contact: 'Ann Folded', account: 'Cafe Nord' },
      { contact: 'Bob Folded', account: 'École des Arts' },
      { contact: 'Cy Folded', account: 'Acme Ltd' },
    ]);
    expect(await imports.vault.connection().read((tx) => tx.all('SELECT name FROM accounts ORDER BY name_key'))).toHaveLength(3);
  });

  it('creates one account for a new company spelled two ways that fold alike: the first spelling stands for both', async () => {
    await finish(await run({ uploadId: upload('Name,Email\nAnn Folded,ann@example.org\nBob Folded,bob@example.org\n') }));
    const uploadId = upload('Name,Email,Company\nAnn Folded,ann@example.org,Café Nord\nBob Folded,bob@example.org,CAFE  NORD\n');
    const shown = await imports.service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 10, duplicates: 'update', createAccounts: true });
    expect(shown.rows.map((row) => row.record?.changes)).toEqual([
      [{ field: 'company', kind: 'create', before: '', after: 'Café Nord' }],
      [{ field: 'company', kind: 'create', before: '', after: 'Café Nord' }],
    ]);
    await finish(await run({ uploadId, duplicates: 'update', createAccounts: true }));
    const accounts = await imports.vault.connection().read((tx) =>
      tx.all('SELECT c.name AS contact, a.name AS account FROM contacts c JOIN accounts a ON a.id = c.account_id ORDER BY c.name'),
    );
    expect(accounts).toEqual([
      { contact: 'Ann Folded', account: 'Café Nord' },
      { contact: 'Bob Folded', account: 'Café Nord' },
    ]);
  });

  it('leaves out a row matching several records, and rejects one whose merge breaks a rule, with the rule', async () => {
    const connection = imports.vault.connection();
    await connection.write(async (tx) => {
      await createContact(tx, ContactDraft.parse({ name: 'Eve One', emails: ['eve@example.org'] }), Date.now());
      await createContact(tx, ContactDraft.parse({ name: 'Eve Two', phones: ['+44 20 7946 0003'] }), Date.now());
      await createContact(tx, ContactDraft.parse({ name: 'Full Tags', emails: ['full@example.org'], tags: Array.from({ length: 49 }, (_, index) => `t${index}`) }), Date.now());
    });
    // The rejected row names a company no account has: it must not create one.
    const file = ['Name,Email,Phone,Tags,Company', 'Eve,eve@example.org,+44 20 7946 0003,,', 'Full Tags,full@example.org,,x1;x2;t3,Orphan Co'].join('\n');
    const uploadId = upload(file);
    // The preview rejects the row the check and the import reject, with the rule, and names no record for it.
    const shown = await imports.service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 10, duplicates: 'update' });
    expect(shown.rows.map(({ row, updates, record, problems }) => ({ row, updates, record, problems: problems.map(({ field, code }) => `${field}:${code}`) }))).toEqual([
      { row: 2, updates: null, record: null, problems: ['email:duplicate_in_vault'] },
      { row: 3, updates: null, record: null, problems: ['tags:invalid'] },
    ]);
    // A check tries the merge too, writing nothing: it rejects the row the import will reject, with the rule.
    const dry = await finish(await run({ uploadId, dryRun: true, duplicates: 'update' }));
    expect(dry).toMatchObject({ processed: 2, imported: 0, updated: 0, duplicates: 1, rejected: 1 });
    expect(listed(dry)).toEqual([
      { row: 2, field: 'email', code: 'duplicate_in_vault', reasons: [{ code: 'duplicate_many_in_vault', entity: 'contacts' }] },
      { row: 3, field: 'tags', code: 'invalid', reasons: [expect.objectContaining({ code: 'too_big', max: 50 })] },
    ]);
    expect(await count('SELECT count(*) AS n FROM import_jobs')).toBe(0);
    const done = await finish(await run({ uploadId, duplicates: 'update' }));
    expect(done).toMatchObject({ processed: 2, imported: 0, updated: 0, duplicates: 1, rejected: 1 });
    expect(listed(done)).toEqual([
      { row: 2, field: 'email', code: 'duplicate_in_vault', reasons: [{ code: 'duplicate_many_in_vault', entity: 'contacts' }] },
      { row: 3, field: 'tags', code: 'invalid', reasons: [expect.objectContaining({ code: 'too_big', max: 50 })] },
    ]);
    // Nothing of the rejected row was written, and it can be downloaded to fix.
    expect((await contactNamed('Full Tags')).tags).toHaveLength(49);
    expect(await count('SELECT count(*) AS n FROM accounts')).toBe(0);
    const rejected = await imports.csvRejected(done.jobId, uploadId);
    expect(rejected.rows.map((row) => row.row)).toEqual([3]);
    // No customer value in what the report says.
    expect(JSON.stringify(done.rejections)).not.toMatch(/eve@|full@|Eve|7946/);
  });

  it('does not merge a row into a contact it matches by phone or name when their email addresses are all different: two people', async () => {
    const connection = imports.vault.connection();
    const alice = await connection.write((tx) =>
      createContact(tx, ContactDraft.parse({ name: 'Alice Meyer', title: 'Buyer', emails: ['alice@acme.example'], phones: ['+49 30 123456'] }), Date.now()),
    );
    // Bob shares Acme's switchboard number, with an address of his own: another person.
    const uploadId = upload(['Name,Email,Phone,Title', 'Bob Kurz,bob@acme.example,+49 30 123456,Clerk'].join('\n'));
    const shown = await imports.service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 10, duplicates: 'update' });
    expect(shown.rows.map(({ row, updates, problems }) => ({ row, updates, problems: problems.map(({ field, code }) => `${field}:${code}`) }))).toEqual([
      { row: 2, updates: null, problems: ['emails:duplicate_in_vault'] },
    ]);
    const done = await finish(await run({ uploadId, duplicates: 'update' }));
    expect(done).toMatchObject({ processed: 1, imported: 0, updated: 0, duplicates: 1, rejected: 0 });
    expect(listed(done)).toEqual([{ row: 2, field: 'emails', code: 'duplicate_in_vault', reasons: [{ code: 'duplicate_other_emails' }] }]);
    expect(await contactNamed('Alice Meyer')).toMatchObject({ id: alice.id, title: 'Buyer', emails: ['alice@acme.example'] });
    expect(JSON.stringify(done.rejections)).not.toMatch(/bob@|Bob|123456/);
    // A row with Alice's number and one of her addresses is Alice: merged.
    const again = await finish(await run({ uploadId: upload('Name,Email,Phone,Title\nAlice M.,ALICE@acme.example,+49 30 123456,Head Buyer\n'), duplicates: 'update' }));
    expect(again).toMatchObject({ updated: 1, duplicates: 0 });
    expect(await contactNamed('Alice M.')).toMatchObject({ id: alice.id, title: 'Head Buyer', emails: ['alice@acme.example'] });
  });

  it('does not merge a row into a contact it matches by phone alone when its name is another: two people behind one number', async () => {
    const connection = imports.vault.connection();
    const anna = await connection.write((tx) => createContact(tx, ContactDraft.parse({ name: 'Anna Schmidt', title: 'Buyer', phones: ['+49 30 555000'] }), Date.now()));
    // Bernd at Anna's number, with no address to tell them apart: merged, Anna became Bernd (her deals and activities with her).
    const uploadId = upload(['Name,Email,Phone,Title', 'Bernd Meier,,030 555000,Clerk'].join('\n'));
    const shown = await imports.service.preview({ uploadId, format: 'csv', entity: 'contacts', rows: 10, duplicates: 'update' });
    expect(shown.rows.map(({ row, updates, problems }) => ({ row, updates, problems: problems.map(({ field, code }) => `${field}:${code}`) }))).toEqual([
      { row: 2, updates: null, problems: ['name:duplicate_in_vault'] },
    ]);
    const dry = await finish(await run({ uploadId, dryRun: true, duplicates: 'update' }));
    expect(dry).toMatchObject({ processed: 1, imported: 0, updated: 0, duplicates: 1, rejected: 0 });
    const done = await finish(await run({ uploadId, duplicates: 'update' }));
    expect(done).toMatchObject({ processed: 1, imported: 0, updated: 0, duplicates: 1, rejected: 0 });
    expect(listed(done)).toEqual([{ row: 2, field: 'name', code: 'duplicate_in_vault', reasons: [{ code: 'duplicate_other_name' }] }]);
    // An address Anna has not got does not make the row hers either.
    const carla = await finish(await run({ uploadId: upload('Name,Email,Phone\nCarla Neu,carla@example.org,+49 30 555000\n'), duplicates: 'update' }));
    expect(listed(carla)).toEqual([{ row: 2, field: 'name', code: 'duplicate_in_vault', reasons: [{ code: 'duplicate_other_name' }] }]);
    expect(await contactNamed('Anna Schmidt')).toMatchObject({ id: anna.id, title: 'Buyer', emails: [], phones: ['+49 30 555000'] });
    expect(JSON.stringify(done.rejections)).not.toMatch(/Bernd|Anna|carla@|555000/);
    // Her number and her name (written otherwise) are Anna: merged.
    const again = await finish(await run({ uploadId: upload('Name,Phone,Title\nANNA SCHMIDT,+49 30 555000,Head Buyer\n'), duplicates: 'update' }));
    expect(again).toMatchObject({ updated: 1, duplicates: 0 });
    expect(await contactNamed('ANNA SCHMIDT')).toMatchObject({ id: anna.id, title: 'Head Buyer' });
  });

  it('updates an account matched by name with its industry and territory, and gives a new account its territory', async () => {
    await finish(await run({ entity: 'accounts', uploadId: upload('Name,Industry,Territory\nAcme Ltd,Retail,North\n') }));
    const done = await finish(await run({ entity: 'accounts', duplicates: 'update', uploadId: upload('Name,Industry,Territory,Tags\nACME LTD,,South,key\nGlobex,Energy,West,\n') }));
    expect(done).toMatchObject({ imported: 1, updated: 1, duplicates: 0, rejected: 0 });
    const accounts = await imports.vault.connection().read((tx) => selectRecords(tx, accountTable, '1 = 1', [], 'ORDER BY name'));
    expect(accounts.map(({ name, industry, territory, tags }) => ({ name, industry, territory, tags }))).toEqual([
      { name: 'ACME LTD', industry: 'Retail', territory: 'South', tags: ['key'] },
      { name: 'Globex', industry: 'Energy', territory: 'West', tags: [] },
    ]);
  });

  it('counts each row once through a crash and a resume: imported, updated, skipped or rejected', async () => {
    const seed = ['Name,Email', ...Array.from({ length: 30 }, (_, index) => `Known ${index},known${index}@example.org`)].join('\n');
    await finish(await run({ uploadId: upload(seed) }));
    // 250 rows in 100-row chunks: every tenth row matches a known contact (24: row 250 is bad), row 7 and row 250 are bad, the rest is new.
    const lines = ['Name,Email,Title'];
    for (let index = 1; index <= 250; index += 1) {
      if (index === 7 || index === 250) lines.push(`,bad${index}@example.org,`);
      else if (index % 10 === 0) lines.push(`Known ${index / 10 - 1},known${index / 10 - 1}@example.org,Updated`);
      else lines.push(`Fresh ${index},fresh${index}@example.org,`);
    }
    const content = lines.join('\n');
    const expected = { processed: 250, imported: 224, updated: 24, duplicates: 0, rejected: 2 };
    const crashing = crashingAt(2);
    const job = await crashing.run(ImportRun.parse({ uploadId: crashing.uploads.append(undefined, Buffer.from(content), true).uploadId, format: 'csv', entity: 'contacts', duplicates: 'update' }));
    await crashing.settled(job.jobId);
    expect(await crashing.status(job.jobId, 0)).toMatchObject({ state: 'failed', processed: 100, imported: 89, updated: 10, rejected: 1 });
    const resumed = await finish(await run({ uploadId: upload(content), resumeJobId: job.jobId }));
    expect(resumed).toMatchObject({ state: 'done', total: 250, ...expected });
    expect(await count("SELECT count(*) AS n FROM contacts WHERE title = 'Updated'")).toBe(24);
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(30 + 224);
  }, 120_000);
  it('a resumed run leaves out, as the first run would, later rows matching a record an earlier chunk created or updated', async () => {
    await finish(await run({ uploadId: upload('Name,Email,Phone\nKnown,known@example.org,+44 20 7946 0100\n') }));
    // 150 rows in 100-row chunks. Chunk 1: row 10 updates Known by its address, the rest are new.
    // Chunk 2: data row 101 has the address of row 5 (created in chunk 1), row 102 Known's number (updated by row 10 in chunk 1).
    const lines = ['Name,Email,Phone,Title'];
    for (let index = 1; index <= 150; index += 1) {
      if (index === 10) lines.push('Known,known@example.org,,Updated');
      else if (index === 101) lines.push('Fresh Again,fresh5@example.org,,Again');
      else if (index === 102) lines.push('Known Again,,+44 20 7946 0100,Again');
      else lines.push(`Fresh ${index},fresh${index}@example.org,,`);
    }
    const content = lines.join('\n');
    const expected = { processed: 150, imported: 147, updated: 1, duplicates: 2, rejected: 0 };
    const expectedRejections = [
      { row: 102, field: 'email', code: 'duplicate_in_file', reasons: [{ code: 'duplicate_in_file', key: 'email', row: 6 }] },
      { row: 103, field: 'phone', code: 'duplicate_in_file', reasons: [{ code: 'same_record_in_file', entity: 'contacts', row: 11 }] },
    ];
    // What a run in one go does (a check writes nothing).
    const dry = await finish(await run({ uploadId: upload(content), dryRun: true, duplicates: 'update' }));
    expect(dry).toMatchObject(expected);
    expect(listed(dry)).toEqual(expectedRejections);

    const crashing = crashingAt(2);
    const job = await crashing.run(ImportRun.parse({ uploadId: crashing.uploads.append(undefined, Buffer.from(content), true).uploadId, format: 'csv', entity: 'contacts', duplicates: 'update' }));
    await crashing.settled(job.jobId);
    expect(await crashing.status(job.jobId, 0)).toMatchObject({ state: 'failed', processed: 100, imported: 99, updated: 1 });
    const resumed = await finish(await run({ uploadId: upload(content), resumeJobId: job.jobId }));
    expect(resumed).toMatchObject({ state: 'done', ...expected });
    expect(listed(resumed)).toEqual(expectedRejections);
    expect(await count("SELECT count(*) AS n FROM contacts WHERE title = 'Again'")).toBe(0);
    expect(await count('SELECT count(*) AS n FROM contacts')).toBe(1 + 147);
  }, 120_000);

  const item = (name: string, emails: string[]): ImportDraft => ({ entity: 'contacts', draft: ContactDraft.parse({ name, emails, title: 'New title' }), company: null });
  const rowidOf = (id: string) => imports.vault.connection().read(async (tx) => z.object({ rowid: z.number() }).parse(await tx.get('SELECT rowid FROM contacts WHERE id = ?', [id])).rowid);

  it('updateMatchedRecords writes nothing into a record trashed, or changed away from the row\'s keys, since the keys were read, and says so without values', async () => {
    const [trashed, renamed, kept] = await imports.vault.connection().write(async (tx) => [
      await createContact(tx, ContactDraft.parse({ name: 'Gone Soon', emails: ['gone@example.org'] }), Date.now()),
      await createContact(tx, ContactDraft.parse({ name: 'Moved On', emails: ['moved@example.org'] }), Date.now()),
      await createContact(tx, ContactDraft.parse({ name: 'Still Here', emails: ['here@example.org'] }), Date.now()),
    ]);
    const rows = { trashed: await rowidOf(trashed.id), renamed: await rowidOf(renamed.id), kept: await rowidOf(kept.id) };
    const refused = await imports.vault.connection().write(async (tx) => {
      await deleteContact(tx, trashed.id, Date.now());
      await updateContact(tx, renamed.id, { emails: ['elsewhere@example.org'] }, Date.now());
      return updateMatchedRecords(
        tx,
        [
          { row: 2, record: rows.trashed, item: item('Gone Soon', ['gone@example.org']), fields: ['name', 'email', 'title'] },
          { row: 3, record: rows.renamed, item: item('Moved On', ['moved@example.org']), fields: ['name', 'email', 'title'] },
          { row: 4, record: rows.kept, item: item('Still Here', ['HERE@example.org']), fields: ['name', 'email', 'title'] },
        ],
        false,
        Date.now(),
      );
    });
    expect(refused).toEqual([
      { row: 2, skipped: true, rejections: [expect.objectContaining({ code: 'duplicate_in_vault', reasons: [{ code: 'duplicate_gone', entity: 'contacts' }] })] },
      { row: 3, skipped: true, rejections: [expect.objectContaining({ code: 'duplicate_in_vault', reasons: [{ code: 'duplicate_gone', entity: 'contacts' }] })] },
    ]);
    expect(JSON.stringify(refused)).not.toMatch(/gone@|moved@|Gone|Moved/);
    const titles = await imports.vault.connection().read((tx) => selectRecords(tx, contactTable, '1 = 1', [], 'ORDER BY name'));
    expect(titles.map(({ name, title, emails }) => ({ name, title, emails }))).toEqual([
      { name: 'Gone Soon', title: '', emails: ['gone@example.org'] },
      { name: 'Moved On', title: '', emails: ['elsewhere@example.org'] },
      { name: 'Still Here', title: 'New title', emails: ['here@example.org'] },
    ]);
  });

});
