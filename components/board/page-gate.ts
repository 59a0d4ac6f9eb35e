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
import { floorClock } from '@/lib/client/floor-clock';
import { frameLane } from '@/lib/client/frame-lane';
import type { AgentView } from '@/lib/protocol';

/** Tiles re-rendered per animation frame while an opened gate catches up. */
const SLICE = 60;

/**
 * How a page's tiles take their changes (rules V4, V7): `live` at once (the page on screen),
 * `lagged` in slices on the frames after the store's flush (the next page: it is hidden, so a
 * frame later is invisible, and the flush's frame then renders the page on screen only),
 * `held` until the gate opens (pages further on).
 */
export type GateMode = 'live' | 'lagged' | 'held';

export class PageGate {
  private mode: GateMode;
  /** The next page close to its turn (V6): its timers are written. */
  private warm = false;
  private readonly held = new Set<() => void>();
  private frame = 0;

  constructor(open: boolean | GateMode) {
    this.mode = PageGate.effective(open === true ? 'live' : open === false ? 'held' : open);
  }

  /** The mode after the benchmark's A/B switches (below). */
  private static effective(mode: GateMode): GateMode {
    if (PageGate.disabled()) return 'live';
    if (mode === 'lagged' && PageGate.nextLive()) return 'live';
    return mode;
  }

  /** Set by the frames benchmark only: the next page renders its changes at once (A/B of V7). */
  private static nextLive(): boolean {
    return typeof window !== 'undefined' && (window as { __floorboardNextLive?: boolean }).__floorboardNextLive === true;
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
    return this.mode !== 'held';
  }

  /**
   * Whether the tiles behind this gate let the clock write their timers (rule V6). A page that is
   * neither on screen nor next skips them: three fifths of a 2,000-agent wall's timer, tier and
   * attention writes were for pages nobody sees. The next page writes them only once it is warmed
   * up for its turn (`setWarm`, a couple of seconds before it): written every second while it
   * waited, they cost as much style and layout as the page on screen's, for a page nobody sees.
   */
  ticks(): boolean {
    if (this.mode === 'live' || PageGate.ticksHidden()) return true;
    return this.mode === 'lagged' && (this.warm || PageGate.nextTicksAlways());
  }

  /** The next page is about to be shown: its timers are written from the next tick on (V6). */
  setWarm(warm: boolean): void {
    this.warm = warm;
  }

  /** Set by the frames benchmark only: the next page writes its timers every second (A/B of V6's warm-up). */
  private static nextTicksAlways(): boolean {
    return typeof window !== 'undefined' && (window as { __floorboardNextTicksAlways?: boolean }).__floorboardNextTicksAlways === true;
  }

  /** A tile's change: rendered now when live, on a coming frame when lagged, held (once per tile) when closed. */
  notify(listener: () => void): void {
    if (this.mode === 'live') return listener();
    this.held.add(listener);
    if (this.mode === 'lagged') this.replay();
  }

  /** A tile unmounting forgets what it held. */
  forget(listener: () => void): void {
    this.held.delete(listener);
  }

  setOpen(open: boolean): void {
    this.setMode(open ? 'live' : 'held');
  }

  setMode(next: GateMode): void {
    const mode = PageGate.effective(next);
    if (mode === this.mode) return;
    // Shown without its warm-up (out of turn: keyboard focus, a re-pagination), its timers
    // were last written when it was last on screen: have the clock write them now (V6, V9).
    const shownCold = mode === 'live' && !this.warm;
    this.mode = mode;
    // A page that just became the next one waits cold until it is warmed up for its turn.
    this.warm = false;
    if (shownCold) floorClock.refresh();
    if (mode !== 'held') this.replay();
    else if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
  }

  /** Held changes in slices, one slice per free frame (rule V10), while the gate stays open. */
  private replay(): void {
    if (this.frame || !this.isOpen() || !this.held.size) return;
    this.frame = requestAnimationFrame((frameTime?: number) => {
      this.frame = 0;
      if (!frameLane.claim(frameTime)) return this.replay();
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

/** The gate mode of a page: live on screen, lagged for the next one, held for the others. */
export function pageMode(page: number, current: number, pages: number): GateMode {
  if (!pageRenders(page, current, pages)) return 'held';
  return page === current ? 'live' : 'lagged';
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
