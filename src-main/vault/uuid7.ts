// UUIDv7 (RFC 9562 §5.7): 48-bit Unix milliseconds, then random bits. Ids sort
// roughly by creation time (good for B-tree locality) and carry no customer
// data. Within one millisecond the 12-bit rand_a field counts up, so ids made
// by this process are strictly increasing.
import { randomBytes } from 'node:crypto';

let lastMs = -1;
let sequence = 0;

export function uuid7(now: number = Date.now()): string {
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
    sequence = randomBytes(2).readUInt16BE(0) & 0x7ff; // leave headroom to count up
  }
  lastMs = ms;

  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The creation time encoded in a UUIDv7. */
export function uuid7Time(id: string): number {
  return Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
}
