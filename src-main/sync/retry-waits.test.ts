import { describe, expect, it } from 'vitest';
import { namedWaitCapMs } from './backoff';
import { requestedWaitMs, SyncNetworkError, type NetworkFailure } from './errors';
import { quickRetryCapMs, rateLimitedBackoff, RetryWaits } from './retry-waits';
import { errorFromAnswer } from './transport';

// The errors as the transport makes them of what reached it.
const gateway429 = () => errorFromAnswer(429, { message: 'Too Many Requests' });
const server429 = () => errorFromAnswer(429, { error: { code: 'rate_limited', message: 'x' } });
const named429 = (seconds: number) => errorFromAnswer(429, '<html>Too Many Requests</html>', String(seconds));
const failure503 = () => errorFromAnswer(503, { error: { code: 'internal', message: 'x' } });
const refused = () => errorFromAnswer(403, { error: { code: 'forbidden', message: 'x' } });

const general = { baseMs: 1_000, capMs: 5 * 60_000 };
const seconds = (ms: number) => Math.round(ms / 1_000);

describe('RetryWaits', () => {
  it('backs consecutive 429s that name no wait off from 30 s, doubling to 5 minutes, never under 5 s', () => {
    const top = new RetryWaits({ ...general, random: () => 0.999_999 });
    expect([gateway429(), server429(), gateway429(), gateway429(), gateway429(), gateway429()].map((error) => seconds(top.after(error)))).toEqual([
      30, 60, 120, 240, 300, 300,
    ]);
    const bottom = new RetryWaits({ ...general, random: () => 0 });
    expect([bottom.after(gateway429()), bottom.after(gateway429()), bottom.after(gateway429())]).toEqual([5_000, 5_000, 5_000]);
  });

  it('jitters each 429 over its whole window, so devices limited together come back apart', () => {
    // 200 devices limited at once, each with its own waits (Math.random), three 429s in a row.
    const devices = Array.from({ length: 200 }, () => new RetryWaits());
    for (const [streak, ceiling] of [30_000, 60_000, 120_000].entries()) {
      const waits = devices.map((device) => device.after(gateway429()));
      expect(Math.min(...waits), `429 #${streak + 1}`).toBeGreaterThanOrEqual(rateLimitedBackoff.floorMs ?? 0);
      expect(Math.max(...waits), `429 #${streak + 1}`).toBeLessThanOrEqual(ceiling);
      // Spread over the window: no second holds more than a few devices, and both ends of it are reached.
      const perSecond = new Map<number, number>();
      for (const wait of waits) perSecond.set(Math.floor(wait / 1_000), (perSecond.get(Math.floor(wait / 1_000)) ?? 0) + 1);
      expect(Math.max(...perSecond.values()), `429 #${streak + 1}`).toBeLessThan(25);
      expect(Math.min(...waits)).toBeLessThan(5_000 + (ceiling - 5_000) / 4);
      expect(Math.max(...waits)).toBeGreaterThan(ceiling - (ceiling - 5_000) / 4);
    }
  });

  it('starts the 429 streak over after a success, not when the user or a network asks now', () => {
    const waits = new RetryWaits({ ...general, random: () => 0.999_999 });
    expect(seconds(waits.after(gateway429()))).toBe(30);
    expect(seconds(waits.after(gateway429()))).toBe(60);
    waits.retryNow();
    expect(seconds(waits.after(gateway429()))).toBe(120);
    waits.succeeded();
    expect(seconds(waits.after(gateway429()))).toBe(30);
  });

  it('jitters above a wait the server named (a Retry-After date names one instant for every device)', () => {
    const at = new Date(Date.now() + 90_000).toUTCString();
    const waits = [0, 0.2, 0.4, 0.6, 0.8, 0.999_999].map((draw) => {
      const error = errorFromAnswer(503, '<html>Down for maintenance</html>', at);
      const named = requestedWaitMs(error) ?? 0;
      return { named, wait: new RetryWaits({ ...general, random: () => draw }).after(error) };
    });
    for (const { named, wait } of waits) {
      expect(named).toBeGreaterThan(85_000);
      expect(wait).toBeGreaterThanOrEqual(named);
      expect(wait).toBeLessThan(2 * named);
    }
    expect(new Set(waits.map(({ wait }) => seconds(wait))).size).toBe(waits.length);
  });

  it("honours a wait the server named as the general backoff's floor, as before", () => {
    const waits = new RetryWaits({ ...general, random: () => 0 });
    expect(waits.after(named429(90))).toBe(90_000);
    expect(waits.after(errorFromAnswer(503, { error: { code: 'unavailable', message: 'x', retryAfterMs: 1_500 } }))).toBe(1_500);
    // Named waits do not lengthen the streak of 429s that name none.
    expect(waits.after(gateway429())).toBe(5_000);
  });

  it('honours a named wait longer than the 5-minute cap, up to an hour', () => {
    // At the top of the draw: each named wait, plus the most jitter above it (as long again, at most the 5-minute cap).
    const waits = new RetryWaits({ ...general, random: () => 0.999_999 });
    const jitter = general.capMs - 1;
    // A maintenance window: a proxy's 503 page with a Retry-After of 20 minutes; the server's own 503 naming 45.
    expect(waits.after(errorFromAnswer(503, '<html>Down for maintenance</html>', '1200'))).toBe(20 * 60_000 + jitter);
    expect(waits.after(errorFromAnswer(503, { error: { code: 'unavailable', message: 'x', retryAfterMs: 45 * 60_000 } }))).toBe(45 * 60_000 + jitter);
    // A rate limiter's 429 naming an hour; one naming a day (or a date next year) is held to the hour.
    expect(waits.after(named429(3_600))).toBe(namedWaitCapMs + jitter);
    expect(waits.after(named429(86_400))).toBe(namedWaitCapMs + jitter);
    expect(waits.after(errorFromAnswer(429, 'x', new Date(Date.now() + 365 * 86_400_000).toUTCString()))).toBe(namedWaitCapMs + jitter);
    expect(namedWaitCapMs).toBe(60 * 60_000);
    // At the bottom of the draw, the named wait itself: never less.
    const bottom = new RetryWaits({ ...general, random: () => 0 });
    expect(bottom.after(errorFromAnswer(503, '<html>Down for maintenance</html>', '1200'))).toBe(20 * 60_000);
    expect(bottom.after(named429(86_400))).toBe(namedWaitCapMs);
    // A wait it does not name is still the backoff's: the sixth failure of the streak, a 32 s window.
    expect(waits.after(failure503())).toBe(31_999);
  });

  it('caps the wait at a minute while no answer of the server comes, and keeps the 5-minute cap for other failures', () => {
    const waits = new RetryWaits({ ...general, random: () => 0.999_999 });
    // Refused, timed out, cut before the answer ended, or answered by a hotel Wi-Fi's sign-in page (a certificate from another CA).
    const unanswered: NetworkFailure[] = ['unreachable', 'timeout', 'connection_lost', 'untrusted_certificate'];
    const noAnswer = Array.from({ length: 12 }, (_, index) => waits.after(new SyncNetworkError(unanswered[index % unanswered.length] ?? 'unreachable')));
    expect(noAnswer.map(seconds)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60, 60]);
    expect(Math.max(...noAnswer)).toBeLessThanOrEqual(quickRetryCapMs);
    for (const failure of unanswered) expect(waits.after(new SyncNetworkError(failure)), failure).toBe(quickRetryCapMs - 1);
    // The same streak: a 5xx, or an answer larger than allowed (it would come again as large), then waits up to the general cap.
    expect([waits.after(failure503()), waits.after(new SyncNetworkError('too_large'))].map(seconds)).toEqual([300, 300]);
    // Jittered over the whole minute, not piled on the cap.
    const bottom = new RetryWaits({ ...general, random: () => 0 });
    expect(Array.from({ length: 10 }, () => bottom.after(new SyncNetworkError('unreachable')))).toEqual(Array.from({ length: 10 }, () => 1));
  });

  it('leaves other failures to the general backoff, and non-retryable ones at its cap', () => {
    const waits = new RetryWaits({ ...general, random: () => 0.999_999 });
    expect([waits.after(failure503()), waits.after(new SyncNetworkError('unreachable')), waits.after(failure503())]).toEqual([999, 1_999, 3_999]);
    expect(waits.after(refused())).toBe(general.capMs);
    waits.retryNow();
    expect(waits.after(failure503())).toBe(999);
  });
});
