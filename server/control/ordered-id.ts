/**
 * Ids of audit records (and announcements) that sort in the order they were made: UUID version 7
 * (RFC 9562) with a counter in `rand_a` that is monotonic within the millisecond.
 *
 * Why: the audit trail is listed newest first by (at, id), both from the database and from the
 * memory ring that answers while the database opens. With random ids, two records of the same
 * millisecond came back in a different order from each store; with these, the id order within a
 * millisecond is the order this process made them, so both stores agree.
 */
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

export function orderedId(now: number = Date.now()): string {
  let ms = Math.floor(now);
  if (ms <= lastMs) {
    // Same millisecond (or the clock stepped back): keep counting on the last one, and borrow
    // the next millisecond once the 12-bit counter is spent, so ids never go backwards.
    ms = lastMs;
    counter += 1;
    if (counter > 0xfff) {
      ms = lastMs + 1;
      counter = 0;
    }
  } else {
    counter = 0;
  }
  lastMs = ms;
  const rand = randomBytes(8);
  rand[0] = (rand[0]! & 0x3f) | 0x80; // RFC 9562 variant 10xx
  const time = ms.toString(16).padStart(12, '0');
  const r = rand.toString('hex');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-${(0x7000 | counter).toString(16)}-${r.slice(0, 4)}-${r.slice(4, 16)}`;
}
