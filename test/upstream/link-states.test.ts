/**
 * One agent's link against a real `ws` server on port 0: states, frames, retries, heartbeat,
 * the size limit and redaction. Small timings keep each test short; no test asserts speed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLinkManager, type LinkManager, type LinkManagerOptions } from '@/server/upstream/link-manager';
import { buildMonitorUrl, DEFAULT_MONITOR_URL_TEMPLATE } from '@/server/upstream/monitor-url';
import { entry, manualHeartbeat, recorder, sleep, startUpstream, type UpstreamServer, waitFor } from './link-test-kit';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (let c = cleanups.pop(); c; c = cleanups.pop()) await c();
});

async function server(options: Parameters<typeof startUpstream>[0] = {}): Promise<UpstreamServer> {
  const s = await startUpstream(options);
  cleanups.push(() => s.close());
  return s;
}

function manager(
  s: UpstreamServer,
  rec: ReturnType<typeof recorder>,
  extra: Partial<LinkManagerOptions> = {},
): LinkManager {
  const m = createLinkManager({
    urlFor: (e) => buildMonitorUrl(DEFAULT_MONITOR_URL_TEMPLATE, s.baseUrl, e),
    onFrame: rec.onFrame,
    onLinkState: rec.onLinkState,
    onRejected: rec.onRejected,
    log: rec.log,
    backoff: { baseMs: 20, capMs: 100 },
    heartbeatIntervalMs: 5_000,
    ...extra,
  });
  // Registered after the server: runs first (LIFO), so the manager closes before the server.
  cleanups.push(() => m.close());
  return m;
}

describe('upstream link states', () => {
  it('LINK-live: a link reports connecting then live on open, and frames arrive tagged with its extno', async () => {
    const s = await server({
      onConnection: (c) => {
        c.ws.send(JSON.stringify({ method: 'notice', status: 1, time: '00:00:01', who: c.token }));
        c.ws.send(Buffer.from([1, 2, 3]));
      },
    });
    const rec = recorder();
    const m = manager(s, rec);
    m.setRoster([entry('1001'), entry('1002')]);
    await waitFor(() => rec.frames.length === 4, 'four frames');

    expect(rec.of('1001').map((e) => e.state)).toEqual(['connecting', 'live']);
    expect(rec.of('1002').map((e) => e.state)).toEqual(['connecting', 'live']);
    for (const extno of ['1001', '1002']) {
      const mine = rec.frames.filter((f) => f.extno === extno);
      expect(mine.map((f) => f.isBinary)).toEqual([false, true]);
      expect(JSON.parse(mine[0]?.text ?? '{}')).toMatchObject({ who: `tok-${extno}` });
      expect(typeof mine[0]?.receivedAt).toBe('number');
    }
    expect(m.stats()).toMatchObject({ total: 2, byState: { live: 2, connecting: 0, backoff: 0, bad_credentials: 0 }, reconnects: 0 });
  });

  it('LINK-auth: 401 on the upgrade -> bad_credentials, retried only after badCredentialsRetryMs, never hammered', async () => {
    let accept = false;
    const s = await server({ refuse: () => (accept ? undefined : 401) });
    const rec = recorder();
    const retryMs = 300;
    manager(s, rec, { badCredentialsRetryMs: retryMs, random: () => 0 }).setRoster([entry('1001')]);

    await waitFor(() => rec.last('1001') === 'bad_credentials', 'bad_credentials');
    const first = rec.of('1001').at(-1);
    expect(first?.info?.reason).toBe('http 401');
    expect((first?.info?.nextRetryAt ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(retryMs - 5);

    await waitFor(() => s.attempts.length === 2, 'the slow retry');
    // The retry waited the full bad-credentials delay, not a backoff step.
    expect((s.attempts[1]?.at ?? 0) - (s.attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(retryMs - 5);
    await waitFor(() => rec.of('1001').filter((e) => e.state === 'bad_credentials').length === 2, 'second refusal');

    accept = true; // the token was fixed upstream
    await waitFor(() => rec.last('1001') === 'live', 'live after the token is accepted');
    // The tile showed bad_credentials throughout: no backoff, no connecting flicker between retries.
    expect(rec.of('1001').map((e) => e.state)).toEqual(['connecting', 'bad_credentials', 'bad_credentials', 'live']);
    expect(s.attempts).toHaveLength(3);
  });

  it('LINK-http-error: another refusal (500) is an ordinary failure with backoff, attempts growing', async () => {
    const s = await server({ refuse: () => 500 });
    const rec = recorder();
    manager(s, rec, { random: () => 0 }).setRoster([entry('1001')]);
    await waitFor(() => rec.of('1001').filter((e) => e.state === 'backoff').length >= 3, 'three backoffs');
    const backoffs = rec.of('1001').filter((e) => e.state === 'backoff');
    expect(backoffs.slice(0, 3).map((e) => [e.info?.reason, e.info?.attempt])).toEqual([
      ['http 500', 0],
      ['http 500', 1],
      ['http 500', 2],
    ]);
  });

  it('LINK-backoff: the server closing a live link -> backoff (reason, attempt, nextRetryAt) -> connecting -> live', async () => {
    const s = await server({
      onConnection: (c) => {
        if (c.id === 0) setTimeout(() => c.ws.close(1001, 'going away'), 10);
      },
    });
    const rec = recorder();
    const m = manager(s, rec, { backoff: { baseMs: 100, capMs: 1_000 }, random: () => 0.5 });
    m.setRoster([entry('1001')]);
    await waitFor(() => s.conns.length === 2 && rec.last('1001') === 'live', 'reconnected');

    expect(rec.of('1001').map((e) => e.state)).toEqual(['connecting', 'live', 'backoff', 'connecting', 'live']);
    const backoff = rec.of('1001')[2];
    expect(backoff?.info).toMatchObject({ reason: 'closed 1001', attempt: 0 });
    // Full jitter with random 0.5 on a 100 ms window: 50 ms.
    expect((backoff?.info?.nextRetryAt ?? 0) - (backoff?.at ?? 0)).toBeLessThanOrEqual(50);
    expect((backoff?.info?.nextRetryAt ?? 0) - (backoff?.at ?? 0)).toBeGreaterThanOrEqual(48);
    expect(m.stats().reconnects).toBe(1);
    expect(s.openCount()).toBe(1);
  });

  it('LINK-stable-reset: the attempt counter starts again at 0 once a link stayed open stableAfterMs', async () => {
    let clock = 1_000_000; // injected clock: "how long was it open" is decided by the test
    let refuse = true;
    const s = await server({ refuse: () => (refuse ? 500 : undefined) });
    const rec = recorder();
    manager(s, rec, { now: () => clock, random: () => 0, stableAfterMs: 30_000 }).setRoster([entry('1001')]);
    await waitFor(() => rec.of('1001').filter((e) => e.state === 'backoff').length >= 3, 'flapping');
    refuse = false;
    await waitFor(() => rec.last('1001') === 'live', 'live');
    const before = rec.of('1001').filter((e) => e.state === 'backoff').length;

    clock += 30_000;
    s.conns[0]?.ws.close(1001);
    await waitFor(() => rec.of('1001').filter((e) => e.state === 'backoff').length > before, 'backoff after a stable spell');
    expect(rec.of('1001').filter((e) => e.state === 'backoff').at(-1)?.info?.attempt).toBe(0);

    // Closed again right away (not stable): the counter grows from there.
    await waitFor(() => rec.last('1001') === 'live', 'live again');
    s.conns[1]?.ws.close(1001);
    await waitFor(() => rec.of('1001').filter((e) => e.state === 'backoff').length > before + 1, 'second backoff');
    expect(rec.of('1001').filter((e) => e.state === 'backoff').at(-1)?.info?.attempt).toBe(1);
  });

  it('LINK-heartbeat: a peer that stops answering pings is terminated and the link reconnects', async () => {
    const s = await server({ autoPong: false });
    const rec = recorder();
    const m = manager(s, rec, { heartbeatIntervalMs: 40 });
    m.setRoster([entry('1001')]);
    await waitFor(() => rec.of('1001').some((e) => e.state === 'backoff'), 'heartbeat timeout');
    expect(rec.of('1001').find((e) => e.state === 'backoff')?.info?.reason).toBe('heartbeat timeout');
    expect(s.conns[0]?.pings).toBeGreaterThanOrEqual(1);
    await waitFor(() => s.conns.length >= 2 && s.conns[0]?.closed === true, 'a fresh socket, the silent one closed');
    await waitFor(() => rec.of('1001').filter((e) => e.state === 'live').length >= 2, 'live again');
  });

  it('LINK-heartbeat-healthy: a peer answering pings keeps its one socket across many heartbeat rounds', async () => {
    const s = await server();
    const rec = recorder();
    // 100 ms, not less: server and client share this test's event loop, and a loop stalled past
    // one interval on a busy machine would run the next round before reading the pong.
    manager(s, rec, { heartbeatIntervalMs: 100 }).setRoster([entry('1001')]);
    await waitFor(() => (s.conns[0]?.pings ?? 0) >= 4, 'four pings answered');
    expect(s.conns).toHaveLength(1);
    expect(rec.of('1001').map((e) => e.state)).toEqual(['connecting', 'live']);
  });

  it('LINK-heartbeat-stall: a heartbeat round that runs late (stalled event loop) pings but judges nobody', async () => {
    const s = await server({ autoPong: false });
    const rec = recorder();
    const hb = manualHeartbeat();
    manager(s, rec, { heartbeatIntervalMs: 1_000, timers: hb.timers, now: hb.now }).setRoster([entry('1001')]);
    await waitFor(() => rec.of('1001').some((e) => e.state === 'live'), 'live');

    hb.round(1_000); // heard from (the opening) since the last round: nothing to send
    hb.round(1_000); // silent for a round: pinged; no pong will come (autoPong off)
    await waitFor(() => (s.conns[0]?.pings ?? 0) === 1, 'first ping');
    hb.round(5_000); // late: pongs may sit unread behind the stall, so nobody is judged
    await waitFor(() => (s.conns[0]?.pings ?? 0) === 2, 'second ping');
    expect(rec.of('1001').map((e) => e.state)).toEqual(['connecting', 'live']);
    hb.round(1_000); // on time again: still no pong, so the link is terminated
    await waitFor(() => rec.of('1001').some((e) => e.state === 'backoff'), 'terminated by an on-time round');
  });

  it('LINK-heartbeat-quiet: a link that brings frames is never pinged; once silent it is pinged, then cut', async () => {
    const peers: { send(text: string): void }[] = [];
    const s = await server({ autoPong: false, onConnection: (c) => peers.push(c.ws) });
    const rec = recorder();
    const hb = manualHeartbeat();
    manager(s, rec, { heartbeatIntervalMs: 1_000, timers: hb.timers, now: hb.now }).setRoster([entry('1001')]);
    await waitFor(() => rec.of('1001').some((e) => e.state === 'live') && peers.length === 1, 'live');

    for (let i = 1; i <= 5; i++) {
      peers[0]!.send(`{"method":"notice","status":1,"time":"00:00:0${i}"}`);
      await waitFor(() => rec.frames.length === i, `frame ${i} read`);
      hb.round(1_000);
    }
    // Give a ping the time to arrive if one had been sent: none may have been.
    await sleep(50);
    expect(s.conns[0]?.pings).toBe(0);

    hb.round(1_000); // the first silent round: a ping
    await waitFor(() => (s.conns[0]?.pings ?? 0) === 1, 'a ping once silent');
    expect(rec.last('1001')).toBe('live');
    hb.round(1_000); // silent since the ping: terminated
    await waitFor(() => rec.of('1001').some((e) => e.state === 'backoff'), 'terminated after an unanswered ping');
    expect(rec.of('1001').find((e) => e.state === 'backoff')?.info?.reason).toBe('heartbeat timeout');
    // The silent socket is gone (the link's retry, 0-20 ms later, may already have opened another).
    await waitFor(() => s.conns[0]?.closed === true, 'the silent socket closed');
  });

  it('LINK-heartbeat-quiet: a silent link that answers its pings is pinged every other round and kept', async () => {
    const s = await server();
    const rec = recorder();
    const hb = manualHeartbeat();
    manager(s, rec, { heartbeatIntervalMs: 1_000, timers: hb.timers, now: hb.now }).setRoster([entry('1001')]);
    await waitFor(() => rec.of('1001').some((e) => e.state === 'live'), 'live');
    for (let i = 1; i <= 8; i++) {
      hb.round(1_000);
      // Rounds 2, 4, 6, 8 ping (1 follows the opening, 3, 5, 7 follow a pong); wait for each pong.
      if (i % 2 === 0) await waitFor(() => (s.conns[0]?.pings ?? 0) === i / 2, `ping ${i / 2}`);
      // The pong has to be read before the next round judges; server and client share this
      // event loop, so give it room on a loaded machine.
      await sleep(100);
    }
    expect(s.conns[0]?.pings).toBe(4);
    expect(s.conns).toHaveLength(1);
    expect(rec.of('1001').map((e) => e.state)).toEqual(['connecting', 'live']);
  });

  it('LINK-size: a frame over maxPayload -> onRejected(too_large), the socket closes, the link reconnects', async () => {
    const s = await server({
      onConnection: (c) => {
        c.ws.send(c.id === 0 ? 'x'.repeat(2_048) : '{"method":"message","msg":"ok"}');
      },
    });
    const rec = recorder();
    manager(s, rec, { maxPayload: 1_024 }).setRoster([entry('1001')]);
    await waitFor(() => rec.frames.length === 1, 'the small frame on the new socket');
    expect(rec.rejected).toEqual([{ extno: '1001', reason: 'too_large', detail: 'frame over 1024 bytes' }]);
    expect(rec.frames[0]?.text).toBe('{"method":"message","msg":"ok"}');
    expect(rec.of('1001').find((e) => e.state === 'backoff')?.info?.reason).toBe('too_large');
    await waitFor(() => s.conns[0]?.closed === true, 'oversized socket closed');
    expect(s.openCount()).toBe(1);
  });

  it('LINK-utf8: a text frame that is not valid UTF-8 never reaches onFrame: onRejected(not_text), the socket closes (1007), the link reconnects', async () => {
    const s = await server({
      onConnection: (c) => {
        // A text frame whose bytes start like a tick notice but are not UTF-8 (0xff never is).
        if (c.id === 0) c.ws.send(Buffer.from('{"method":"notice","status":1,"time":"00:00:0\xff"}', 'latin1'), { binary: false });
        else c.ws.send('{"method":"message","msg":"ok"}');
      },
    });
    const rec = recorder();
    manager(s, rec).setRoster([entry('1001')]);
    await waitFor(() => rec.frames.length === 1, 'the good frame on the new socket');
    expect(rec.rejected).toEqual([{ extno: '1001', reason: 'not_text', detail: 'text frame is not valid UTF-8' }]);
    expect(rec.frames.map((f) => f.text)).toEqual(['{"method":"message","msg":"ok"}']);
    expect(rec.of('1001').find((e) => e.state === 'backoff')?.info?.reason).toBe('not_text');
    await waitFor(() => s.conns[0]?.closed === true, 'the socket with the bad frame closed');
    expect(s.openCount()).toBe(1);
  });

  it('LINK-coalesce: repeated reconnect() calls while queued open exactly one new socket', async () => {
    const s = await server();
    const rec = recorder();
    const m = manager(s, rec);
    m.setRoster([entry('1001')]);
    await waitFor(() => rec.last('1001') === 'live', 'live');
    for (let i = 0; i < 5; i++) expect(m.reconnect('1001')).toBe(true);
    expect(m.reconnect('nobody')).toBe(false);
    await waitFor(() => rec.of('1001').filter((e) => e.state === 'live').length === 2, 'live again');
    await waitFor(() => s.openCount() === 1, 'the replaced socket closed');
    await sleep(50); // room for a wrongly queued extra connect to show up
    expect(s.conns).toHaveLength(2);
    expect(s.openByToken().get('tok-1001')).toBe(1);
  });

  it('LINK-generation: a replaced socket\'s late frames and close are ignored', async () => {
    const s = await server();
    const rec = recorder();
    const m = manager(s, rec);
    m.setRoster([entry('1001')]);
    await waitFor(() => rec.last('1001') === 'live', 'live');
    const old = s.conns[0];
    m.reconnect('1001');
    // The old socket talks while the client is closing it: none of this may reach onFrame.
    old?.ws.send('late');
    await waitFor(() => s.conns.length === 2 && rec.last('1001') === 'live', 'new socket live');
    s.conns[1]?.ws.send('fresh');
    await waitFor(() => rec.frames.length >= 1, 'frame on the new socket');
    await waitFor(() => old?.closed === true, 'old socket closed');
    expect(rec.frames.map((f) => f.text)).toEqual(['fresh']);
    // The old socket's close did not push the link into backoff.
    expect(rec.of('1001').map((e) => e.state)).toEqual(['connecting', 'live', 'connecting', 'live']);
  });

  it('LINK-redact: a failing connect is logged and retried, and no log line carries the token', async () => {
    const rec = recorder();
    const secret = 'SeCrEt-Token/+=';
    const m = createLinkManager({
      urlFor: (e) => `not a url ${e.token} ${encodeURIComponent(e.token)}`,
      onFrame: rec.onFrame,
      onLinkState: rec.onLinkState,
      log: rec.log,
      backoff: { baseMs: 10, capMs: 20 },
    });
    cleanups.push(() => m.close());
    m.setRoster([entry('1001', secret)]);
    await waitFor(() => rec.of('1001').filter((e) => e.state === 'backoff').length >= 2, 'two failed connects');
    expect(rec.logs.length).toBeGreaterThan(0);
    const text = JSON.stringify(rec.logs) + JSON.stringify(rec.states);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
    expect(text).toContain('***');
  });

  it('LINK-guard: a throwing onFrame or onLinkState is logged and the link stays up', async () => {
    const s = await server({ onConnection: (c) => c.ws.send('hello') });
    const rec = recorder();
    let frames = 0;
    manager(s, rec, {
      onFrame: () => {
        frames++;
        throw new Error('consumer bug');
      },
      onLinkState: (extno, state, info) => {
        rec.onLinkState(extno, state, info);
        throw new Error('consumer bug');
      },
    }).setRoster([entry('1001')]);
    await waitFor(() => frames === 1, 'frame handed over');
    await sleep(30);
    expect(rec.last('1001')).toBe('live');
    expect(s.conns).toHaveLength(1);
    expect(rec.logs.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual(
      expect.arrayContaining(['upstream link: onFrame threw', 'upstream link: onLinkState threw']),
    );
  });
});
