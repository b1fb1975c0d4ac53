// Settings' sync card when the app's first sync.status call fails (main busy
// or restarting its sync session at that moment), in Chromium against the
// real headless shell and vault, the route failing that channel until the
// test lets it through. Before, the card stayed empty for the rest of the
// session: neither the enrolment form nor the server it syncs with, since
// whether the device is enrolled is known only from that answer. It now says
// it is reading, and the call is asked again until it answers.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './app';
import { openSection, ui } from './crm-steps';
import { IpcRoute } from './ipc-route';

const password = 'status asked again';

describe('the sync card after a failed sync.status', () => {
  let page: Page;
  const route = new IpcRoute();
  // From the page's first call on.
  route.failing.set('sync.status', { code: 'INTERNAL', message: 'Something went wrong. Try again.' });
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  it('says it is reading while the call fails, asks again, and shows the enrolment form once it answers', async () => {
    await openSection(page, 'settings');
    const card = page.getByTestId('sync-server-card');
    await card.getByTestId('sync-server-reading').waitFor(ui);
    expect(await card.getByTestId('sync-server-reading').textContent()).toBe('Reading this device’s sync settings…');
    expect(await card.getByTestId('enrol-form').count()).toBe(0);
    // Asked again after the first failure (1 s, then doubling).
    await expect.poll(() => route.calls.filter((channel) => channel === 'sync.status').length, { timeout: 10_000 }).toBeGreaterThan(1);

    route.failing.delete('sync.status');
    await card.getByTestId('enrol-form').waitFor({ timeout: 40_000 });
    expect(await card.getByTestId('sync-server-reading').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
