// The Owner filter names colleagues, in Chromium against the real headless
// shell, vault and a real TLS sync server: a manager's device enrolled in a
// team sees a teammate's contact and offers its owner by name, not as
// "User 5f6a7b"; a rename on the server reaches the open list at the next
// sync. Enrolment and "sync now" are sent over the page's own (routed) IPC
// socket, as the Settings form and the sync pill would send them.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactValues, enrolmentCode, protocolDevice, setMemberships, startTestServer, type TestServer } from '../support/sync-server';
import { createVault, openSection, ui } from './crm-steps';
import { launchBrowser, requireRendererBuild, startHeadlessShell, type HeadlessShell } from './harness';

const password = 'owners have names here';

/** Passes every message through; calls made by the test get ids the page never uses, and their answers stay here. */
class InjectingRoute {
  #server: ReturnType<WebSocketRoute['connectToServer']> | null = null;
  #nextId = 1_000_000;
  readonly #pending = new Map<number, (result: unknown) => void>();

  attach(ws: WebSocketRoute): void {
    const server = ws.connectToServer();
    this.#server = server;
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      const text = typeof message === 'string' ? message : message.toString('utf8');
      const answer = JSON.parse(text) as { type?: unknown; id?: unknown; result?: unknown };
      const waiting = answer.type === 'result' && typeof answer.id === 'number' ? this.#pending.get(answer.id) : undefined;
      if (waiting === undefined) ws.send(message);
      else waiting(answer.result);
    });
  }

  invoke(channel: string, input: unknown): Promise<unknown> {
    const server = this.#server;
    if (server === null) throw new Error('The page has no IPC socket yet');
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      server.send(JSON.stringify({ type: 'invoke', id, channel, input }));
    });
  }
}

describe('the Owner filter with a user directory', () => {
  let server: TestServer;
  let shell: HeadlessShell | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const route = new InjectingRoute();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireRendererBuild();
    server = await startTestServer();
    shell = await startHeadlessShell();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', locale: 'en-US' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.routeWebSocket(/\/ipc$/, (ws) => route.attach(ws));
    await page.goto(shell.url);
    await createVault(page, password);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await shell?.stop();
    await server.close();
  });

  it('offers a teammate by name, and follows a rename', async () => {
    const manager = await server.createUser('Mona Manager');
    const rita = await server.createUser('Rita Rep');
    const sam = await server.createUser('Sam Stranger');
    await setMemberships(server, manager, ['team-east']);
    await setMemberships(server, rita, ['team-east']);
    await setMemberships(server, sam, ['team-west']);
    // Rita's laptop writes a contact; it lands in her team's bucket, which the manager's device holds.
    const laptop = await protocolDevice(server, rita);
    await laptop.push([laptop.upsert('contacts', randomUUID(), contactValues(rita, { name: 'Teamed Contact' }))]);

    const enrolled = await route.invoke('sync.enrol', { serverUrl: server.url, caCertificatePem: server.caPem, enrolmentCode: await enrolmentCode(server, manager) });
    expect(enrolled).toMatchObject({ ok: true });

    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Teamed Contact' }).waitFor(ui);
    await page.getByTestId('filter-toggle').click();
    await expect.poll(() => page.locator('#filter-owner option').allTextContents(), ui).toEqual(['Anyone', 'Rita Rep']);

    const renamed = await server.client.request('POST', '/v1/admin/users/rename', { token: server.admin.token, body: { userId: rita, displayName: 'Rita Renamed' } });
    expect(renamed.status).toBe(200);
    expect(await route.invoke('sync.now', {})).toMatchObject({ ok: true });
    // The open list asks again when sync says the directory changed.
    await expect.poll(() => page.locator('#filter-owner option').allTextContents(), ui).toEqual(['Anyone', 'Rita Renamed']);
    expect(pageErrors).toEqual([]);
  });
});
