/**
 * The monitor sockets: `GET /agent/monitor?<token>` (the whole query string is the
 * token), several sockets per agent, notices on connect / on change / on a shared tick,
 * screen pops and announcements. One interval serves every agent's tick: the agents are
 * cut into slices, one slice per sub-interval, so 10,000 ticks spread over the second
 * instead of leaving in one burst.
 */
import { type IncomingMessage } from 'node:http';
import { type Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { type StatusCode } from '@/lib/domain/status';
import { type FaultState } from './faults';
import { type FloorOutput, type SimFloor } from './floor';
import { noticeFrame } from './notice';

export const MONITOR_PATH = '/agent/monitor';

/** A tick is skipped for a socket whose peer is this far behind (a change notice is not). */
const TICK_BACKLOG_LIMIT = 1 << 20;
/** Sub-intervals are no shorter than this, so a small tickMs uses fewer slices. */
const MIN_SLICE_MS = 20;
const MAX_SLICES = 50;

export interface MonitorHubDeps {
  floor: SimFloor;
  faults: FaultState;
  tickMs: number;
  /** Token -> agent index, or undefined for an unknown token. */
  agentForToken(token: string): number | undefined;
}

export type DropMode = 'close' | 'terminate';

export class MonitorHub implements FloorOutput {
  private readonly sockets: (WebSocket[] | undefined)[];
  private readonly wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    // Agents have nothing to say on this socket; a small limit bounds what a peer can send.
    maxPayload: 4096,
  });
  private ticker: ReturnType<typeof setInterval> | null = null;
  private slice = 0;
  private open = 0;

  constructor(private readonly deps: MonitorHubDeps) {
    this.sockets = new Array<WebSocket[] | undefined>(deps.floor.size);
  }

  /** Open monitor sockets, of one agent or of all. */
  count(idx?: number): number {
    return idx === undefined ? this.open : (this.sockets[idx]?.length ?? 0);
  }

  /** The HTTP upgrade: refused with 401 for an unknown, missing or refused token. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path !== MONITOR_PATH) return refuse(socket, 404, 'Not Found');
    const raw = q < 0 ? '' : url.slice(q + 1);
    const idx = raw === '' ? undefined : (this.deps.agentForToken(raw) ?? this.deps.agentForToken(safeDecode(raw)));
    if (idx === undefined || this.deps.faults.isRefused(this.deps.floor.extno(idx))) {
      return refuse(socket, 401, 'Unauthorized');
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(idx, ws));
  }

  private attach(idx: number, ws: WebSocket): void {
    const list = this.sockets[idx] ?? (this.sockets[idx] = []);
    list.push(ws);
    this.open++;
    ws.on('error', () => ws.terminate());
    ws.once('close', () => {
      const i = list.indexOf(ws);
      if (i >= 0) {
        list.splice(i, 1);
        this.open--;
      }
    });
    // The current state at once, as the workbench shows it on connect.
    if (!this.deps.faults.paused) ws.send(this.noticeText(idx));
  }

  private noticeText(idx: number): string {
    const floor = this.deps.floor;
    return noticeFrame(floor.status[idx] as StatusCode, Date.now() - (floor.since[idx] as number));
  }

  /** FloorOutput: the agent's status changed. */
  notice(idx: number): void {
    const list = this.sockets[idx];
    if (!list || list.length === 0 || this.deps.faults.paused) return;
    const text = this.noticeText(idx);
    for (const ws of list) if (ws.readyState === WebSocket.OPEN) ws.send(text);
  }

  /** FloorOutput: a call connected. */
  info(idx: number, text: string): void {
    this.sendText(idx, text);
  }

  /** Writes a text frame to every open socket of the agent; returns how many. */
  sendText(idx: number, text: string): number {
    const list = this.sockets[idx];
    if (!list || this.deps.faults.paused) return 0;
    let sent = 0;
    for (const ws of list) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      ws.send(text);
      sent++;
    }
    return sent;
  }

  /** `{"method":"message","msg":...}` to the given agents (null: all); returns sockets written to. */
  announce(msg: string, idxs: readonly number[] | null): number {
    const text = JSON.stringify({ method: 'message', msg });
    let sent = 0;
    this.forEach(idxs, (idx) => (sent += this.sendText(idx, text)));
    return sent;
  }

  /** Fault: raw data as sent (string = text frame, bytes = binary frame), even while paused. */
  sendRaw(data: string | Uint8Array, idxs: readonly number[] | null): number {
    let sent = 0;
    this.forEach(idxs, (idx) => {
      for (const ws of this.sockets[idx] ?? []) {
        if (ws.readyState !== WebSocket.OPEN) continue;
        ws.send(data, { binary: typeof data !== 'string' });
        sent++;
      }
    });
    return sent;
  }

  /** Fault: closes (close frame) or terminates (no close frame) sockets; returns how many. */
  drop(idxs: readonly number[] | null, mode: DropMode, code = 1001, reason = ''): number {
    let dropped = 0;
    this.forEach(idxs, (idx) => {
      // Copy: the close handlers splice the live list.
      for (const ws of [...(this.sockets[idx] ?? [])]) {
        if (mode === 'terminate') ws.terminate();
        else ws.close(code, reason);
        dropped++;
      }
    });
    return dropped;
  }

  startTicker(): void {
    const tickMs = this.deps.tickMs;
    if (tickMs <= 0 || this.ticker) return;
    const slices = Math.max(1, Math.min(MAX_SLICES, Math.floor(tickMs / MIN_SLICE_MS)));
    this.ticker = setInterval(() => this.tickSlice(slices), tickMs / slices);
    this.ticker.unref?.();
  }

  stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  private tickSlice(slices: number): void {
    const slice = this.slice;
    this.slice = (slice + 1) % slices;
    if (this.deps.faults.paused) return;
    for (let idx = slice; idx < this.sockets.length; idx += slices) {
      const list = this.sockets[idx];
      if (!list || list.length === 0) continue;
      const text = this.noticeText(idx);
      for (const ws of list) {
        if (ws.readyState === WebSocket.OPEN && ws.bufferedAmount < TICK_BACKLOG_LIMIT) ws.send(text);
      }
    }
  }

  private forEach(idxs: readonly number[] | null, fn: (idx: number) => void): void {
    if (idxs) for (const idx of idxs) fn(idx);
    else for (let idx = 0; idx < this.sockets.length; idx++) if (this.sockets[idx]?.length) fn(idx);
  }

  close(): void {
    this.stopTicker();
    this.drop(null, 'terminate');
    this.wss.close();
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  // Destroy only once the answer is flushed, or the client may see a reset instead of the status.
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
}
