/**
 * Who the floor store tells about what: per-agent listeners (one tile each), the whole floor,
 * the orderings, the connection and the announcements. Kept apart from the store's delta
 * application (floor-store.ts) so each stays small; the store decides when to notify.
 */
import type { SyncOutcome } from './floor-sync';

export type Listener = () => void;

export class FloorListeners {
  private readonly agent = new Map<string, Set<Listener>>();
  readonly floor = new Set<Listener>();
  readonly order = new Set<Listener>();
  readonly connection = new Set<Listener>();
  readonly announcements = new Set<Listener>();

  subscribeAgent(extno: string, listener: Listener): () => void {
    let set = this.agent.get(extno);
    if (!set) {
      set = new Set();
      this.agent.set(extno, set);
    }
    set.add(listener);
    return () => {
      const s = this.agent.get(extno);
      if (!s) return;
      s.delete(listener);
      if (!s.size) this.agent.delete(extno);
    };
  }

  /** Add a listener to one of the sets; returns the unsubscribe. */
  add(set: Set<Listener>, listener: Listener): () => void {
    set.add(listener);
    return () => set.delete(listener);
  }

  emit(listeners: ReadonlySet<Listener>): void {
    for (const l of listeners) l();
  }

  /** Tell each changed agent's tiles, then the floor, and the orderings when the roster changed. */
  notifyChanged(out: SyncOutcome): void {
    for (const id of out.changed) {
      const set = this.agent.get(id);
      if (set) for (const l of set) l();
    }
    this.emit(this.floor);
    if (out.structural) this.emit(this.order);
  }
}
