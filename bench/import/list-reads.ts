// What a rep sees while an import runs: the contact list's first page (50
// rows by name, as the list screen asks for it) read through the vault every
// 200 ms, each read timed from the call until its rows are back.
import { listContacts } from '../../src-main/services/crm/contact.service';
import type { Vault } from '../../src-main/vault/vault';
import { ContactListQuery } from '../../src-shared/domain/contact';

const everyMs = 200;
const query = ContactListQuery.parse({ limit: 50 });

export interface ListReads {
  /** Stops after the read in flight; returns each read's milliseconds, in order, and the last page's row count. */
  stop(): Promise<{ readonly times: number[]; readonly lastRows: number }>;
}

export function readListWhile(vault: Vault): ListReads {
  const times: number[] = [];
  let lastRows = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const page = await vault.connection().read((tx) => listContacts(tx, query));
      times.push(performance.now() - started);
      lastRows = page.items.length;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
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
