/**
 * Watching one agent's screen pop (`pop:watch`): the agent detail page shows the open call's
 * customer form. Only one agent is watched per board; the server sends `pop:detail` for it
 * until the call record closes (null).
 */
import type { CallDetail } from '@/lib/protocol';
import type { FloorTransport } from './floor-transport';

export type PopState =
  | { status: 'idle'; extno: null }
  | { status: 'loading'; extno: string }
  | { status: 'ready'; extno: string; detail: CallDetail | null }
  | { status: 'error'; extno: string; code: string; message: string };

/** The transport's rejection when there is no socket yet. */
export const NOT_CONNECTED = 'not connected';

const IDLE: PopState = { status: 'idle', extno: null };

export class PopWatch {
  state: PopState = IDLE;
  private readonly listeners = new Set<() => void>();
  /** Bumped on each watch call, so a late ack for an older watch is ignored. */
  private generation = 0;

  constructor(private readonly transport: Pick<FloorTransport, 'watchPop'>) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  watch(extno: string | null): void {
    if (extno === this.state.extno && this.state.status !== 'error') return;
    this.set(extno === null ? IDLE : { status: 'loading', extno });
    this.request(extno);
  }

  /** After a reconnect the server has forgotten the watch: ask again. */
  resume(): void {
    if (this.state.extno !== null) this.request(this.state.extno);
  }

  /** A `pop:detail` push for the watched agent. */
  receive(detail: CallDetail | null): void {
    const extno = this.state.extno;
    if (extno === null) return;
    if (detail && detail.extno !== extno) return;
    this.set({ status: 'ready', extno, detail });
  }

  private request(extno: string | null): void {
    const gen = ++this.generation;
    this.transport.watchPop(extno).then(
      (ack) => {
        if (gen !== this.generation || extno === null) return;
        if (ack.ok) this.set({ status: 'ready', extno, detail: ack.data });
        else this.set({ status: 'error', extno, code: ack.code, message: ack.message });
      },
      (err: unknown) => {
        if (gen !== this.generation || extno === null) return;
        // Asked before the socket was up: `resume` asks again on connect; keep showing "loading".
        if (err instanceof Error && err.message === NOT_CONNECTED) return;
        this.set({ status: 'error', extno, code: 'timeout', message: err instanceof Error ? err.message : String(err) });
      },
    );
  }

  private set(next: PopState): void {
    this.state = next;
    for (const l of this.listeners) l();
  }
}
