// The headless shell tells when its last connected page has closed (a tab
// reloaded or closed), at once, so that the exports only that page could
// follow stop (Core.pageGone), as Electron's binding does when its window's
// page goes. Before, a reloaded tab left its export running, unstoppable,
// refusing every new export until it ended and its file was thrown away.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { headlessIpcPath } from '../../src-shared/ipc/headless-protocol';
import { EventBus } from '../ipc/event-bus';
import { createMemoryLogger } from '../log/logger';
import { startHeadlessServer, type HeadlessServer } from './server';

describe('the headless shell’s pages closing', () => {
  let dir: string;
  let server: HeadlessServer | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fv-pages-'));
  });
  afterEach(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A page: a socket that said hello with the launch's token and heard ready. */
  async function openPage(shell: HeadlessServer): Promise<WebSocket> {
    const token = new URL(shell.url).hash.replace('#token=', '');
    const socket = new WebSocket(`ws://127.0.0.1:${shell.port}${headlessIpcPath}`, { origin: shell.origin });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => socket.send(JSON.stringify({ type: 'hello', token })));
      socket.once('message', (data: Buffer) => (data.toString('utf8').includes('"type":"ready"') ? resolve() : reject(new Error('not ready'))));
      socket.once('error', reject);
    });
    return socket;
  }

  const closed = (socket: WebSocket) => new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.close();
  });

  it('runs once the last page has closed, not while another is connected', async () => {
    const calls: number[] = [];
    server = await startHeadlessServer({
      // No call is made: the pages only connect and close.
      registry: { dispatch: () => Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'No call expected.' } }) },
      events: new EventBus(),
      log: createMemoryLogger(),
      rendererDir: dir,
      port: 0,
      onPagesClosed: () => calls.push(Date.now()),
    });
    const first = await openPage(server);
    const second = await openPage(server);
    await closed(first);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toHaveLength(0);
    await closed(second);
    await expect.poll(() => calls.length).toBe(1);
    // A reload: the page comes back, and goes again.
    await closed(await openPage(server));
    await expect.poll(() => calls.length).toBe(2);
  });
});
