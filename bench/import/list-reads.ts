// What a rep sees while an import runs: the contact list's first page (50
// rows by name, as the list screen asks for it) asked for every 200 ms by the
// clock, each read timed from the moment it was due until its rows are back.
// Timing from the moment it is due, not from the call, counts what a click
// would wait for while the main process's event loop is held (parsing and
// checking rows runs on it): a read timed from its call starts only once the
// loop is free again, and would miss that wait.
import { listContacts } from '../../src-main/services/crm/contact.service';
import type { Vault } from '../../src-main/vault/vault';
import { ContactListQuery } from '../../src-shared/domain/contact';

const everyMs = 200;
const query = ContactListQuery.parse({ limit: 50 });

export interface ListReads {
  /** Stops after the read in flight; returns each read's milliseconds from when it was due, in order, and the last page's row count. */
  stop(): Promise<{ readonly times: number[]; readonly lastRows: number }>;
}

export function readListWhile(vault: Vault): ListReads {
  const times: number[] = [];
  let lastRows = 0;
  let running = true;
  const origin = performance.now();
  const loop = (async () => {
    // One read is due every everyMs from origin; a read that ends after the next one was due starts it at once.
    for (let index = 0; running; index += 1) {
      const due = origin + index * everyMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const page = await vault.connection().read((tx) => listContacts(tx, query));
      times.push(performance.now() - due);
      lastRows = page.items.length;
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { times, lastRows };
    },
  };
}
