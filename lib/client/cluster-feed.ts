/**
 * The web node's change feed as this board last heard it (`cluster:feed`, rule CL3), for the
 * feed-down banner. A board that is not connected forgets it: the socket banner speaks then,
 * and the node it reconnects to sends its own state.
 */
import { useSyncExternalStore } from 'react';
import type { ClusterFeedState } from '@/lib/protocol';

const OK: ClusterFeedState = { redis: 'ok', since: 0 };
let current: ClusterFeedState = OK;
const listeners = new Set<() => void>();

export function setClusterFeed(state: ClusterFeedState | null): void {
  const next = state && state.redis === 'down' ? state : OK;
  if (next.redis === current.redis && next.since === current.since) return;
  current = next;
  for (const l of listeners) l();
}

const subscribe = (l: () => void): (() => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const get = (): ClusterFeedState => current;

export function useClusterFeed(): ClusterFeedState {
  return useSyncExternalStore(subscribe, get, () => OK);
}
