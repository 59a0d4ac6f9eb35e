/**
 * One clock for every timer on the page, ticking once a second on the server clock's second
 * boundary (so every visible timer steps together, and a wall of 2,000 tiles runs one timer,
 * not 2,000 intervals).
 *
 * Two kinds of listener:
 * - React subscribers (`useNow`): for the few components that need the time to render
 *   (header KPIs, the calls list sort);
 * - tickers: direct writers of one DOM node each (a tile's `MM:SS`, its colour tier, "no data
 *   for N s"). Re-rendering 2,000 tiles through React every second costs far more than a
 *   frame; writing their text directly costs the browser only the style and layout of what
 *   changed. React never renders the content a ticker owns (see components/board/AgentTile.tsx
 *   and components/ui/Elapsed.tsx), so the two never fight.
 *
 * Tickers run in slices of TICKER_WRITES_PER_FRAME over animation frames: every timer still
 * steps once a second (a few frames apart is invisible), but no single frame pays for the style
 * and layout of 2,000 tiles. A slice waits for a frame the store's flush does not use and no
 * other deferrable work has taken (rule V10, frame-lane.ts).
 */
import { frameLane, type FrameLane } from './frame-lane';

/**
 * Tickers that write, per animation frame; the rest follow in the next frames of the same
 * second. A ticker that wrote nothing (a tile on a kiosk page nobody sees, rule V6) does not
 * count. 60 puts the 400 tiles of a 1080p kiosk's page on screen over 7 frames (800, over 14,
 * in the seconds the next page warms up for its turn); a slice of 60 text changes costs about
 * a third of a frame of style, layout and paint on the benchmark machine.
 */
export const TICKER_WRITES_PER_FRAME = 60;
/**
 * A pass still unfinished this long after its tick writes all that is left in the next frame: on
 * a starved page (a few frames a second) 60 a frame would leave timers seconds behind.
 */
export const PASS_DEADLINE_MS = 500;

/** Writes one node for `now`; returns false when it wrote nothing (it does not use up a slice). */
export type Ticker = (now: number) => boolean | void;

/**
 * Runs a callback at the next animation frame with the frame's timestamp (null: no frames, e.g.
 * on the server or in tests).
 */
export type FrameRequest = ((callback: (frameTime?: number) => void) => void) | null;

function browserFrames(): FrameRequest {
  return typeof requestAnimationFrame === 'function' ? (cb) => requestAnimationFrame((t) => cb(t)) : null;
}

export class FloorClock {
  private offsetMs = 0;
  private tickNow: number;
  private readonly listeners = new Set<() => void>();
  private readonly tickers = new Set<Ticker>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Where the last pass stopped if a newer tick cut it short: the next pass starts there. */
  private cursor = 0;

  constructor(
    private readonly localNow: () => number = () => Date.now(),
    private readonly frames: () => FrameRequest = browserFrames,
    private readonly lane: FrameLane = frameLane,
  ) {
    this.tickNow = this.floorToSecond(this.serverNow());
  }

  /** Server time now, exact (ms). */
  serverNow(): number {
    return this.localNow() + this.offsetMs;
  }

  /** Server time at the last tick: whole seconds, stable between ticks (a valid store snapshot). */
  getTickNow = (): number => this.tickNow;

  /** Server clock minus browser clock; a change re-renders and re-writes every timer at once. */
  setOffset(ms: number): void {
    if (ms === this.offsetMs) return;
    this.offsetMs = ms;
    if (this.running) this.tick();
  }

  get offset(): number {
    return this.offsetMs;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    this.ensureRunning();
    return () => {
      this.listeners.delete(listener);
      this.stopIfIdle();
    };
  };

  /** Register a DOM writer; the caller runs it once itself for the first paint. */
  addTicker(ticker: Ticker): () => void {
    this.tickers.add(ticker);
    this.ensureRunning();
    return () => {
      this.tickers.delete(ticker);
      this.stopIfIdle();
    };
  }

