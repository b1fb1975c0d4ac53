// Steps for a form that counts down a wait the vault asked for (the lock
// screen, Settings → Change password), on a page whose clock the test has
// paused: one number of seconds on the form, the submit button disabled and
// described by the countdown, and when the wait ends both go with the
// THROTTLED message; a wrong password that starts a wait (the vault's third)
// starts the countdown at once.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { accessibleText, ui } from './crm-steps';

/** The test ids of a form that counts a wait down. */
export interface CountdownForm {
  readonly form: string;
  readonly countdown: string;
  readonly submit: string;
  readonly error: string;
}

/** Every "N s" or "N 秒" the form says, in order. */
export async function secondsSaid(page: Page, form: string): Promise<string[]> {
  return (await page.getByTestId(form).innerText()).match(/\d+\s?(?:s\b|秒)/gu) ?? [];
}

/** Follows a 3 s THROTTLED wait the form has just been answered with, to its end, moving the paused clock. */
export async function followThrottledWait(page: Page, ids: CountdownForm): Promise<void> {
  const countdown = page.getByTestId(ids.countdown);
  const submit = page.getByTestId(ids.submit);
  await countdown.filter({ hasText: 'Try again in 3 s' }).waitFor(ui);
  expect(await page.getByTestId(ids.error).textContent()).toBe('Too many failed attempts.');
  expect(await secondsSaid(page, ids.form)).toEqual(['3 s']);
  expect(await submit.isDisabled()).toBe(true);
  expect((await accessibleText(page, `[data-testid="${ids.submit}"]`)).description).toBe('Try again in 3 s');

  await page.clock.runFor(1_000);
  await countdown.filter({ hasText: 'Try again in 2 s' }).waitFor(ui);
  expect(await secondsSaid(page, ids.form)).toEqual(['2 s']);
  expect(await submit.isDisabled()).toBe(true);

  // The wait over: no countdown, no message still counting, and the button works and is described by nothing.
  await page.clock.runFor(2_000);
  await countdown.waitFor({ state: 'detached', ...ui });
  expect(await page.getByTestId(ids.error).count()).toBe(0);
  expect(await secondsSaid(page, ids.form)).toEqual([]);
  expect(await submit.isEnabled()).toBe(true);
  expect(await submit.getAttribute('aria-describedby')).toBeNull();
}

/** Pauses the page's clock `aheadMs` from its time now, to be moved on by the test (`runFor`) from then. */
export async function pauseClock(page: Page, aheadMs: number): Promise<void> {
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + aheadMs);
}

/**
 * Sends three wrong passwords with `send`, on a paused clock: two are free, the third starts a one-second wait in
 * the real vault, and the countdown with it (the submit disabled and described by it). Follows the wait to its end,
 * resumes the clock and waits out the vault's own second on the real one.
 */
export async function followWaitStartedByWrongPasswords(page: Page, ids: CountdownForm, send: (password: string) => Promise<void>): Promise<void> {
  const submit = page.getByTestId(ids.submit);
  for (const attempt of [1, 2, 3]) {
    await send(`wrong password ${String(attempt)}`);
    await page.getByTestId(ids.error).filter({ hasText: `${String(10 - attempt)} attempts left` }).waitFor(ui);
  }
  const countdown = page.getByTestId(ids.countdown);
  await countdown.filter({ hasText: 'Try again in 1 s' }).waitFor(ui);
  expect(await submit.isDisabled()).toBe(true);
  expect((await accessibleText(page, `[data-testid="${ids.submit}"]`)).description).toBe('Try again in 1 s');
  expect(await secondsSaid(page, ids.form)).toEqual(['1 s']);

  await page.clock.runFor(1_000);
  await countdown.waitFor({ state: 'detached', ...ui });
  expect(await submit.isEnabled()).toBe(true);
  await page.clock.resume();
  // The vault's own second (on the real clock) is over by now too.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
}
