// The `fieldvault-server` usage text: one synopsis per command, what it does,
// and the notes every store-opening command shares. `fieldvault-server
// --help` prints all of it and `<command> --help` that command's part, on
// stdout; an unknown command prints all of it on stderr.

const store = '[--store sqlite|postgres] [--database-url URL] [--allow-plaintext-database]';

export const commandUsage: Readonly<Record<string, string>> = {
  init: `init --data-dir DIR [--name ORG] [--admin NAME] [--host HOST]... [--port PORT] ${store}
    Creates the organisation: CA, server certificate, keys, the first admin and a one-time enrolment bundle.
    --host (repeatable, default 127.0.0.1 and localhost) is a name or address devices will use to reach this server,
    not an address to listen on (0.0.0.0 and :: are refused); the first one goes into the server URL.`,
  serve: `serve --data-dir DIR [--port PORT] [--listen ADDRESS] [--write-queue-ms MS] ${store}
    Serves the organisation over HTTPS; prints one ready line on stdout.`,
  users: `users --data-dir DIR ${store}
    Lists the users: id, role (admin or member), teams, territories and display name.`,
  'create-user': `create-user --data-dir DIR --name NAME [--role member|admin] ${store}
    Creates a user (a member unless --role admin) and prints the new user id, alone on its line (for scripts).`,
  'set-role': `set-role --data-dir DIR --user USER_ID --role admin|member ${store}
    Makes a user an admin or a member (an admin made on a stolen admin laptop, or one who left the role). Their
    devices' admin requests are refused from the next one on, and the unused enrolment codes those devices issued
    are cancelled. The last admin cannot be made a member: make another user an admin first. Over the API an
    admin's device may make only its own user a member; another admin is made one here.`,
  memberships: `memberships --data-dir DIR --user USER_ID [--teams ID,ID...] [--territories ID,ID...] [--yes] ${store}
    Sets a user's teams and territories (a list replaces the current one; '' empties it; a kind not given is kept).
    Devices of the user drop records they no longer see and receive those they now see. An id that no user holds
    and no record carries (a typo, or a new team or territory) is refused, saying what would change, unless --yes.`,
  'enrolment-code': `enrolment-code --data-dir DIR --user USER_ID [--hours HOURS] [--enrolment-bundle FILE] ${store}
    Prints a one-time enrolment code for a new device of the user (valid 72 hours unless --hours, 1 to 720);
    --enrolment-bundle also writes it with the server URL and the organisation CA to FILE (0600), for the app to load:
    a new file in an existing, writable folder; if it cannot be written, the code is cancelled.`,
  'cancel-enrolment-codes': `cancel-enrolment-codes --data-dir DIR --user USER_ID ${store}
    Cancels every unused enrolment code of the user, whoever issued it. Devices already enrolled are not affected.`,
  devices: `devices --data-dir DIR [--user USER_ID] ${store}
    Lists the devices: id, user, enrolled, last seen, active or revoked.`,
  'revoke-device': `revoke-device --data-dir DIR --device DEVICE_ID --yes ${store}
    Revokes a device: it wipes its vault at its next request, with any changes it has not synced yet. The unused
    enrolment codes it issued are cancelled. Without --yes it says what would happen and changes nothing.`,
  erase: `erase --data-dir DIR --entity ENTITY --record RECORD_ID ${store}
    Erases a record (GDPR Art. 17): deletes it and its history, keeps an id-only ledger entry, and has every device
    purge it. ENTITY is accounts, contacts, deals, activities or tasks; RECORD_ID is the record's UUID.
    An id that no record of ENTITY has is refused if another entity holds it; one stored nowhere is entered in the
    ledger anyway (a device may hold it unpushed) and the command exits 1, as nothing was erased.
    On SQLite, if another process (a running serve) held the database open through every WAL checkpoint try, the
    erased record's sealed bytes may still be in store.db-wal: it warns and exits 1. A running serve settles it
    within 30 s or after its next write, as does any command opening the folder; run erase again to check.`,
  'erasure-status': `erasure-status --data-dir DIR --entity ENTITY --record RECORD_ID ${store}
    Shows which devices enrolled before an erasure confirmed the purge (with their times): acknowledged, outstanding
    (active; purges at its next sync), revoked but not confirmed (may still hold the record), and never synced.`,
  'rotate-keys': `rotate-keys --data-dir DIR [--master | --finish] ${store}
    Adds a new data key and re-seals the records with it, or (--master) rotates the master key. The old data key is
    kept 5 minutes (servers may still seal with it); then --finish re-seals what was sealed with it and removes it,
    adding no key.`,
  'renew-certificate': `renew-certificate --data-dir DIR [--host HOST]...
    Issues a new server certificate from the organisation CA, for the saved hosts or, with --host (repeatable),
    for exactly these, which are then saved. They must include the server URL's host (devices hold that URL);
    0.0.0.0 and :: are refused, as for init.`,
  'seed-demo': `seed-demo --data-dir DIR [--contacts N] [--seed N] [--enrolment-bundle FILE] ${store}
    Seeds demo data owned by the first admin; --enrolment-bundle writes a bundle with a one-time code (valid 1 hour).`,
};

const storeNotes = `The postgres store's URL may come from FIELDVAULT_DATABASE_URL instead of --database-url.
A database on another machine needs TLS: sslmode=verify-full in the URL (or PGSSLMODE=verify-full);
--allow-plaintext-database (or FIELDVAULT_ALLOW_PLAINTEXT_DATABASE=1) connects without it anyway.`;

export const usage = `Usage:
${Object.values(commandUsage)
  .map((text) => `  fieldvault-server ${text}`)
  .join('\n')}
  fieldvault-server --help | COMMAND --help
${storeNotes}`;

/** One command's usage; the store notes with it when the command takes --store. */
export function usageOf(command: string): string {
  const text = commandUsage[command];
  if (text === undefined) return usage;
  return `Usage:\n  fieldvault-server ${text}${text.includes('--store') ? `\n${storeNotes}` : ''}`;
}

/** Whether the arguments ask for help rather than a run (`--help` or `-h` anywhere, as most tools take it). */
export const asksForHelp = (args: readonly string[]): boolean => args.includes('--help') || args.includes('-h');
