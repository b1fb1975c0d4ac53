// Hebrew and Arabic values read in their own direction wherever a page shows
// them beside other text, as they do in a record page's header (<bdi>) and
// fields (dir="auto"), in Chromium against the real headless shell and vault:
// the lists' cells, an account's subtitle (its parts joined with " · "), a
// contact's subtitle, the related cards, the timeline and its composer, the
// search's hits, Today, the board's cards and a record picker. Before, they
// took the page's left-to-right direction there: "שרה כהן (CTO)" and
// "مديرة المبيعات." read with their brackets and full stop on the wrong side.
// For each place the test finds the text of the value and checks that the
// element holding it takes the right-to-left direction and that it, or an
// ancestor inside the place, isolates it (a <bdi> or dir="auto").
import type { Locator, Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeDialogs, openBoard, openSection, ui } from './crm-steps';
import { useInjectingApp } from './injecting-route';
import { createdId } from './proxied-server';

const password = 'names in their own direction';
const account = { name: 'מאפיית כהן (צפון)', industry: 'מזון.', city: 'حيفا', territory: 'צפון' };
const contact = { name: 'שרה כהן (CTO)', title: 'مديرة المبيعات.' };
const deal = 'صفقة التجديد.';
const task = 'להתקשר לשרה.';
const activity = { subject: 'مكالمة متابعة.', outcome: 'נקבעה פגישה.', body: 'הערות השיחה.' };

interface Shown {
  readonly direction: string;
  readonly isolated: boolean;
}

/**
 * Each place `value` shows inside `scope` (a text node holding it): the direction the element holding it takes,
 * and whether that element or an ancestor up to `scope` is a <bdi> or has dir="auto".
 */
function shownIn(scope: Locator, value: string): Promise<Shown[]> {
  return scope.evaluateAll(
    (roots, text) =>
      roots.flatMap((root) => {
        const found: Array<{ direction: string; isolated: boolean }> = [];
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          const holder = node.parentElement;
          if (holder === null || !(node.textContent ?? '').includes(text)) continue;
          let isolated = false;
          for (let element: Element | null = holder; element !== null && !isolated; element = element === root ? null : element.parentElement) {
            isolated = element.tagName === 'BDI' || element.getAttribute('dir') === 'auto';
          }
          found.push({ direction: getComputedStyle(holder).direction, isolated });
        }
        return found;
      }),
    value,
  );
}

/**
 * `value` shows in `scope` (named `place` in a failure), everywhere right to left and isolated. A soft check: a
 * place that fails does not hide the others after it.
 */
async function expectIsolated(place: string, scope: Locator, value: string): Promise<void> {
  await expect.poll(async () => (await shownIn(scope, value)).length, ui).toBeGreaterThan(0);
  const shown = await shownIn(scope, value);
  expect.soft({ place, value, shown }).toEqual({ place, value, shown: shown.map(() => ({ direction: 'rtl', isolated: true })) });
}

function nextMonthDay(): string {
  const now = new Date();
  const next = new Date(now.getFullYear(), now.getMonth() + 1, 15);
  return `${String(next.getFullYear())}-${String(next.getMonth() + 1).padStart(2, '0')}-15`;
}

