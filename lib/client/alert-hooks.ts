/**
 * React bindings of the alert store (lib/client/alert-store.ts). The provider picks the store
 * of the board's team filter, the one its socket feeds. Without a provider (pages that show
 * tiles but no alerts) the hooks answer "nothing".
 */
import { createContext, createElement, useCallback, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Alert } from '@/lib/alerts/types';
import { alertStoreFor, alertStoreKey, type AgentAlertMark, type AlertStore } from './alert-store';

const AlertContext = createContext<AlertStore | null>(null);
const NONE: readonly Alert[] = [];
const noop = () => () => {};

export function AlertStoreProvider({ teams, children }: { teams: readonly string[]; children: ReactNode }) {
  const key = alertStoreKey(teams);
  // Keyed on the sorted filter so a new array with the same teams keeps the same store.
  const store = alertStoreFor(key ? key.split(',') : []);
  return createElement(AlertContext, { value: store }, children);
}

export function useAlertStore(): AlertStore | null {
  return useContext(AlertContext);
}

/** Banner alerts, most severe first, then by attentionAt. */
export function useBannerAlerts(): readonly Alert[] {
  const store = useAlertStore();
  const get = useCallback(() => store?.getBanner() ?? NONE, [store]);
  return useSyncExternalStore(store?.subscribeBanner ?? noop, get, () => NONE);
}

/** Every open alert the board holds. */
export function useOpenAlerts(): readonly Alert[] {
  const store = useAlertStore();
  const get = useCallback(() => store?.getAll() ?? NONE, [store]);
  return useSyncExternalStore(store?.subscribeAll ?? noop, get, () => NONE);
}

/** One agent's mark (`warning`, `critical:ack`...) or null; re-renders only when that mark changes. */
export function useAgentAlertMark(extno: string): AgentAlertMark | null {
  const store = useAlertStore();
  const subscribe = useCallback((l: () => void) => (store ? store.subscribeAgent(extno, l) : () => {}), [store, extno]);
  const get = useCallback(() => store?.getAgentMark(extno) ?? null, [store, extno]);
  return useSyncExternalStore(subscribe, get, () => null);
}
