// Hybrid logical clock (Kulkarni et al.): wall-clock milliseconds, a counter
// for events within one millisecond, and the device id as the final tie
// break. Timestamps encode as fixed-width strings so that string order is
// causal order, which lets SQLite and PostgreSQL compare them directly.
import { z } from 'zod';

export interface HlcState {
  readonly millis: number;
  readonly counter: number;
  readonly deviceId: string;
}

const MILLIS_WIDTH = 13; // good until the year 2286
const COUNTER_WIDTH = 4; // base 36: 1,679,615 events per millisecond
const MAX_COUNTER = 36 ** COUNTER_WIDTH - 1;

export const HlcString = z
  .string()
  .max(100)
  .regex(/^\d{13}-[0-9a-z]{4}-[0-9A-Za-z_-]{1,64}$/, 'Not a hybrid logical clock stamp');
export type HlcString = z.infer<typeof HlcString>;

export class ClockDriftError extends Error {
  constructor(readonly driftMs: number) {
    super(`Remote clock is ${driftMs} ms ahead of this one`);
    this.name = 'ClockDriftError';
  }
}

export function encodeHlc(state: HlcState): HlcString {
  return `${String(state.millis).padStart(MILLIS_WIDTH, '0')}-${state.counter.toString(36).padStart(COUNTER_WIDTH, '0')}-${state.deviceId}`;
}

export function decodeHlc(stamp: string): HlcState {
  const parsed = HlcString.parse(stamp);
  const [millis, counter, ...rest] = parsed.split('-');
  return { millis: Number(millis), counter: Number.parseInt(counter ?? '0', 36), deviceId: rest.join('-') };
}

/** Advances the clock for a local event. */
export function tick(state: HlcState, now: number): HlcState {
  if (now > state.millis) return { millis: now, counter: 0, deviceId: state.deviceId };
  if (state.counter >= MAX_COUNTER) return { millis: state.millis + 1, counter: 0, deviceId: state.deviceId };
  return { millis: state.millis, counter: state.counter + 1, deviceId: state.deviceId };
}

/**
 * Merges a remote stamp into the local clock. A remote stamp further ahead of
 * local wall time than maxDriftMs is refused: one device with a broken clock
 * must not drag every other device's clock into the future.
 */
export function receive(state: HlcState, remote: HlcState, now: number, maxDriftMs: number): HlcState {
  if (remote.millis - now > maxDriftMs) throw new ClockDriftError(remote.millis - now);
  const millis = Math.max(state.millis, remote.millis, now);
  let counter: number;
  if (millis === state.millis && millis === remote.millis) counter = Math.max(state.counter, remote.counter) + 1;
  else if (millis === state.millis) counter = state.counter + 1;
  else if (millis === remote.millis) counter = remote.counter + 1;
  else counter = 0;
  return counter > MAX_COUNTER
    ? { millis: millis + 1, counter: 0, deviceId: state.deviceId }
    : { millis, counter, deviceId: state.deviceId };
}

/**
 * The smallest stamp string beyond `millis`: every stamp at or before that
 * millisecond sorts below it (stamps begin with zero-padded milliseconds).
 */
export function stampsAfter(millis: number): string {
  return String(millis + 1).padStart(MILLIS_WIDTH, '0');
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
