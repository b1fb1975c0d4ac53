// A contact's e-mail addresses, phone numbers and an account's website are
// links on their pages, in Chromium against the real headless shell and
// vault: mailto: (encoded so no header can ride along), tel: as a dialler
// takes it, https and http websites in the browser (an http one was dead text). A click
// on a link follows it and does not start editing the field, which its
// pencil (and a click beside the value) still does; the links are Tab stops.
// (The Electron shell hands exactly these schemes to the OS apps:
// app-url.ts externalUrl, unit-tested.) Records are written through the
// page's own (routed) IPC socket, as the "New" dialogs would write them.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { focusedTestId, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { createdId } from './proxied-server';

const password = 'links that write and call';

describe('contact details as links', () => {
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1280, height: 900 } }, password });
  const { pageErrors } = app;
  let page: Page;

  beforeAll(async () => {
    ({ page } = app);
    const accountId = await createdId(route, 'accounts.create', { name: 'Linked Firm', website: 'https://linked.example/about' });
    await createdId(route, 'accounts.create', { name: 'Plain Firm', website: 'http://plain.example' });
    await createdId(route, 'contacts.create', {
      name: 'Linda Linked',
      accountId,
      emails: ['linda+sales@linked.example', 'linda@home.example'],
      phones: ['+44 7700 900123', '+1 555 0100 x12', 'ask reception'],
    });
  }, 120_000);

  it('links e-mail addresses and phone numbers on a contact’s page, and a click on one does not edit the field', async () => {
    await openSection(page, 'contacts');
    await page.getByTestId('contact-table-row').filter({ hasText: 'Linda Linked' }).click();
    await page.getByTestId('contact-detail').waitFor(ui);
    const emails = page.getByTestId('inline-emails').getByTestId('link-emails');
    await expect.poll(() => emails.evaluateAll((links) => links.map((link) => link.getAttribute('href'))), ui).toEqual([
      'mailto:linda%2Bsales@linked.example',
      'mailto:linda@home.example',
    ]);
    expect(await emails.allTextContents()).toEqual(['linda+sales@linked.example', 'linda@home.example']);
    // A number without digits stays text.
    expect(await page.getByTestId('inline-phones').getByTestId('link-phones').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual([
      'tel:+447700900123',
      'tel:+15550100;ext=12',
    ]);
    expect(await page.getByTestId('inline-phones').locator('li').last().textContent()).toBe('ask reception');

    // A click on the address follows the link: the field is not edited, and a toast offers to log the e-mail,
    // which brings the composer with Email picked. The browser is kept from following mailto: and tel: (the
    // Electron shell hands them to the OS apps, app-url.ts): this Chromium hands a tel: link to xdg-open, after
    // which the page stopped receiving mouse clicks a few clicks later. Each link a click follows is recorded.
    await page.evaluate(() => {
      const followed: string[] = [];
      Object.assign(window, { followedLinks: followed });
      window.addEventListener(
        'click',
        (event) => {
          const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>('a[href^="mailto:"], a[href^="tel:"]') : null;
          if (link === null || event.defaultPrevented) return;
          followed.push(link.getAttribute('href') ?? '');
          event.preventDefault();
        },
        true,
      );
    });
    const followed = () => page.evaluate(() => (window as unknown as { followedLinks: string[] }).followedLinks);
    await page.getByTestId('composer-kind-note').click();
    await emails.first().click();
    const offer = page.getByTestId('log-after-link');
    await offer.filter({ hasText: 'Writing? Log the email when it is sent.' }).waitFor(ui);
    expect(await page.getByTestId('inline-emails-input').count()).toBe(0);
    expect(await page.getByTestId('contact-detail').isVisible()).toBe(true);
    await offer.getByTestId('log-after-link-action').click();
    await expect.poll(() => page.getByTestId('composer-kind-email').getAttribute('aria-checked'), ui).toBe('true');
    expect(await focusedTestId(page)).toBe('composer-subject');
    // A phone number: Log call picks Call.
    await page.getByTestId('inline-phones').getByTestId('link-phones').first().click();
    await offer.filter({ hasText: 'Calling? Log the call when you are done.' }).waitFor(ui);
    await offer.getByTestId('log-after-link-action').click();
    await expect.poll(() => page.getByTestId('composer-kind-call').getAttribute('aria-checked'), ui).toBe('true');
    expect(await followed()).toEqual(['mailto:linda%2Bsales@linked.example', 'tel:+447700900123']);
    await page.keyboard.type('Talked about the renewal');
    await page.keyboard.press('Enter');
    await page.getByTestId('activity-logged').waitFor(ui);
    // The offer goes with its page: pressed on another, it opened that page's composer and logged the call there.
    await page.getByTestId('inline-phones').getByTestId('link-phones').first().click();
    await offer.filter({ hasText: 'Calling? Log the call when you are done.' }).waitFor(ui);
    const offered = Date.now();
    await openSection(page, 'accounts');
    await page.waitForTimeout(200);
    // Well inside its 8 s life: gone because its page went, not because its time ran out.
    expect(await offer.count()).toBe(0);
    expect(Date.now() - offered).toBeLessThan(6_000);
    await page.goBack();
    await page.getByTestId('contact-detail').waitFor(ui);
    // The pencil still edits; the links are Tab stops before it.
    await emails.last().focus();
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('inline-emails-edit');
    await page.keyboard.press('Enter');
    await page.getByTestId('inline-emails-input').waitFor(ui);
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });

  it('links an https website to the browser, and an http one too', async () => {
    await openSection(page, 'accounts');
    await page.getByTestId('account-table-row').filter({ hasText: 'Linked Firm' }).click();
    await page.getByTestId('account-detail').waitFor(ui);
    const website = page.getByTestId('inline-website').getByTestId('link-website');
    await website.waitFor(ui);
    expect(await website.getAttribute('href')).toBe('https://linked.example/about');
    expect(await website.getAttribute('target')).toBe('_blank');
    expect(await website.getAttribute('rel')).toBe('noreferrer');

    await openSection(page, 'accounts');
    await page.getByTestId('account-table-row').filter({ hasText: 'Plain Firm' }).click();
    await page.getByTestId('account-detail').waitFor(ui);
    // Saved as the schema admits it, so shown as a link (it was plain text the OS browser never got).
    const plain = page.getByTestId('inline-website').getByTestId('link-website');
    await plain.waitFor(ui);
    expect(await plain.getAttribute('href')).toBe('http://plain.example');
    expect(await plain.textContent()).toBe('http://plain.example');
    expect(await plain.getAttribute('target')).toBe('_blank');
    expect(pageErrors).toEqual([]);
  });
});
