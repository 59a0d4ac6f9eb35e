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

    // The TV's reconnect learns why (LINK_REVOKED); a token no link has stays UNAUTHORIZED.
    const again = (cookie: string) => {
      const s = io(app!.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie } });
      sockets.push(s);
      return connectErrorCode(s as never);
    };
    expect(await again(`fb_display=${link.token}`)).toBe('LINK_REVOKED');
    expect(await again(`fb_display=fbd_${'x'.repeat(43)}`)).toBe('UNAUTHORIZED');
  });

  it('DL-1: a revoked link\'s page, API and /d/ requests say it was revoked, not "sign in"', async () => {
    app = await startLive({ SIM_AGENTS: '3' });
    const link = await app.auth.auth.displayLinks.create({ name: 'wall 2', teams: '*', view: {} }, null);
    await app.auth.auth.displayLinks.revoke(link.link.id);
    const headers = { cookie: `fb_display=${link.token}` };
    const board = await fetch(`${app.url}/board`, { headers, redirect: 'manual' });
    expect(board.status).toBe(401);
    expect(board.headers.get('content-type')).toMatch(/text\/html/);
    const html = await board.text();
    expect(html).toContain('This display link has been revoked');
    expect(html).toContain('此显示链接已被撤销');
    const api = await fetch(`${app.url}/api/agents`, { headers });
    expect(api.status).toBe(401);
    expect(((await api.json()) as { code: string }).code).toBe('LINK_REVOKED');
    const open = await fetch(`${app.url}${link.path}`, { redirect: 'manual' });
    expect(open.status).toBe(401);
    expect(await open.text()).toContain('This display link has been revoked');
    // An unknown token still gets the sign-in redirect and a plain UNAUTHORIZED.
    const unknown = { cookie: `fb_display=fbd_${'x'.repeat(43)}` };
    expect((await fetch(`${app.url}/board`, { headers: unknown, redirect: 'manual' })).status).toBe(303);
    expect(((await (await fetch(`${app.url}/api/agents`, { headers: unknown })).json()) as { code: string }).code).toBe('UNAUTHORIZED');
  });
});
