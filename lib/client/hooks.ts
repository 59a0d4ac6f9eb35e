/**
 * React bindings of the floor store. Each hook subscribes to the narrowest part it reads:
 * a tile to its own agent, the grid to the id order, the header to the aggregate.
 */
import { useCallback, useLayoutEffect, useMemo, useState, useSyncExternalStore, type RefObject } from 'react';
import type { AgentView, Announcement, FloorRollingKpis } from '@/lib/protocol';
import type { ConnectionState } from './connection-state';
import type { BoardKpis } from './floor-store';
import { TickerSlot, floorClock } from './floor-clock';
import { useFloorStore } from './floor-provider';
import { flattenGroups, type AgentGroup, type ViewSpec } from './ordering';
import type { PopState } from './pop-watch';

/** One agent's view; re-renders only when that agent changes. */
export function useAgent(extno: string): AgentView | undefined {
  const store = useFloorStore();
  const subscribe = useCallback((l: () => void) => store.subscribeAgent(extno, l), [store, extno]);
  const get = useCallback(() => store.getAgent(extno), [store, extno]);
  return useSyncExternalStore(subscribe, get, get);
}

/** The groups of ids for a view (sort, group, filter); the same array until the order changes. */
export function useAgentGroups(spec: ViewSpec): readonly AgentGroup[] {
  const store = useFloorStore();
  const get = useCallback(() => store.getGroups(spec), [store, spec]);
  return useSyncExternalStore(store.subscribeOrder, get, get);
}

/** The ordered ids for a view, flattened. */
export function useAgentIds(spec: ViewSpec): readonly string[] {
  const groups = useAgentGroups(spec);
  return useMemo(() => flattenGroups(groups), [groups]);
}

/** Server time at the shared clock's last tick (whole seconds); 0 while rendering on the server. */
export function useNow(): number {
  return useSyncExternalStore(floorClock.subscribe, floorClock.getTickNow, () => 0);
}

/**
 * Header KPIs for these teams (empty: the whole board). Recomputed once a second with the
 * shared clock, not on every delta: the header is read at a glance and its timers tick at 1 Hz.
 */
export function useFloorKpis(teams: readonly string[]): BoardKpis {
  const store = useFloorStore();
  const now = useNow();
  return useMemo(() => store.getKpis(teams, now || store.serverNow()), [store, teams, now]);
}

/** Rolling-window KPIs from the optional `floor:kpis` event (null until the server sends one). */
export function useRollingKpis(): FloorRollingKpis | null {
  const store = useFloorStore();
  return useSyncExternalStore(store.subscribeFloor, store.getRollingKpis, store.getRollingKpis);
}

/** Announcements, newest first. */
export function useAnnouncements(): readonly Announcement[] {
  const store = useFloorStore();
  return useSyncExternalStore(store.subscribeAnnouncements, store.getAnnouncements, store.getAnnouncements);
}

/** The board's own connection: connecting, live, reconnecting, down since T. */
export function useConnection(): ConnectionState {
  const store = useFloorStore();
  return useSyncExternalStore(store.subscribeConnection, store.getConnection, store.getConnection);
}

/** Every agent (for lists that show all of them, e.g. active calls); a new array on each change. */
export function useAgentList(): readonly AgentView[] {
  const store = useFloorStore();
  return useSyncExternalStore(store.subscribeFloor, store.getAgentList, store.getAgentList);
}

/** Teams present on the floor (for the team filter). */
export function useTeams(): readonly string[] {
  const store = useFloorStore();
  const get = useCallback(() => store.getTeams(), [store]);
  return useSyncExternalStore(store.subscribeFloor, get, get);
}

/** The screen pop of one agent's open call (`pop:watch`); stops watching on unmount. */
export function usePopDetail(extno: string | null): PopState {
  const store = useFloorStore();
  useLayoutEffect(() => {
    store.watchPop(extno);
    return () => store.watchPop(null);
  }, [store, extno]);
  return useSyncExternalStore(store.subscribePop, store.getPop, store.getPop);
}

/**
 * Let the shared clock write into a DOM node once a second (timers, tiers, "no data for N s")
 * without re-rendering React. `render` runs at once (before paint) and then on every tick;
 * it must be memoized by the caller on what it reads.
 *
 * The node keeps the place in the clock's write order it got when it appeared (TickerSlot, rule
 * V12) however often `render` changes. Re-registered on each change, as this hook once did, a
 * busy floor's tiles drifted into random order within minutes, and every slice of 60 writes
 * dirtied every team grid on the page and a band as tall as the screen.
 */
export function useTicker<E extends Element>(ref: RefObject<E | null>, render: (el: E, now: number) => boolean | void): void {
  const [slot] = useState(() => new TickerSlot<E>());
  useLayoutEffect(() => {
    slot.setWriter(render);
    const el = ref.current;
    if (el) render(el, floorClock.getTickNow());
  }, [slot, ref, render]);
  // After every commit: the node may have appeared, been replaced or gone (a tile renders a
  // placeholder until its agent is known).
  useLayoutEffect(() => slot.attach(ref.current));
  useLayoutEffect(() => () => slot.attach(null), [slot]);
}
