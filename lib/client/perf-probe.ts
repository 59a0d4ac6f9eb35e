/**
 * Read-only counters of the page's floor stores on `window.__floorboard`, so a benchmark
 * (bench/board-frames.ts) or a support engineer at a wall's console can tell a live page from a
 * frozen one: the applied seq, how many deltas and changed agents were applied, and how many
 * times the inbox was flushed. Reading them costs nothing; nothing here can change the store.
 */
import type { FloorStore } from './floor-store';

export interface FloorProbeEntry {
  teams: string;
  seq: number | null;
  deltas: number;
  changedAgents: number;
  flushes: number;
}

export interface FloorProbe {
  stores(): FloorProbeEntry[];
}

const registered = new Map<string, FloorStore>();

declare global {
  interface Window {
    __floorboard?: FloorProbe;
  }
}

/** Register a store under its team key (replacing a closed one); returns the unregister call. */
export function exposeStore(key: string, store: FloorStore): () => void {
  if (typeof window === 'undefined') return () => {};
  registered.set(key, store);
  window.__floorboard ??= {
    stores: () =>
      [...registered].map(([teams, s]) => ({ teams, seq: s.seq, ...s.stats })),
  };
  return () => {
    if (registered.get(key) === store) registered.delete(key);
  };
}
