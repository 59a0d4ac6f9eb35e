/**
 * Test kit for the control path: a tiny fake call system (node:http on port 0, speaking the
 * documented `{msg, code, data}` envelope) with knobs per path, a fake floor, actors, and a
 * pino capture stream. Not the simulator: each test scripts the behaviour it needs.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Actor } from '@/lib/control/actor';
import type { AgentTarget, FloorAgent } from '@/server/control/floor-read';
import type { ControlFloorEvent } from '@/server/control/pipeline';

export type Behaviour =
  | { kind: 'ok'; data?: unknown }
  | { kind: 'refuse'; code: number; msg: string }
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'hang' }
  | { kind: 'raw'; body: string };

export interface SeenRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parameters from the body (form or JSON). */
  params: Record<string, string>;
  rawBody: string;
}

export interface FakeCallSystem {
  url: string;
  requests: SeenRequest[];
  /** Behaviour for a path ('*' for every path without its own). */
  on(path: string, behaviour: Behaviour): void;
  /** Requests to one path. */
  count(path: string): number;
  /** Called with each request before it is answered (e.g. to push the announcement to monitor sockets first). */
  hook: ((req: SeenRequest) => void) | null;
  /** Stop listening and drop every connection (hanging ones too). */
  close(): Promise<void>;
}

export async function startFakeCallSystem(): Promise<FakeCallSystem> {
  const behaviours = new Map<string, Behaviour>();
  const requests: SeenRequest[] = [];
  const fake = { hook: null } as FakeCallSystem;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const params: Record<string, string> = {};
      if ((req.headers['content-type'] ?? '').startsWith('application/json')) {
        Object.assign(params, JSON.parse(rawBody || '{}') as Record<string, string>);
      } else {
        for (const [k, v] of new URLSearchParams(rawBody)) params[k] = v;
      }
      const seenReq = { path: url.pathname, query: url.searchParams, headers: req.headers, params, rawBody };
      requests.push(seenReq);
      fake.hook?.(seenReq);
      const b = behaviours.get(url.pathname) ?? behaviours.get('*') ?? { kind: 'ok' };
      const send = (status: number, body: string) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(body);
      };
      switch (b.kind) {
        case 'ok': {
          const data = b.data ?? (url.pathname.endsWith('/getMsg') ? '【测试】您好，您的订单已受理。' : 1);
          return send(200, JSON.stringify({ msg: 'success', code: 0, data }));
        }
        case 'refuse':
          return send(200, JSON.stringify({ msg: b.msg, code: b.code, data: null }));
        case 'status':
          return send(b.status, b.body ?? JSON.stringify({ msg: 'error', code: b.status, data: null }));
        case 'raw':
          return send(200, b.body);
        case 'hang':
          return; // never answers
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const parts: Omit<FakeCallSystem, 'hook'> = {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (path, behaviour) => void behaviours.set(path, behaviour),
    count: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  Object.assign(fake, parts);
  return fake;
}

/** A base URL where nothing listens (a port that was just freed): connection refused. */
export async function refusedUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export const TOKENS = { '1001': 'tok-AAAA-1001-secret', '1002': 'tok-BBBB-1002-secret', '2001': 'tok-CCCC-2001-secret' } as const;
export const CUSTOMER_PHONE = '13812345678';
export const RECORD_UUID = 'beeb8dda-87fb-4f7d-aa60-a4dee98e2e08';

export const actors = {
  manager: { id: 'u-mgr', name: '王经理', role: 'manager', teams: '*' },
  leadA: { id: 'u-lead-a', name: '李组长', role: 'team_lead', teams: ['A'] },
  leadB: { id: 'u-lead-b', name: '赵组长', role: 'team_lead', teams: ['B'] },
  viewer: { id: 'u-view', name: '大屏', role: 'viewer', teams: '*' },
  admin: { id: 'u-admin', name: 'Admin', role: 'admin', teams: '*' },
} as const satisfies Record<string, Actor>;

/** A mutable floor: 1001 (team A) on a call, 1002 (team A) idle, 2001 (team B) signed out. */
export function fakeFloor() {
  const agents = new Map<string, AgentTarget>([
    [
      '1001',
      {
        extno: '1001',
        name: '张三',
        team: 'A',
        status: 'on_call',
        link: 'live',
        pendingSignOut: false,
        call: { sessionId: 'sess-1', recordUuid: RECORD_UUID, telephone: CUSTOMER_PHONE, held: false, ended: false },
        token: TOKENS['1001'],
      },
    ],
    ['1002', { extno: '1002', name: '李四', team: 'A', status: 'idle', link: 'live', pendingSignOut: false, call: null, token: TOKENS['1002'] }],
    ['2001', { extno: '2001', name: '王五', team: 'B', status: 'signed_out', link: 'live', pendingSignOut: false, call: null, token: TOKENS['2001'] }],
  ]);
  const events: ControlFloorEvent[] = [];
  return {
    agents,
    events,
    agent: (extno: string) => agents.get(extno),
    list: (): Iterable<FloorAgent> => agents.values(),
    /** Applies like the reducer would (so the next read sees it). */
    applyControl: (e: ControlFloorEvent) => {
      events.push(e);
      const a = agents.get(e.extno);
      if (!a) return;
      const next = { ...a };
      if (e.change.pendingSignOut !== undefined) next.pendingSignOut = e.change.pendingSignOut;
      if (e.change.held !== undefined && next.call) next.call = { ...next.call, held: e.change.held };
      agents.set(e.extno, next);
    },
    set(extno: string, patch: Partial<AgentTarget>) {
      agents.set(extno, { ...agents.get(extno)!, ...patch });
    },
  };
}

export function act(action: string, extno: string, params?: Record<string, unknown>, requestId: string = randomUUID()) {
  return { action, extno, requestId, ...(params ? { params } : {}) };
}

/** A pino destination that keeps every line. */
export function captureStream(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      cb();
    },
  });
  return { stream, lines };
}

export async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('waitFor: condition not met');
    await new Promise((r) => setTimeout(r, 5));
  }
}
