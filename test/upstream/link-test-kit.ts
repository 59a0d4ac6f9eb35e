/**
 * Test kit for upstream link tests: a real `ws` server on port 0 speaking the monitor path,
 * a recorder for the link manager's callbacks, tracked timers, and waitFor.
 * Not a simulator: each test scripts the server behaviour it needs.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TimerApi } from '@/server/upstream/connect-limiter';
import type { LinkStateInfo, UpstreamLinkState } from '@/server/upstream/link-options';
import type { RosterEntry } from '@/server/state/types';

export interface ServerConn {
  id: number;
  token: string;
  ws: WebSocket;
  openedAt: number;
  closed: boolean;
  pings: number;
}

export interface UpstreamServerOptions {
  port?: number;
  autoPong?: boolean;
  /** Return an HTTP status to refuse the upgrade (e.g. 401), or undefined to accept. */
  refuse?: (token: string) => number | undefined;
  onConnection?: (conn: ServerConn) => void;
}

export interface UpstreamServer {
  port: number;
  /** Base URL as CALL_SYSTEM_URL would give it. */
  baseUrl: string;
  wss: WebSocketServer;
  /** Every connection accepted, in order. */
  conns: ServerConn[];
  /** Upgrade attempts (accepted or refused), with their time. */
  attempts: { token: string; at: number; status: number }[];
  openByToken(): Map<string, number>;
  openCount(): number;
  /** Drop every client abruptly and stop listening (a call-system crash). */
  close(): Promise<void>;
}

export function tokenOf(req: IncomingMessage): string {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  return q < 0 ? '' : decodeURIComponent(url.slice(q + 1));
}

export async function startUpstream(options: UpstreamServerOptions = {}): Promise<UpstreamServer> {
  const http: Server = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  const conns: ServerConn[] = [];
  const attempts: UpstreamServer['attempts'] = [];
  const wss = new WebSocketServer({
    server: http,
    autoPong: options.autoPong ?? true,
    verifyClient: (info, cb) => {
      const token = tokenOf(info.req);
      const status = options.refuse?.(token);
      attempts.push({ token, at: Date.now(), status: status ?? 101 });
      if (status !== undefined) cb(false, status);
      else cb(true);
    },
  });
  wss.on('connection', (ws, req) => {
    const conn: ServerConn = { id: conns.length, token: tokenOf(req), ws, openedAt: Date.now(), closed: false, pings: 0 };
    conns.push(conn);
    ws.on('close', () => {
      conn.closed = true;
    });
    ws.on('ping', () => {
      conn.pings++;
    });
    ws.on('error', () => {});
    options.onConnection?.(conn);
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    wss,
    conns,
    attempts,
    openByToken() {
      const counts = new Map<string, number>();
      for (const c of conns) if (!c.closed) counts.set(c.token, (counts.get(c.token) ?? 0) + 1);
      return counts;
    },
    openCount: () => conns.filter((c) => !c.closed).length,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

export function entry(extno: string, token = `tok-${extno}`, name = `Agent ${extno}`, team = 'A'): RosterEntry {
  return { extno, name, team, token };
}

export interface StateEvent {
  extno: string;
  state: UpstreamLinkState;
  info?: LinkStateInfo;
  at: number;
}

/** Records the link manager's callbacks. */
export function recorder() {
  const states: StateEvent[] = [];
  const frames: { extno: string; text: string; isBinary: boolean; receivedAt: number }[] = [];
  const rejected: { extno: string; reason: string; detail: string }[] = [];
  const logs: { level: string; obj: object; msg?: string }[] = [];
  const logAt = (level: string) => (obj: object, msg?: string) => {
    logs.push({ level, obj, msg });
  };
  return {
    states,
    frames,
    rejected,
    logs,
    log: { info: logAt('info'), warn: logAt('warn'), error: logAt('error'), debug: logAt('debug') },
    onLinkState: (extno: string, state: UpstreamLinkState, info?: LinkStateInfo) => {
      states.push({ extno, state, info, at: Date.now() });
    },
    onFrame: (extno: string, data: Buffer | string, isBinary: boolean, receivedAt: number) => {
      frames.push({ extno, text: data.toString(), isBinary, receivedAt });
    },
    onRejected: (extno: string, reason: 'too_large' | 'not_text', detail: string) => {
      rejected.push({ extno, reason, detail });
    },
    /** The last state reported for an agent. */
    last(extno: string): UpstreamLinkState | undefined {
      for (let i = states.length - 1; i >= 0; i--) if (states[i]?.extno === extno) return states[i]?.state;
      return undefined;
    },
    of(extno: string): StateEvent[] {
      return states.filter((s) => s.extno === extno);
    },
  };
}

/** Real timers that count what is still pending, to prove close() cancels everything. */
export function trackedTimers(): TimerApi & { active(): number } {
  const pending = new Set<unknown>();
  return {
    setTimeout(fn, ms) {
      const h = setTimeout(() => {
        pending.delete(h);
        fn();
      }, ms);
      pending.add(h);
      return h;
    },
    clearTimeout(h) {
      pending.delete(h);
      clearTimeout(h as NodeJS.Timeout);
    },
    setInterval(fn, ms) {
      const h = setInterval(fn, ms);
      pending.add(h);
      return h;
    },
    clearInterval(h) {
      pending.delete(h);
      clearInterval(h as NodeJS.Timeout);
    },
    active: () => pending.size,
  };
}

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 8_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Fake heartbeat timing: the manager's one interval (the heartbeat walk) is captured and run by
 * hand with a clock the test moves, so rounds happen exactly when a test says; timeouts (retries,
 * handshakes) stay real so the real sockets still connect.
 */
export function manualHeartbeat(start = 1_000_000) {
  let round: (() => void) | null = null;
  let clock = start;
  const timers: TimerApi = {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (t) => clearTimeout(t as NodeJS.Timeout),
    setInterval: (fn) => {
      round = fn;
      return 1;
    },
    clearInterval: () => {
      round = null;
    },
  };
  return {
    timers,
    now: () => clock,
    /** Move the clock by `ms` and run one heartbeat round. */
    round(ms: number): void {
      clock += ms;
      if (round === null) throw new Error('no heartbeat interval is armed');
      round();
    },
  };
}
