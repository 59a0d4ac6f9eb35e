'use client';
/**
 * Gives the page its floor store. Stores are kept per team filter and closed a few seconds
 * after the last page using them unmounts, so moving from the board to an agent and back
 * reuses the same socket and state instead of reconnecting and reloading a snapshot.
 */
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { FloorStore } from './floor-store';
import { exposeStore } from './perf-probe';
import { createSocketTransport } from './socket-transport';

const KEEP_ALIVE_MS = 5000;

interface Entry {
  store: FloorStore;
  refs: number;
  started: boolean;
  closeTimer: ReturnType<typeof setTimeout> | null;
  unexpose: () => void;
}

const stores = new Map<string, Entry>();

function keyOf(teams: readonly string[]): string {
  return [...teams].sort().join(',');
}

function create(teams: readonly string[]): FloorStore {
  return new FloorStore({ transport: createSocketTransport({ teams }) });
}

/** The store for a team filter, created (not started) if needed. Pure enough for render. */
function storeFor(teams: readonly string[]): FloorStore {
  // On the server every render gets a fresh, never-started store: nothing shared between requests.
  if (typeof window === 'undefined') return create(teams);
  const key = keyOf(teams);
  let entry = stores.get(key);
  if (!entry) {
    const store = create(teams);
    entry = { store, refs: 0, started: false, closeTimer: null, unexpose: exposeStore(key, store) };
    stores.set(key, entry);
  }
  return entry.store;
}

function retain(teams: readonly string[]): () => void {
  const key = keyOf(teams);
  const entry = stores.get(key);
  if (!entry) return () => {};
  entry.refs += 1;
  if (entry.closeTimer) clearTimeout(entry.closeTimer);
  entry.closeTimer = null;
  if (!entry.started) {
    entry.started = true;
    entry.store.start();
  }
  return () => {
    entry.refs -= 1;
    if (entry.refs > 0) return;
    entry.closeTimer = setTimeout(() => {
      entry.store.stop();
      entry.unexpose();
      stores.delete(key);
    }, KEEP_ALIVE_MS);
  };
}

const FloorContext = createContext<FloorStore | null>(null);

export function FloorProvider({ teams, children }: { teams: readonly string[]; children: ReactNode }) {
  const store = storeFor(teams);
  const key = keyOf(teams);
  useEffect(() => retain(key ? key.split(',') : []), [key]);
  return <FloorContext value={store}>{children}</FloorContext>;
}

export function useFloorStore(): FloorStore {
  const store = useContext(FloorContext);
  if (!store) throw new Error('useFloorStore outside <FloorProvider>');
  return store;
}
