/**
 * The live path end to end on loopback: the embedded simulator's monitor sockets -> links ->
 * decode -> reducer -> Socket.IO boards. Rule ids: docs/behaviour-rules.md (S, L, D) and
 * docs/realtime-protocol.md (B, C, R).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Floorboard } from '@/server/index';
import { BoardMirror } from '../realtime/board-mirror';
import { api, boardClient, simStatus, startLive, waitUntil } from './live-harness';

let app: Floorboard | null = null;
const sockets: { close(): void }[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await app?.close();
  app = null;
});

function serverStatus(extno: string): string | undefined {
  return app!.floor.agent(extno)?.status;
}

describe('live path against the simulator', () => {
  it('S1/S6: scripted sign-in, calls, wrap-ups and sign-outs reach the server state within a second', async () => {
    app = await startLive({ SIM_AGENTS: '6' }, { simulator: { dynamics: false } });
    const sim = app.simulator!;
    const extnos = sim.roster.map((r) => r.extno);
    await waitUntil(() => app!.floor.health().linksLive === extnos.length, 'all links live');

    const steps: [string, (extno: string) => void][] = [
      ['sign in', (e) => sim.control.signIn(e, { keep: true })],
      ['call', (e) => void sim.control.startCall(e, { keep: true })],
      ['wrap-up', (e) => sim.control.endCall(e, { wrapUp: true, keep: true })],
      ['idle again', (e) => sim.control.setStatus(e, 1, { keep: true })],
      ['sign out', (e) => sim.control.signOut(e, { keep: true })],
    ];
    for (const [what, act] of steps) {
      for (const e of extnos) act(e);
      await waitUntil(() => extnos.every((e) => serverStatus(e) === simStatus(app!, e)), `server matches after ${what}`, 1_000);
    }
    // A call opened by `info` carries its screen pop on the server, kept through wrap-up (S7).
    const e = extnos[0]!;
    sim.control.signIn(e, { keep: true });
    const sessionId = sim.control.startCall(e, { keep: true });
    await waitUntil(() => app!.floor.agent(e)?.call?.sessionId === sessionId, 'call opened', 1_000);
    sim.control.endCall(e, { wrapUp: true, keep: true });
    await waitUntil(() => serverStatus(e) === 'wrap_up', 'wrap-up', 1_000);
    expect(app.floor.agent(e)?.call?.sessionId).toBe(sessionId);
    expect(app.floor.agent(e)?.call?.endedAt).not.toBeNull();
  });

  it('S1: with the floor running on its own, the server follows the simulator for every agent within a second', async () => {
    app = await startLive({ SIM_AGENTS: '30', SIM_SPEED: '20' });
    const sim = app.simulator!;
    const extnos = sim.roster.map((r) => r.extno);
    await waitUntil(() => app!.floor.health().linksLive === extnos.length, 'all links live');
    // Sample the simulator; each sampled status must show on the server within a second,
    // unless the simulator itself moved on first (then the newer status is what must show).
    const deadline = Date.now() + 4_000;
    let checks = 0;
    while (Date.now() < deadline) {
      const expected = new Map(extnos.map((e) => [e, simStatus(app!, e)]));
      await waitUntil(
        () => extnos.every((e) => serverStatus(e) === expected.get(e) || simStatus(app!, e) !== expected.get(e)),
        'server catches up with the sampled statuses',
        1_000,
      );
      checks += extnos.length;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(checks).toBeGreaterThan(100);
    expect(sim.truth.all().reduce((n, t) => n + t.callsConnected, 0)).toBeGreaterThan(0);
  });

  it('L1: killing and restarting the call system brings every link back, one socket per agent', async () => {
    app = await startLive(
      { SIM_AGENTS: '40' },
      { floor: { links: { backoff: { baseMs: 50, capMs: 400 }, heartbeatIntervalMs: 500 } } },
    );
    const sim = app.simulator!;
    const n = sim.roster.length;
    await waitUntil(() => app!.floor.health().linksLive === n, 'all links live');
    const before = new Map(sim.roster.map((r) => [r.extno, app!.floor.agent(r.extno)!.status]));

    await sim.faults.stopServer({ mode: 'terminate' });
    await waitUntil(() => app!.floor.health().linksLive === 0, 'every link down');
    // A lost feed is never shown as signed out: the last known status is kept (S8).
    for (const [extno, status] of before) {
      const a = app.floor.agent(extno)!;
      expect(a.link).not.toBe('live');
      if (a.status !== status) expect(a.status).not.toBe('signed_out');
    }

    await sim.faults.restartServer();
    await waitUntil(() => app!.floor.health().linksLive === n, 'every link live again', 10_000);
    await new Promise((r) => setTimeout(r, 300));
    for (const r of sim.roster) expect(sim.monitorSockets(r.extno)).toBe(1);
    expect(sim.monitorSockets()).toBe(n);
  });

  it('D1: malformed frames are rejected, counted, and change no state', async () => {
    app = await startLive({ SIM_AGENTS: '5', SIM_TICK_MS: '0' }, { simulator: { dynamics: false } });
    const sim = app.simulator!;
    const extnos = sim.roster.map((r) => r.extno);
    await waitUntil(() => app!.floor.health().linksLive === extnos.length, 'all links live');
    for (const e of extnos) sim.control.signIn(e, { keep: true });
    await waitUntil(() => extnos.every((e) => serverStatus(e) === 'idle'), 'agents idle');
    const before = new Map(extnos.map((e) => [e, app!.floor.agent(e)]));

    const bad = [
      'not json',
      '{"method":"notice","status":7,"time":"00:00:01"}',
      '{"method":"notice","status":2,"time":"bad"}',
      '{"method":"teleport"}',
      '[1,2,3]',
      JSON.stringify({ method: 'info', sessionId: 5 }),
      '{"method":"notice","status":2,"time":"00:00:01","__proto__":{"polluted":true}}'.replace('"status":2', '"status":"x"'),
      `{"a":${'['.repeat(500)}${']'.repeat(500)}}`,
    ];
    for (const frame of bad) sim.faults.sendRaw(frame);
    sim.faults.sendRaw(new Uint8Array([1, 2, 3]));
    await waitUntil(() => app!.floor.rejects().total >= (bad.length + 1) * extnos.length, 'every bad frame counted');

    for (const e of extnos) expect(app.floor.agent(e)).toBe(before.get(e)); // the same object: nothing applied
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const summary = app.floor.rejects();
    expect(Object.keys(summary.byReason).sort()).toEqual(
      expect.arrayContaining(['bad_json', 'bad_status', 'bad_time', 'unknown_method', 'not_text']),
    );
    const metrics = await (await api(app, '/metrics')).text();
    expect(metrics).toMatch(/floorboard_upstream_frames_rejected_total\{reason="bad_json"\} 5/);
    // The links survived the garbage.
    expect(app.floor.health().linksLive).toBe(extnos.length);
  });

  it('L2: a ticking feed that goes silent turns stale, keeps the last status, and recovers', async () => {
    app = await startLive({ SIM_AGENTS: '4', SIM_TICK_MS: '200', STALE_AFTER_MS: '1000' }, {
      simulator: { dynamics: false },
      floor: { sweepIntervalMs: 100 },
    });
    const sim = app.simulator!;
    const extnos = sim.roster.map((r) => r.extno);
    for (const e of extnos) sim.control.signIn(e, { keep: true });
    await waitUntil(() => extnos.every((e) => serverStatus(e) === 'idle' && app!.floor.agent(e)!.link === 'live'), 'idle and live');
    await new Promise((r) => setTimeout(r, 600)); // a few ticks, so the feed is known to tick

    sim.faults.pauseFeed();
    await waitUntil(() => extnos.every((e) => app!.floor.agent(e)!.link === 'stale'), 'all stale', 3_000);
    for (const e of extnos) expect(serverStatus(e)).toBe('idle');

    sim.faults.resumeFeed();
    await waitUntil(() => extnos.every((e) => app!.floor.agent(e)!.link === 'live'), 'live again', 2_000);
  });

  it('C1/C3: a board joining mid-stream and one missing deltas both end identical to the server', async () => {
    let dropNext = 0;
    let dropped = 0;
    app = await startLive(
      { SIM_AGENTS: '40', SIM_SPEED: '30' },
      {
        floor: {
          realtime: {
            faults: {
              skipDelta: (socketId) => {
                if (socketId === lossyId && dropNext > 0) {
                  dropNext--;
                  dropped++;
                  return true;
                }
                return false;
              },
            },
          },
        },
      },
    );
    let lossyId = '';
    const early = new BoardMirror(boardClient(app));
    sockets.push(early.socket);
    await waitUntil(() => early.seq !== null, 'early board snapshot');
    await new Promise((r) => setTimeout(r, 1_000));

    const late = new BoardMirror(boardClient(app));
    const lossy = new BoardMirror(boardClient(app));
    sockets.push(late.socket, lossy.socket);
    await waitUntil(() => late.seq !== null && lossy.seq !== null && lossy.socket.id !== undefined, 'late boards joined');
    lossyId = lossy.socket.id!;
    dropNext = 3;
    await waitUntil(() => dropped === 3, 'three deltas withheld from the lossy board', 5_000);
    await new Promise((r) => setTimeout(r, 1_000));

    // Freeze the floor so the comparison is against a still state.
    for (const r of app.simulator!.roster) app.simulator!.control.setStatus(r.extno, 1, { keep: true });
    const server = () => JSON.stringify(app!.floor.views().sort((a, b) => a.extno.localeCompare(b.extno)));
    await waitUntil(
      () => [early, late, lossy].every((b) => JSON.stringify(stripFrameTimes(b.sorted())) === JSON.stringify(stripFrameTimes(JSON.parse(server())))),
      'every board identical to the server',
      3_000,
    );
    expect(lossy.counts.gaps).toBeGreaterThan(0);
  });
});

/** lastFrameAt is refreshed by ticks without a broadcast (S3): compare everything else. */
function stripFrameTimes<T extends { lastFrameAt: number | null }>(views: T[]): Omit<T, 'lastFrameAt'>[] {
  return views.map(({ lastFrameAt: _ignored, ...rest }) => rest);
}
