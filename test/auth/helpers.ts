/**
 * Auth test helpers: a cheap scrypt, an auth over the in-memory store with a clock the test
 * controls, and a real HTTP server on port 0 that routes the way server/http/server.ts will
 * once the guard is wired (guard first, then the real Router). Everything opened is closed by
 * closeAll() in afterEach.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Role } from '@/lib/control/actor';
import { Router } from '@/server/http/routes';
import { sendError, sendJson } from '@/server/http/json';
import { createAuth, type Auth } from '@/server/auth/auth';
import { parseAuthConfig } from '@/server/auth/config';
import { createHttpGuard, type HttpGuard } from '@/server/auth/http-guard';
import type { AuthAuditRecord } from '@/server/auth/http-kit';
import { MemoryAuthStore } from '@/server/auth/memory-store';
import { registerAuthRoutes } from '@/server/auth/routes';
import { createActorFor } from '@/server/auth/actor';

export const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };
export const PASSWORD = 'correct horse battery';

export interface Clock {
  now: () => number;
  advance(ms: number): void;
  set(t: number): void;
}

export function clock(start = Date.UTC(2025, 0, 6, 9)): Clock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms), set: (v) => void (t = v) };
}

export function makeAuth(options: { env?: Record<string, string>; now?: () => number } = {}): { auth: Auth; store: MemoryAuthStore } {
  const store = new MemoryAuthStore();
  const config = parseAuthConfig({ NODE_ENV: 'test', ...options.env });
  const auth = createAuth({ store, config, scrypt: FAST_SCRYPT, ...(options.now ? { now: options.now } : {}) });
  return { auth, store };
}

export async function addUser(auth: Auth, username: string, role: Role, teams: string[] = [], password = PASSWORD) {
  const r = await auth.users.create({ username, displayName: username.toUpperCase(), role, teams, password });
  if (!r.ok) throw new Error(r.message);
  return r.data;
}

const open: (() => Promise<void> | void)[] = [];

export async function closeAll(): Promise<void> {
  while (open.length > 0) await open.pop()?.();
}

export interface AuthServer {
  url: string;
  host: string;
  guard: HttpGuard;
  audit: AuthAuditRecord[];
  /** Actors the sample control route saw (what actorFor(req) gave it). */
  acted: unknown[];
}

/** The guard and the auth routes on a real Router, plus sample routes standing for the rest of the API. */
export async function startAuthServer(auth: Auth): Promise<AuthServer> {
  const router = new Router();
  const guard = createHttpGuard({ auth, owns: (p) => router.owns(p) });
  const audit: AuthAuditRecord[] = [];
  const acted: unknown[] = [];
  const actorFor = createActorFor(guard);
  registerAuthRoutes(router, { auth, guard, audit: (r) => void audit.push(r) });
  router.add('GET', '/api/health', (_q, res) => sendJson(res, 200, { ok: true }));
  router.add('GET', '/api/agents', (req, res) => {
    const p = guard.principalOf(req);
    sendJson(res, 200, { teams: p ? auth.teamsOf(p) : null });
  });
  router.add('POST', '/api/agents/:extno/:action', (req, res) => {
    acted.push(actorFor(req));
    sendJson(res, 200, { ok: true });
  });
  router.add('GET', '/api/audit.csv', (_q, res) => sendJson(res, 200, { ok: true }));
  router.add('POST', '/api/unclassified', (_q, res) => sendJson(res, 200, { ok: true }));
  router.add('GET', '/metrics', (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('# metrics\n');
  });
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (await guard.handle(req, res, url)) return;
      const route = await router.handle(req, res, url);
      if (route !== null) return;
      // Stands in for Next: echo what a page render would see.
      sendJson(res, 200, { page: url.pathname, nonce: req.headers['x-nonce'] ?? null });
    })().catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  open.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, guard, audit, acted };
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: { ok?: boolean; code?: string; data?: unknown; [k: string]: unknown };
}

/** node:http rather than fetch: it sends Origin and Cookie exactly as given. */
export function call(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; cookie?: string; json?: boolean } = {},
): Promise<Reply> {
  const url = new URL(path, base);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    ...(body !== undefined && options.json !== false ? { 'content-type': 'application/json' } : {}),
    // Node sends DELETE bodies without chunking: the length must be given.
    ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
    // A browser on the same origin sends this with every state change.
    ...(method !== 'GET' && method !== 'HEAD' ? { origin: url.origin } : {}),
    ...(options.cookie ? { cookie: options.cookie } : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Reply['json'] = {};
        try {
          json = JSON.parse(text) as Reply['json'];
        } catch {
          // not JSON (metrics, redirects, text pages)
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** `name=value` of a Set-Cookie for the next request's Cookie header. */
export function cookieFrom(reply: Reply, name: string): string {
  const line = (reply.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie set`);
  return line.split(';')[0]!;
}

export async function signIn(base: string, username: string, password = PASSWORD): Promise<string> {
  const r = await call(base, 'POST', '/api/auth/login', { body: { username, password } });
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${r.text}`);
  return cookieFrom(r, 'fb_session');
}
