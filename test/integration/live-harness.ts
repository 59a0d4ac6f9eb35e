/**
 * Start the real Floorboard server (no Next pages) against the embedded simulator on loopback,
 * for integration tests of the live path.
 */
import { io } from 'socket.io-client';
import { STATUS_BY_CODE } from '@/lib/domain/status';
import { SOCKET_PATH } from '@/lib/protocol';
import { parseConfig } from '@/server/config';
import { type Floorboard, type StartOptions, startFloorboard } from '@/server/index';
import { createLogger } from '@/server/log';
import type { ClientSocket } from '../realtime/helpers';

const tokens = new WeakMap<Floorboard, string>();

export async function startLive(
  env: Record<string, string> = {},
  overrides: Omit<StartOptions, 'config'> = {},
): Promise<Floorboard> {
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SIM_AGENTS: '30', SIM_TEAMS: '3', HISTORY: 'off', ...env });
  const app = await startFloorboard({ config, web: false, log: createLogger({ level: 'silent' }), ...overrides });
  // Tests act as an integration would: a manager's acting API token (docs/security.md).
  const { token } = await app.auth.auth.tokens.create({ name: 'tests', role: 'manager', teams: [], access: 'act' }, null);
  tokens.set(app, token);
  return app;
}

/** The test API token's Authorization header. */
export function authHeaders(app: Floorboard): Record<string, string> {
  return { authorization: `Bearer ${tokens.get(app)}` };
}

/** fetch against the server, authenticated with the test token. */
export function api(app: Floorboard, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${app.url}${path}`, { ...init, headers: { ...authHeaders(app), ...(init.headers as Record<string, string>) } });
}

export function boardClient(app: Floorboard, query: Record<string, string> = {}, options: { anonymous?: boolean } = {}): ClientSocket {
  return io(app.url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    query,
    reconnection: false,
    forceNew: true,
    extraHeaders: options.anonymous ? {} : authHeaders(app),
  }) as ClientSocket;
}

/** The simulator's status of an agent in the floor's vocabulary. */
export function simStatus(app: Floorboard, extno: string): string {
  return STATUS_BY_CODE[app.simulator!.control.status(extno)];
}

export async function waitUntil(predicate: () => boolean, what: string, timeoutMs = 5_000, stepMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
