/**
 * The running server is closed to strangers: unauthenticated API requests and sockets get
 * nothing, health stays open, a display link shows only its teams and is cut off when revoked.
 * Rule ids: docs/security.md.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Floorboard } from '@/server/index';
import { BoardMirror } from '../realtime/board-mirror';
import { connectErrorCode } from '../realtime/helpers';
import { boardClient, startLive, waitUntil } from './live-harness';

let app: Floorboard | null = null;
const sockets: { close(): void }[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await app?.close();
  app = null;
});

describe('the server behind sign-in', () => {
  it('HG-1: without a session or token the API answers 401 and health stays open', async () => {
    app = await startLive({ SIM_AGENTS: '3' });
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    for (const path of ['/api/agents', '/api/audit', '/metrics', '/api/diagnostics/rejected-frames']) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status, path).toBe(401);
      const text = await res.text();
      expect(text).not.toMatch(/"extno"/);
    }
    const post = await fetch(`${app.url}/api/agents/1001/logon`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestId: crypto.randomUUID() }),
    });
    expect([401, 403]).toContain(post.status);
    expect(app.simulator!.records.requests.length).toBe(0);
  });

  it('SO-1: an unauthenticated board socket is refused and gets no snapshot', async () => {
    app = await startLive({ SIM_AGENTS: '3' });
    const socket = boardClient(app, {}, { anonymous: true });
    sockets.push(socket);
    let snapshots = 0;
    socket.on('floor:snapshot', () => snapshots++);
    expect(await connectErrorCode(socket)).toBe('UNAUTHORIZED');
    expect(snapshots).toBe(0);
  });

  it('DL-1: a display link shows only its teams, needs no sign-in, and is cut off when revoked', async () => {
    app = await startLive({ SIM_AGENTS: '9', SIM_TEAMS: '3' });
    const team = app.simulator!.roster[0]!.team;
    const link = await app.auth.auth.displayLinks.create({ name: 'wall 1', teams: [team], view: {} }, null);
    const { io } = await import('socket.io-client');
    const socket = io(app.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie: `fb_display=${link.token}` },
    });
    sockets.push(socket);
    const mirror = new BoardMirror(socket as never);
    await waitUntil(() => mirror.seq !== null, 'display snapshot');
    expect(new Set(mirror.sorted().map((a) => a.team))).toEqual(new Set([team]));

    let disconnected = false;
    socket.on('disconnect', () => (disconnected = true));
    await app.auth.auth.displayLinks.revoke(link.link.id);
    await waitUntil(() => disconnected, 'revoked display cut off', 3_000);
  });
});
