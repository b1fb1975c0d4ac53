// Connecting a device from Settings when the sync server refuses more
// enrolment attempts from this network (codes guessed, or mistyped over and
// over), in Chromium against the real headless shell and vault and a real
// TLS sync server whose limit is one failed attempt, given back after 6 s.
// The server names its wait; the card counts it down and keeps Connect
// disabled until it ends (before, it said "try again later" and nothing
// more, and every press was refused again), then the corrected code connects.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { enrolmentCode } from '../support/sync-server';
import { useApp } from './app';
import { focusedTestId, openSection, ui } from './crm-steps';
import { useProxiedServer } from './proxied-server';

const password = 'too many attempts';

describe('enrolling from Settings after too many attempts from this network', () => {
  let page: Page;
  const sync = useProxiedServer({ rateLimits: { enrolRateLimit: { capacity: 1, refillPerSecond: 1 / 6 } } });
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, password });
  const { pageErrors } = app;

  beforeAll(() => {
    ({ page } = app);
  });

  it('counts down the wait the server names with Connect disabled, keeps what was typed, and connects once it ends', async () => {
    const userId = await sync.server.createUser('Wendy Waits');
    await openSection(page, 'settings');
    const form = page.getByTestId('enrol-form');
    await form.waitFor(ui);
    await form.getByTestId('enrol-server').fill(sync.proxy.url);
    await form.getByTestId('enrol-certificate').fill(sync.server.caPem);
    const code = form.getByTestId('enrol-code');
    await code.fill('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    const submit = form.getByTestId('enrol-submit');

    // The first wrong code is the server's "not valid"; it takes the network's one attempt.
    await submit.click();
    await form.getByText('The server did not accept this enrolment code', { exact: false }).waitFor(ui);
    expect(await form.getByTestId('enrol-countdown').count()).toBe(0);

    // The next is refused before the code is looked at, with the wait the server names.
    await code.press('Enter');
    const countdown = form.getByTestId('enrol-countdown');
    await countdown.waitFor(ui);
    await form.getByText('Too many enrolment attempts from this network.', { exact: false }).waitFor(ui);
    const seconds = Number(/Try again in (\d+) s/.exec((await countdown.textContent()) ?? '')?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(6);
    expect(await submit.isDisabled()).toBe(true);
    expect(await submit.getAttribute('aria-describedby')).toBe('enrol-countdown');
    // The focus stays in the field the refusal is about.
    expect(await focusedTestId(page)).toBe('enrol-code');

    // It ends on its own; nothing typed was lost, and the right code connects.
    await countdown.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await submit.isDisabled()).toBe(false);
    expect(await form.getByTestId('enrol-server').inputValue()).toBe(sync.proxy.url);
    await code.fill(await enrolmentCode(sync.server, userId));
    await submit.click();
    await page.getByTestId('sync-server-connected').waitFor(ui);
    expect(pageErrors).toEqual([]);
  });
});
