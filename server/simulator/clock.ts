/**
 * Real time vs simulated time. Durations of the model are simulated; `speed` compresses
 * them. Everything a monitor sees (`time`, counters) is real time, so Floorboard's
 * timers stay consistent whatever the speed.
 */
export class SimClock {
  constructor(
    readonly speed: number,
    /** Real epoch ms at simulated time 0. */
    readonly origin: number,
  ) {}

  /** Real clock, epoch ms (Date.now so that tests can fake it). */
  now(): number {
    return Date.now();
  }

  /** Simulated ms since the start at real time `now`. */
  sim(now: number = Date.now()): number {
    return (now - this.origin) * this.speed;
  }

  /** Real epoch ms at which simulated time `simMs` is reached. */
  realAt(simMs: number): number {
    return this.origin + simMs / this.speed;
  }
}