  /**
   * Write every ticker again for the current second, now (in slices, as a tick does): for a kiosk
   * page shown without its warm-up (components/board/page-gate.ts), whose timers would otherwise
   * show old values until the next tick.
   */
  refresh(): void {
    if (this.running) this.runTickers(this.tickNow);
  }

  get tickerCount(): number {
    return this.tickers.size;
  }

  private get running(): boolean {
    return this.timer !== null;
  }

  private floorToSecond(ms: number): number {
    return Math.floor(ms / 1000) * 1000;
  }

  private ensureRunning(): void {
    if (this.running) return;
    this.tickNow = this.floorToSecond(this.serverNow());
    this.schedule();
  }

  private stopIfIdle(): void {
    if (this.listeners.size || this.tickers.size || !this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Write every ticker for `now`, a slice per free animation frame (all at once without frames),
   * all that is left at once past PASS_DEADLINE_MS. Should a pass still not finish within its
   * second (no frame at all), the next pass starts where this one stopped, so the same tiles at
   * the end of the list are never the ones left stale.
   */
  private runTickers(now: number): void {
    const all = [...this.tickers];
    const n = all.length;
    const start = n ? this.cursor % n : 0;
    const frame = this.frames();
    const startedAt = this.localNow();
    let done = 0;
    const slice = (frameTime?: number) => {
      // A later tick supersedes this one: stop writing stale seconds.
      if (now !== this.tickNow) return;
      const late = this.localNow() - startedAt >= PASS_DEADLINE_MS;
      // This frame belongs to the store's flush or to other board work: the next one (V10).
      if (frame && !late && !this.lane.claim(frameTime)) return frame(slice);
      let writes = 0;
      for (; done < n && (!frame || late || writes < TICKER_WRITES_PER_FRAME); done++) {
        const t = all[(start + done) % n];
        // Skip tickers removed since the tick began (their node may be gone).
        if (t && this.tickers.has(t) && t(now) !== false) writes++;
        this.cursor = (start + done + 1) % n;
      }
      if (done < n && frame) frame(slice);
    };
    // With frames, even the first slice waits for one: written in this timer task, it would be
    // drawn in whichever frame comes next, the flush's included.
    if (frame) frame(slice);
    else slice();
  }

  private schedule(): void {
    const now = this.serverNow();
    // A few ms past the boundary, so the floor below lands on the new second.
    const delay = 1000 - (((now % 1000) + 1000) % 1000) + 5;
    this.timer = setTimeout(() => this.tick(), delay);
  }

  private tick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.tickNow = this.floorToSecond(this.serverNow());
    const now = this.tickNow;
    this.runTickers(now);
    for (const l of this.listeners) l();
    if (!this.listeners.size && !this.tickers.size) {
      this.timer = null;
      return;
    }
    this.schedule();
  }
}

/**
 * One DOM node's place among the clock's tickers (rule V12). The clock writes its tickers in
 * slices, in the order they were added; a node keeps the place it got when it appeared, while its
 * writer is replaced as often as what it shows changes (a tile's, with every change of its agent).
 * Since nodes appear in page order, each slice then writes neighbouring nodes: one or two team
 * grids to lay out again and one band of the screen to draw, not the whole page.
 */
export class TickerSlot<E> {
  private node: E | null = null;
  private remove: (() => void) | null = null;
  private write: (node: E, now: number) => boolean | void = () => false;

  constructor(private readonly clock: FloorClock = floorClock) {}

  /** The writer from now on; the node keeps its place in the clock's order. */
  setWriter(write: (node: E, now: number) => boolean | void): void {
    this.write = write;
  }

  /** The node to write into, or null for none. A different node takes a new place, at the end. */
  attach(node: E | null): void {
    if (node === this.node) return;
    this.remove?.();
    this.node = node;
    this.remove = node === null ? null : this.clock.addTicker((now) => this.write(node, now));
  }
}

/** The page's one clock. */
export const floorClock = new FloorClock();
