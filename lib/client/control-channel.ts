/**
 * The control path over the board's own Socket.IO connection (docs/control-api.md): actions go
 * out as `control:act` with an ack, late outcomes (`control:result`, an "after this call"
 * sign-out carried out when the call ends) and announcement receipts (`announce:receipts`) come
 * back on the same sockets. One channel per page; every floor store's socket attaches to it, so
 * whichever socket is up carries the action.
 *
 * Why the socket first and REST second: the socket is already open and authenticated, and a
 * reconnect re-sending the same requestId gets the first answer (C14). When no socket is
 * connected, or its ack does not come back, the same request goes over REST with the same
 * requestId: the server keys results by user + requestId across both surfaces, so the call
 * system is still asked at most once.
 */
import type { AnnouncementReceipts } from '@/lib/control/announce';
import type { ActionOk, ActionRequestInput } from '@/lib/control/actions';
import type { Ack, ControlResult } from '@/lib/protocol';

/** What the channel needs of a Socket.IO client socket (the board's FloorSocket fits). */
export interface ControlSocket {
  readonly connected: boolean;
  timeout(ms: number): { emitWithAck(event: 'control:act', req: ActionRequestInput): Promise<Ack<ActionOk>> };
  on(event: 'control:result', listener: (r: ControlResult) => void): unknown;
  on(event: 'announce:receipts', listener: (r: AnnouncementReceipts) => void): unknown;
  off(event: 'control:result', listener: (r: ControlResult) => void): unknown;
  off(event: 'announce:receipts', listener: (r: AnnouncementReceipts) => void): unknown;
}

/** A late outcome as the page keeps it: the result and when it arrived (browser clock). */
export interface LateResult extends ControlResult {
  receivedAt: number;
}

export const CONTROL_ACK_TIMEOUT_MS = 8_000;
/** Late results kept per agent; older ones are dropped (a page open all day must not grow). */
const MAX_AGENTS_KEPT = 500;

type Listener<T> = (value: T) => void;

export class ControlChannel {
  private readonly sockets = new Set<ControlSocket>();
  private readonly resultListeners = new Set<Listener<LateResult>>();
  private readonly receiptListeners = new Set<Listener<AnnouncementReceipts>>();
  /** extno -> the latest late outcome (several sockets of one user each receive it: keyed by requestId). */
  private readonly latest = new Map<string, LateResult>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Start using a socket; returns the detach function (call it before the socket is dropped). */
  attach(socket: ControlSocket): () => void {
    const onResult = (r: ControlResult): void => this.receiveResult(r);
    const onReceipts = (r: AnnouncementReceipts): void => {
      for (const l of this.receiptListeners) l(r);
    };
    socket.on('control:result', onResult);
    socket.on('announce:receipts', onReceipts);
    this.sockets.add(socket);
    return () => {
      socket.off('control:result', onResult);
      socket.off('announce:receipts', onReceipts);
      this.sockets.delete(socket);
    };
  }

  /** Whether some board socket is up (pages fall back to polling while none is). */
  isConnected(): boolean {
    return this.connectedSocket() !== null;
  }

  private connectedSocket(): ControlSocket | null {
    for (const s of this.sockets) if (s.connected) return s;
    return null;
  }

  /**
   * Send over a connected board socket. Null when none is connected or its ack did not arrive
   * (timeout, disconnect): the caller then sends the same request over REST.
   */
  async act(req: ActionRequestInput, timeoutMs = CONTROL_ACK_TIMEOUT_MS): Promise<Ack<ActionOk> | null> {
    const socket = this.connectedSocket();
    if (socket === null) return null;
    try {
      const ack = await socket.timeout(timeoutMs).emitWithAck('control:act', req);
      return ack && typeof ack === 'object' && typeof ack.ok === 'boolean' ? ack : null;
    } catch {
      return null;
    }
  }

  private receiveResult(r: ControlResult): void {
    const prev = this.latest.get(r.extno);
    if (prev?.requestId === r.requestId) return;
    const late: LateResult = { ...r, receivedAt: this.now() };
    this.latest.delete(r.extno);
    this.latest.set(r.extno, late);
    if (this.latest.size > MAX_AGENTS_KEPT) this.latest.delete(this.latest.keys().next().value!);
    for (const l of this.resultListeners) l(late);
  }

  /** The latest late outcome for an agent, if one arrived while this page was open. */
  lateResult(extno: string): LateResult | undefined {
    return this.latest.get(extno);
  }

  onResult(listener: Listener<LateResult>): () => void {
    this.resultListeners.add(listener);
    return () => this.resultListeners.delete(listener);
  }

  onReceipts(listener: Listener<AnnouncementReceipts>): () => void {
    this.receiptListeners.add(listener);
    return () => this.receiptListeners.delete(listener);
  }
}

/** The page's channel (module state lives per browser tab). */
export const controlChannel = new ControlChannel();
