/**
 * Test helpers: a plain `ws` monitor client, a REST caller with every token placement,
 * and a cleanup registry so each test closes what it opened.
 */
import { afterEach } from 'vitest';
import { WebSocket, type RawData } from 'ws';
import { startSimulator, type Simulator, type SimulatorOptions } from '@/server/simulator/index';

export type Closable = { close(): unknown };

/** Registers an afterEach that closes everything `track`ed during the test (last opened first). */
export function useCleanup(): <T extends Closable>(c: T) => T {
  const open: Closable[] = [];
  afterEach(async () => {
    while (open.length > 0) await open.pop()?.close();
  });
  return (c) => {
    open.push(c);
    return c;
  };
}

export interface Frame {
  method?: string;
  [key: string]: unknown;
}

export interface Received {
  text: string | null;
  binary: Buffer | null;
}

export class MonitorClient {
  readonly received: Received[] = [];
  private waiters: (() => void)[] = [];
  closeCode: number | null = null;
  private readonly closed: Promise<number>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      this.received.push(isBinary ? { text: null, binary: buf } : { text: buf.toString('utf8'), binary: null });
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      ws.once('close', (code) => {
        this.closeCode = code;
        this.wake();
        resolve(code);
      }),
    );
    ws.on('error', () => undefined);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  /** Text frames parsed as JSON, in arrival order. */
  get frames(): Frame[] {
    return this.received.filter((r) => r.text !== null).map((r) => JSON.parse(r.text as string) as Frame);
  }

  /** Waits until `count` frames have arrived in all (the test's own timeout bounds the wait). */
  async waitForCount(count: number): Promise<Received[]> {
    while (this.received.length < count) {
      if (this.closeCode !== null) throw new Error(`socket closed (${this.closeCode}) after ${this.received.length} frames`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.received;
  }

  /** The frame at `index` (0 = the first received), parsed; waits for it to arrive. */
  async frameAt(index: number): Promise<Frame> {
    await this.waitForCount(index + 1);
    const r = this.received[index];
    if (!r?.text) throw new Error(`frame ${index} is not text`);
    return JSON.parse(r.text) as Frame;
  }

  /**
   * A ping/pong round trip: the server writes in order on one socket, so every frame it
   * sent before answering the ping has arrived once the pong is here. Lets a test say
   * "nothing was sent" without waiting on a clock.
   */
  roundTrip(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('pong', () => resolve());
      this.ws.ping((err?: Error) => (err ? reject(err) : undefined));
    });
  }

  waitClose(): Promise<number> {
    return this.closed;
  }

  close(): void {
    this.ws.terminate();
  }
}

export function monitorUrl(sim: Simulator, token: string): string {
  return `${sim.url.replace(/^http/, 'ws')}/agent/monitor?${token}`;
}

export function tokenOf(sim: Simulator, extno: string): string {
  const entry = sim.roster.find((r) => r.extno === extno);
  if (!entry) throw new Error(`no agent ${extno}`);
  return entry.token;
}

/** Opens a monitor socket for an agent (by extension) and waits until it is open. */
export async function openMonitor(sim: Simulator, extno: string): Promise<MonitorClient> {
  const ws = new WebSocket(monitorUrl(sim, tokenOf(sim, extno)), { perMessageDeflate: false });
  const client = new MonitorClient(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return client;
}

/** Attempts an upgrade that should be refused; resolves with the HTTP status. */
export function refusedStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('upgrade was accepted'));
    });
    ws.once('error', (err) => reject(err));
  });
}

export type Placement = 'query' | 'bearer' | 'header' | 'cookie';

export interface PostOptions {
  token?: string | null;
  placement?: Placement;
  json?: boolean;
  method?: string;
  rawBody?: string;
  contentType?: string;
}

export interface Envelope {
  msg: string;
  code: number;
  data: unknown;
}

export async function post(
  sim: Simulator,
  path: string,
  params: Record<string, unknown> = {},
  opts: PostOptions = {},
): Promise<{ status: number; body: Envelope }> {
  const url = new URL(path, sim.url);
  const headers: Record<string, string> = {};
  const token = opts.token;
  if (token) {
    switch (opts.placement ?? 'query') {
      case 'query':
        url.searchParams.set('access_token', token);
        break;
      case 'bearer':
        headers.authorization = `Bearer ${token}`;
        break;
      case 'header':
        headers.access_token = token;
        break;
      case 'cookie':
        headers.cookie = `theme=dark; access_token=${encodeURIComponent(token)}`;
        break;
    }
  }
  let body: string | undefined;
  if (opts.rawBody !== undefined) {
    body = opts.rawBody;
    headers['content-type'] = opts.contentType ?? 'application/x-www-form-urlencoded';
  } else if (opts.json) {
    body = JSON.stringify(params);
    headers['content-type'] = 'application/json';
  } else {
    body = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const method = opts.method ?? 'POST';
  const res = await fetch(url, { method, headers, body: method === 'GET' ? undefined : body });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Envelope };
}

/** Starts a simulator that the cleanup registry will close. */
export async function startSim(track: ReturnType<typeof useCleanup>, opts: SimulatorOptions = {}): Promise<Simulator> {
  return track(await startSimulator(opts));
}
