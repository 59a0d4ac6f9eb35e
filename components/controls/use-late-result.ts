'use client';
/**
 * The late outcome (`control:result`) of an "after this call" sign-out this user asked for,
 * for the agent's tile and action bar. Shown while fresh: a tile is a glance, not a log.
 */
import { useCallback, useSyncExternalStore } from 'react';
import { controlChannel, type LateResult } from '@/lib/client/control-channel';

/** How long a tile keeps the mark (the action bar keeps the line until the next action). */
export const TILE_MARK_MS = 60_000;

export function useLateResult(extno: string): LateResult | undefined {
  const subscribe = useCallback((notify: () => void) => controlChannel.onResult((r) => r.extno === extno && notify()), [extno]);
  const read = useCallback(() => controlChannel.lateResult(extno), [extno]);
  return useSyncExternalStore(subscribe, read, () => undefined);
}
