/**
 * Estimate of the server clock minus the browser clock, from the `serverTime` stamped on each
 * snapshot and delta. Timers tick from the server's `stateSince`, so a browser clock that is
 * a minute off would otherwise show every agent a minute early or late.
 *
 * Each sample is `serverTime - receivedAt`, which is the true offset minus the network delay.
 * The largest recent sample is the least delayed, so it is the best estimate; a window of
 * recent samples lets the estimate follow the server clock if it is stepped (NTP).
 */
export const OFFSET_WINDOW = 16;

export class ClockOffset {
  private readonly samples: number[] = [];
  private current = 0;
  private known = false;

  /** Record one message; returns true when the estimate moved by at least `minStepMs`. */
  sample(serverTime: number, receivedAt: number, minStepMs = 250): boolean {
    if (!Number.isFinite(serverTime) || !Number.isFinite(receivedAt)) return false;
    this.samples.push(serverTime - receivedAt);
    if (this.samples.length > OFFSET_WINDOW) this.samples.shift();
    const next = Math.max(...this.samples);
    const moved = !this.known || Math.abs(next - this.current) >= minStepMs;
    if (moved) {
      this.current = next;
      this.known = true;
    }
    return moved;
  }

  /** Server clock minus browser clock, in ms (0 until the first sample). */
  get offsetMs(): number {
    return this.current;
  }
}
