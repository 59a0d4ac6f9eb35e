/** How a contract suite gets a store: the same calls on every implementation. */
export interface StoreTarget<S> {
  /** Once, before the suite. */
  setup(): Promise<void>;
  /** A store holding nothing (before every test). */
  fresh(): Promise<S>;
  /** Another instance over the same storage (a restart); the memory store answers itself. */
  reopen(): Promise<S>;
  teardown(): Promise<void>;
}

/** Odd milliseconds on purpose: times must come back to the millisecond. */
export const T0 = Date.UTC(2025, 0, 6, 9) + 123;