describe('right-to-left values isolated beside other text', () => {
  // Wide enough that no list drops a column (fit-columns.ts).
  const { route, app } = useInjectingApp({ context: { viewport: { width: 1920, height: 1000 } }, password });
  const { pageErrors } = app;
  let page: Page;

  const row = (entity: string, text: string) => page.getByTestId(`${entity}-table-row`).filter({ hasText: text });

  beforeAll(async () => {
    ({ page } = app);
    const accountId = await createdId(route, 'accounts.create', {
      name: account.name,
      industry: account.industry,
      territory: account.territory,
      address: { city: account.city },
    });
    const contactId = await createdId(route, 'contacts.create', { name: contact.name, title: contact.title, accountId, emails: ['sara@bakery.example'] });
    await createdId(route, 'deals.create', { name: deal, accountId, contactIds: [contactId], stageId: 'lead', currency: 'EUR', amount: 120_000, expectedCloseDate: nextMonthDay() });
    // Due an hour ago: Today lists it as overdue whatever the time of day.
    await createdId(route, 'tasks.create', { title: task, contactId, accountId, dueAt: Date.now() - 3_600_000 });
    await createdId(route, 'activities.create', { kind: 'call', ...activity, contactId, accountId, occurredAt: Date.now() - 60_000 });
  }, 120_000);

  // Each case on the page, whatever the one before left open.
  beforeEach(() => closeDialogs(page));

  it('isolates the values in every list’s cells', async () => {
    await openSection(page, 'contacts');
    const contactRow = row('contact', contact.name);
    await contactRow.waitFor(ui);
    for (const value of [contact.name, contact.title, account.name]) await expectIsolated('contacts list', contactRow, value);
    await openSection(page, 'accounts');
    const accountRow = row('account', account.name);
    await accountRow.waitFor(ui);
    for (const value of [account.name, account.city, account.industry, account.territory]) await expectIsolated('accounts list', accountRow, value);
    await openSection(page, 'deals');
    const dealRow = row('deal', deal);
    await dealRow.waitFor(ui);
    for (const value of [deal, account.name]) await expectIsolated('deals list', dealRow, value);
    await openSection(page, 'tasks');
    const taskRow = row('task', task);
    await taskRow.waitFor(ui);
    for (const value of [task, contact.name]) await expectIsolated('tasks list', taskRow, value);
    await openSection(page, 'activities');
    const activityRow = row('activity', activity.subject);
    await activityRow.waitFor(ui);
    for (const value of [activity.subject, activity.outcome, contact.name]) await expectIsolated('activities list', activityRow, value);
    expect(pageErrors).toEqual([]);
  });

  it('isolates an account’s subtitle parts, its related cards, its timeline and what is typed in its composer', async () => {
    await openSection(page, 'accounts');
    await row('account', account.name).click();
    await page.getByTestId('account-detail').waitFor(ui);
    const subtitle = page.getByTestId('account-subtitle');
    expect(await subtitle.textContent()).toBe(`${account.industry} · ${account.city} · ${account.territory}`);
    for (const value of [account.industry, account.city, account.territory]) await expectIsolated('account subtitle', subtitle, value);
    for (const value of [contact.name, contact.title]) await expectIsolated('related contacts', page.getByTestId('related-contacts'), value);
    await expectIsolated('related deals', page.getByTestId('related-deals'), deal);
    await expectIsolated('related tasks', page.getByTestId('related-tasks'), task);
    const timeline = page.getByTestId('timeline-item').filter({ hasText: activity.subject });
    for (const value of [activity.subject, activity.outcome]) await expectIsolated('timeline', timeline, value);
    const reveal = timeline.getByTestId('timeline-reveal');
    if ((await reveal.count()) > 0) await reveal.click();
    await expectIsolated('timeline notes', timeline.getByTestId('timeline-notes'), activity.body);
    for (const testId of ['composer-subject', 'composer-body']) {
      const input = page.getByTestId(testId);
      await input.fill(contact.title);
      expect.soft({ testId, direction: await input.evaluate((element) => getComputedStyle(element).direction), dir: await input.getAttribute('dir') }).toEqual({ testId, direction: 'rtl', dir: 'auto' });
      await input.fill('');
    }
    expect(pageErrors).toEqual([]);
  });

  it('isolates a contact’s title and account in its subtitle', async () => {
    await openSection(page, 'contacts');
    await row('contact', contact.name).click();
    await page.getByTestId('contact-detail').waitFor(ui);
    const subtitle = page.getByTestId('contact-detail').locator('.detail-header__subtitle');
    for (const value of [contact.title, account.name]) await expectIsolated('contact subtitle', subtitle, value);
    expect(pageErrors).toEqual([]);
  });

  it('isolates the search’s hits and their second lines', async () => {
    await openSection(page, 'contacts');
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-dialog').waitFor(ui);
    await page.keyboard.type('כהן');
    const contactHit = page.getByTestId('search-hit').filter({ hasText: contact.title });
    await contactHit.waitFor(ui);
    for (const value of [contact.name, contact.title, account.name]) await expectIsolated('contact hit', contactHit, value);
    const accountHit = page.getByTestId('search-hit').filter({ hasText: account.industry });
    for (const value of [account.name, account.industry, account.city]) await expectIsolated('account hit', accountHit, value);
    await closeDialogs(page);
    expect(pageErrors).toEqual([]);
  });

  it('isolates Today’s tasks and activities, and the board’s cards', async () => {
    await openSection(page, 'today');
    const overdue = page.getByTestId('today-overdue').getByTestId('today-task').filter({ hasText: task });
    await overdue.waitFor(ui);
    for (const value of [task, contact.name]) await expectIsolated('today overdue', overdue, value);
    const recent = page.getByTestId('today-recent');
    for (const value of [activity.subject, contact.name]) await expectIsolated('today recent', recent, value);
    await openBoard(page, ['lead']);
    const card = page.getByTestId('column-lead').getByTestId('deal-card').filter({ hasText: deal });
    for (const value of [deal, account.name]) await expectIsolated('deal card', card, value);
    expect(pageErrors).toEqual([]);
  });

  it('isolates a record picker’s names and second lines', async () => {
    await openSection(page, 'deals');
    await page.getByTestId('list-new').click();
    const dialog = page.getByTestId('new-deal');
    await dialog.waitFor(ui);
    const picker = dialog.getByTestId('field-accountId');
    await picker.fill('מאפיית');
    const option = page.getByTestId('refpicker-option').filter({ hasText: account.name });
    await option.waitFor(ui);
    for (const value of [account.name, account.industry, account.city]) await expectIsolated('account picker', option, value);
    await option.click();
    expect({ direction: await picker.evaluate((element) => getComputedStyle(element).direction), dir: await picker.getAttribute('dir') }).toEqual({ direction: 'rtl', dir: 'auto' });
    await closeDialogs(page);
    expect(pageErrors).toEqual([]);
  });
});
