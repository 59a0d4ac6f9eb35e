'use client';
/**
 * Kiosk pages that are not on screen do not re-render their tiles on every delta (rule V4).
 *
 * A paging wall keeps every page mounted (a page turn then reveals ready tiles), but four fifths
 * of the agents a delta changes are on pages nobody sees: rendering them cost most of the script
 * time of a 4K wall's frames. A closed gate holds each tile's "my agent changed" signal instead
 * (one entry per tile however often it changed); opening the gate replays them in slices of
 * `SLICE` tiles per animation frame, so the catch-up never lands in one frame. The grid keeps the
 * page on screen and the next one open, so the next page has caught up before it is shown and
 * a page turn never shows stale tiles.
 */
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import { useFloorStore } from '@/lib/client/floor-provider';
import type { AgentView } from '@/lib/protocol';

/** Tiles re-rendered per animation frame while an opened gate catches up. */
const SLICE = 60;

export class PageGate {
  private open: boolean;
  private readonly held = new Set<() => void>();
  private frame = 0;

  constructor(open: boolean) {
    this.open = open || PageGate.disabled();
  }

  /** Set by the frames benchmark only, to measure the board without gates in the same run. */
  private static disabled(): boolean {
    return typeof window !== 'undefined' && (window as { __floorboardUngated?: boolean }).__floorboardUngated === true;
  }

  /** Set by the frames benchmark only: hidden pages write their timers every second (A/B of V6). */
  private static ticksHidden(): boolean {
    return typeof window !== 'undefined' && (window as { __floorboardTickHidden?: boolean }).__floorboardTickHidden === true;
  }

  isOpen(): boolean {
    return this.open;
  }

  /**
   * Whether the tiles behind this gate let the clock write their timers (rule V6). A page that is
   * neither on screen nor next skips them: three fifths of a 2,000-agent wall's timer, tier and
   * attention writes were for pages nobody sees. It is written by the first tick after it opens,
   * a whole page's showing before it is on screen.
   */
  ticks(): boolean {
    return this.open || PageGate.ticksHidden();
  }

  /** A tile's change: rendered now when open, held (once per tile) when closed. */
  notify(listener: () => void): void {
    if (this.open) listener();
    else this.held.add(listener);
  }

  /** A tile unmounting forgets what it held. */
  forget(listener: () => void): void {
    this.held.delete(listener);
  }

  setOpen(open: boolean): void {
    if (PageGate.disabled() || open === this.open) return;
    this.open = open;
    if (open) this.replay();
    else if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
  }

  /** Held changes in slices, one slice per frame, while the gate stays open. */
  private replay(): void {
    if (this.frame || !this.open) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      let n = 0;
      for (const listener of this.held) {
        if (n++ >= SLICE) break;
        this.held.delete(listener);
        listener();
      }
      if (this.held.size) this.replay();
    });
  }
}

/** The pages whose tiles render their changes: the one on screen and the next to show. */
export function pageRenders(page: number, current: number, pages: number): boolean {
  return page < pages && (page === current || page === (current + 1) % pages);
}

export const PageGateContext = createContext<PageGate | null>(null);

/** The gate of the page this component is on (null: not on a paging kiosk). */
export function usePageGate(): PageGate | null {
  return useContext(PageGateContext);
}

/** Subscribe `listener` through a gate: held while it is closed, replayed when it opens. */
export function subscribeGated(gate: PageGate | null, subscribe: (l: () => void) => () => void, listener: () => void): () => void {
  if (!gate) return subscribe(listener);
  const off = subscribe(() => gate.notify(listener));
  return () => {
    off();
    gate.forget(listener);
  };
}

/** `useAgent`, but behind the tile's page gate (no gate: every change renders at once). */
export function useGatedAgent(extno: string): AgentView | undefined {
  const store = useFloorStore();
  const gate = usePageGate();
  const subscribe = useCallback(
    (listener: () => void) => subscribeGated(gate, (l) => store.subscribeAgent(extno, l), listener),
    [store, extno, gate],
  );
  const get = useCallback(() => store.getAgent(extno), [store, extno]);
  return useSyncExternalStore(subscribe, get, get);
}
