/**
 * Arms one timer for "the next flush" so the socket layer never polls: poke() after marking
 * agents dirty, and `run` is called when the work is due. Timers and clock are injected so
 * tests drive it with fake timers.
 *
 * A due time at or before now still goes through a 0 ms timer rather than running inside
 * poke(): a burst of reduce steps in one tick then shares one flush (B1 stays "at once",
 * one event-loop turn later).
 */

export interface TimerPort {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface FlushLoopOptions {
  /** Earliest time the work may run, or null when there is nothing to do. */
  due: () => number | null;
  run: (now: number) => void;
  now: () => number;
  timers?: TimerPort;
  /** Called when `run` throws; the loop keeps going. */
  onError?: (err: unknown) => void;
}

export interface FlushLoop {
  /** Call after new work was added; arms (or brings forward) the timer. */
  poke(): void;
  stop(): void;
}

const realTimers: TimerPort = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createFlushLoop(options: FlushLoopOptions): FlushLoop {
  const timers = options.timers ?? realTimers;
  let handle: unknown;
  let armedFor: number | null = null;
  let stopped = false;

  const fire = (): void => {
    handle = undefined;
    armedFor = null;
    if (stopped) return;
    try {
      options.run(options.now());
    } catch (err) {
      options.onError?.(err);
    }
    // Work may have arrived during run, or run may have left some (not yet due) behind.
    poke();
  };

  function poke(): void {
    if (stopped) return;
    const due = options.due();
    if (due === null) return;
    if (armedFor !== null && armedFor <= due) return;
    if (handle !== undefined) timers.clearTimeout(handle);
    armedFor = due;
    handle = timers.setTimeout(fire, Math.max(0, due - options.now()));
  }

  return {
    poke,
    stop(): void {
      stopped = true;
      if (handle !== undefined) timers.clearTimeout(handle);
      handle = undefined;
      armedFor = null;
    },
  };
}
