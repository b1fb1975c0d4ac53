// A page that goes during an export (Ctrl+R, or its renderer crashed and the
// window reloads it) through the real binding (ipc-binding.ts) and the real
// core, with a stand-in webContents since the Electron binary cannot run here.
// Before, the export kept building its file (up to 256 MB) for a page that was
// gone: the new page never learned its id, so it could not stop it, and its own
// Export was refused ("Another export is running") until the old one ended,
// whose file nobody saved.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContactDraft } from '../../src-shared/domain/contact';
import { ipcChannel, type ChannelName } from '../../src-shared/ipc/channels';
import { createCore, type Core } from '../app/core';
import { createContacts } from '../services/crm/contact.service';
import { TempVaultFolder } from '../testing/temp-vault';
import { appEntryUrl } from './app-url';
import { bindIpc } from './ipc-binding';
import { isTrustedSender } from './sender-check';

type Handler = (event: unknown, input: unknown) => Promise<unknown>;
const electron = vi.hoisted(() => ({ handlers: new Map<string, Handler>() }));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => void electron.handlers.set(channel, handler),
    removeHandler: (channel: string) => void electron.handlers.delete(channel),
  },
}));

/** A webContents as the binding uses it: our window, showing the app. */
class StandInContents extends EventEmitter {
  readonly id = 7;
  getURL(): string {
    return appEntryUrl;
  }
  isDestroyed(): boolean {
    return false;
  }
  send(): void {}
}

/** A call from the window's top-level frame, as ipcMain hands it to the binding. */
function invoke(channel: ChannelName, input: unknown): Promise<unknown> {
  const handler = electron.handlers.get(ipcChannel(channel));
  if (handler === undefined) throw new Error(`${channel} is not bound`);
  return handler({ senderFrame: { url: appEntryUrl, parent: null }, sender: { id: 7 } }, input);
}

const contacts = 500;
const firstId = '0190a5d0-ac96-774b-bcce-b302099a8057';
const secondId = '0190a5d0-ac96-774b-bcce-b302099a8058';

describe('an export when its page goes', () => {
  let folder: TempVaultFolder;
  let core: Core;
  let contents: StandInContents;
  let unbind: () => void;

  beforeEach(async () => {
    folder = await TempVaultFolder.create();
    core = createCore({ dataDir: folder.dataDir, keyStore: folder.keyStore, log: folder.log, isTrustedSender, idleLockMs: 0 });
    contents = new StandInContents();
    unbind = bindIpc(core, { webContents: contents } as unknown as Electron.BrowserWindow);
    contents.emit('did-finish-load');
    expect(await invoke('vault.create', { password: 'page gone test password 1' })).toMatchObject({ ok: true });
    const drafts = Array.from({ length: contacts }, (_, index) => ContactDraft.parse({ name: `Person ${index}` }));
    await core.vault.connection().write((tx) => createContacts(tx, drafts, Date.UTC(2026, 4, 1)));
  });

  afterEach(async () => {
    unbind();
    await core.close();
    await folder.dispose();
  });

  const goes: Record<string, () => void> = {
    // Ctrl+R: the new document commits, then loads.
    reloaded: () => {
      contents.emit('did-navigate', {}, appEntryUrl);
      contents.emit('did-finish-load');
    },
    // The renderer crashed; the window loads the page again (renderer-crash.ts).
    'reloaded after a crash': () => {
      contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
      contents.emit('did-navigate', {}, appEntryUrl);
      contents.emit('did-finish-load');
    },
  };

  it.each(Object.keys(goes))('stops when its page is %s, and the new page’s export runs', async (how) => {
    let again: Promise<unknown> | undefined;
    core.events.subscribe((event) => {
      if (event !== 'export.didProgress' || again !== undefined) return;
      // Its rows counted, its first page being read: the page goes, and the new one exports the list.
      queueMicrotask(() => {
        goes[how]?.();
        again = invoke('export.csv', { entity: 'contacts', query: {}, exportId: secondId });
      });
    });
    const first = await invoke('export.csv', { entity: 'contacts', query: {}, exportId: firstId });
    expect(first).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await again).toMatchObject({ ok: true, value: { rows: contacts } });
  });

  it('runs on through a load event of the page that asked for it', async () => {
    let loaded = false;
    core.events.subscribe((event) => {
      if (event !== 'export.didProgress' || loaded) return;
      loaded = true;
      contents.emit('did-finish-load');
    });
    expect(await invoke('export.csv', { entity: 'contacts', query: {}, exportId: firstId })).toMatchObject({ ok: true, value: { rows: contacts } });
  });
});
