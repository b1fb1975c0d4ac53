// The set-up and steps the sync-conflict suites share (conflicts-*.e2e.test.ts):
// the real headless shell and vault behind an injecting route, a real TLS
// sync server behind a fault proxy, the user's other laptop on the protocol,
// and what a test that fails half-way must not leave to the next (a proxy
// that refuses or rewrites, the page in Chinese, calls held back, conflicts
// left open).
import type { Locator, Page } from 'playwright-core';
import { afterEach, beforeAll, expect, onTestFinished } from 'vitest';
import { protocolDevice, type TestDevice } from '../support/sync-server';
import { useApp, type App } from './app';
import { ui } from './crm-steps';
import { InjectingRoute } from './injecting-route';
import { setLanguage } from './layout-steps';
import { call, enrolThroughProxy, type ProxiedServer, useProxiedServer } from './proxied-server';

export interface ConflictSuite {
  readonly sync: ProxiedServer;
  readonly route: InjectingRoute;
  readonly app: App;
  /** Once this test is over, passed or failed, closes the conflicts of `recordId` it left open, keeping the record as it is. */
  readonly closeConflictsAfterTest: (recordId: string) => void;
}

/** Registers the suite's sync server, app and clean-up after each test; call it at the top of the `describe`. */
export function useConflictSuite(password: string): ConflictSuite {
  const route = new InjectingRoute();
  const sync = useProxiedServer();
  const app = useApp({ context: { viewport: { width: 1280, height: 800 } }, route, password });

  // What a failed test may leave behind for the next: a proxy that refuses or rewrites, the page in Chinese, calls
  // or answers held back.
  afterEach(async () => {
    route.release();
    sync.proxy.rule = () => 'pass';
    sync.proxy.rewriteRequest = null;
    if ((await app.page.evaluate(() => document.documentElement.lang)) !== 'en') await setLanguage(app.page, 'en');
  });

  return {
    sync,
    route,
    app,
    closeConflictsAfterTest: (recordId) => {
      onTestFinished(async () => {
        const { items } = (await call(route, 'sync.conflicts.list', { recordId })) as { items: { id: number }[] };
        for (const { id } of items) await call(route, 'sync.conflicts.resolve', { id, keep: 'current' });
      });
    },
  };
}

/** A user on the server and another laptop of theirs, with this device enrolled as theirs. */
export interface EnrolledUser {
  readonly userId: string;
  readonly laptop: TestDevice;
}

/**
 * `useConflictSuite`, and before the first test a user with another laptop, this device enrolled as theirs and
 * synced; `enrolled()` gives them from then on.
 */
export function useEnrolledConflictSuite(password: string): ConflictSuite & { readonly enrolled: () => EnrolledUser } {
  const suite = useConflictSuite(password);
  let user: EnrolledUser | undefined;
  beforeAll(async () => {
    user = await userWithLaptop(suite.sync, 'Rita Rep');
    await enrolThisDevice(suite, user.userId);
  });
  const enrolled = (): EnrolledUser => {
    if (user === undefined) throw new Error('Not enrolled yet: read it in a test or a later hook.');
    return user;
  };
  return { ...suite, enrolled };
}

/** A new user on the server, named `name`, with another laptop of theirs that speaks the sync protocol. */
export async function userWithLaptop(sync: ProxiedServer, name: string): Promise<EnrolledUser> {
  const userId = await sync.server.createUser(name);
  return { userId, laptop: await protocolDevice(sync.server, userId) };
}

/** Enrols this device as `userId`'s, through the proxy, and syncs once: nothing is left to review. */
export async function enrolThisDevice({ sync, route }: ConflictSuite, userId: string): Promise<void> {
  await enrolThroughProxy(route, sync, userId);
  expect(await call(route, 'sync.now', {})).toMatchObject({ lastError: null, openConflicts: 0 });
}

/**
 * Makes `here`'s edits on this device while it cannot push, then pushes `there` from the other laptop: the same
 * fields changed on both sides, this device's edits older. The next sync keeps the clashes for review.
 */
export async function editOnBothSides({ sync }: ConflictSuite, here: () => Promise<unknown>, there: () => Promise<unknown>): Promise<void> {
  sync.proxy.rule = (path) => (path === '/v1/push' ? 'refuse' : 'pass');
  await here();
  await new Promise((resolve) => setTimeout(resolve, 5));
  await there();
  sync.proxy.rule = () => 'pass';
}

/** What a side of a conflict says, without when its value was written (checked on its own). */
export function sideText(side: Locator): Promise<string> {
  return side.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[data-testid="conflict-when"]').forEach((when) => when.remove());
    return copy.textContent;
  });
}

/** Opens the review of every conflict as a user does: the sync pill, then Review changes. The review page. */
export async function openReview(page: Page): Promise<Locator> {
  await page.getByTestId('sync-status').click();
  await page.getByTestId('sync-details-review').click();
  const review = page.getByTestId('conflicts-page');
  await review.waitFor(ui);
  return review;
}
