/**
 * The link manager across many agents, against a real `ws` server on port 0: roster
 * differences, a call-system restart with 300 agents under the connect limiter, and close().
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLinkManager, type LinkManager, type LinkManagerOptions } from '@/server/upstream/link-manager';
import { buildMonitorUrl, DEFAULT_MONITOR_URL_TEMPLATE } from '@/server/upstream/monitor-url';
import { entry, recorder, startUpstream, trackedTimers, type UpstreamServer, waitFor } from './link-test-kit';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (let c = cleanups.pop(); c; c = cleanups.pop()) await c();
});

function manager(baseUrl: () => string, rec: ReturnType<typeof recorder>, extra: Partial<LinkManagerOptions> = {}): LinkManager {
  const m = createLinkManager({
    urlFor: (e) => buildMonitorUrl(DEFAULT_MONITOR_URL_TEMPLATE, baseUrl(), e),
    onFrame: rec.onFrame,
    onLinkState: rec.onLinkState,
    onRejected: rec.onRejected,
    log: rec.log,
    backoff: { baseMs: 20, capMs: 100 },
    ...extra,
  });
  cleanups.push(() => m.close());
  return m;
}

async function server(options: Parameters<typeof startUpstream>[0] = {}): Promise<UpstreamServer> {
  const s = await startUpstream(options);
  cleanups.push(() => s.close());
  return s;
}

describe('link manager', () => {
  it('LINK-roster-diff: setRoster opens, closes and re-opens only the difference', async () => {
    const s = await server();
    const rec = recorder();
    const m = manager(() => s.baseUrl, rec);
    m.setRoster([entry('A'), entry('B'), entry('C')]);
    await waitFor(() => s.openCount() === 3 && ['A', 'B', 'C'].every((x) => rec.last(x) === 'live'), 'three live');
    const connA = s.conns.find((c) => c.token === 'tok-A');
    const reportsBefore = rec.states.length;

    // A renamed and moved team (same token), B removed, C's token changed, D added.
    m.setRoster([entry('A', 'tok-A', 'Alice', 'Z'), entry('C', 'tok-C2'), entry('D')]);
    await waitFor(() => {
      const open = s.openByToken();
      return open.size === 3 && open.get('tok-A') === 1 && open.get('tok-C2') === 1 && open.get('tok-D') === 1;
    }, 'A kept, C re-opened, D opened, B closed');

    expect(connA?.closed).toBe(false); // A's socket was never touched
    expect(s.conns.map((c) => c.token).sort()).toEqual(['tok-A', 'tok-B', 'tok-C', 'tok-C2', 'tok-D']);
    const after = rec.states.slice(reportsBefore);
    expect(after.filter((e) => e.extno === 'A')).toEqual([]);
    expect(after.filter((e) => e.extno === 'B')).toEqual([]);
    await waitFor(() => rec.last('C') === 'live' && rec.last('D') === 'live', 'C and D live');
    expect(m.stats()).toMatchObject({ total: 3, byState: { live: 3 } });

    // The same roster again changes nothing.
    const conns = s.conns.length;
    m.setRoster([entry('A', 'tok-A', 'Alice', 'Z'), entry('C', 'tok-C2'), entry('D')]);
    await new Promise((r) => setTimeout(r, 30));
    expect(s.conns).toHaveLength(conns);
  });

  it('LINK-mass-reconnect: after a call-system restart, 300 agents all return live, one socket each, within the connect rate', async () => {
    const rate = { perSecond: 400, burst: 40 };
    let s = await startUpstream();
    const port = s.port;
    cleanups.push(() => s.close());
    const rec = recorder();
    const connectTimes: number[] = [];
    const agents = Array.from({ length: 300 }, (_, i) => entry(String(2000 + i)));
    // urlFor is called exactly when the limiter lets a connect through: record those moments.
    const counted = manager(() => s.baseUrl, rec, {
      connectRate: rate,
      backoff: { baseMs: 50, capMs: 400 },
      urlFor: (e) => {
        connectTimes.push(Date.now());
        return buildMonitorUrl(DEFAULT_MONITOR_URL_TEMPLATE, s.baseUrl, e);
      },
    });

    counted.setRoster(agents);
    await waitFor(() => counted.stats().byState.live === 300, 'all 300 live');
    expect(s.openCount()).toBe(300);

    // The call system crashes: every socket drops, nothing listens for a while.
    await s.close();
    await waitFor(() => counted.stats().byState.live === 0, 'all links down');
    await waitFor(() => counted.stats().reconnects >= 300, 'failed reconnects while down');
    const restartFrom = connectTimes.length;

    s = await startUpstream({ port });
    await waitFor(() => counted.stats().byState.live === 300, 'all 300 live again', 15_000);

    // Exactly one socket per agent on the server side.
    await waitFor(() => s.openCount() === 300, 'no extra sockets lingering');
    const open = s.openByToken();
    expect(open.size).toBe(300);
    expect([...open.values()].every((n) => n === 1)).toBe(true);

    // The limiter held over the whole run: any window of T seconds saw at most burst + rate*T connects.
    // (+2 covers the millisecond between the limiter's clock reading and urlFor's.)
    const violations: string[] = [];
    for (let i = 0; i < connectTimes.length; i++) {
      for (let j = i; j < connectTimes.length; j++) {
        const T = ((connectTimes[j] ?? 0) - (connectTimes[i] ?? 0)) / 1000;
        if (j - i + 1 > rate.burst + rate.perSecond * T + 2) violations.push(`${j - i + 1} in ${T}s`);
      }
    }
    expect(violations).toEqual([]);
    expect(connectTimes.length - restartFrom).toBeGreaterThanOrEqual(300);
    // Nobody was told signed-out or bad credentials: only link states moved.
    expect(rec.states.some((e) => e.state === 'bad_credentials')).toBe(false);
  });

  it('LINK-close: close() closes every socket and cancels every timer, whatever state the links are in', async () => {
    const s = await server({ refuse: (token) => (token === 'tok-BAD' ? 401 : token === 'tok-ERR' ? 500 : undefined) });
    const rec = recorder();
    const timers = trackedTimers();
    const m = manager(() => s.baseUrl, rec, {
      timers,
      // A slow limiter so some connects are still queued when close() runs.
      connectRate: { perSecond: 0.1, burst: 6 },
      backoff: { baseMs: 60_000, capMs: 60_000 },
      badCredentialsRetryMs: 60_000,
      random: () => 0.5,
    });
    const live = ['1', '2', '3', '4'].map((x) => entry(x));
    const queued = ['5', '6', '7'].map((x) => entry(x));
    m.setRoster([...live, entry('BAD', 'tok-BAD'), entry('ERR', 'tok-ERR'), ...queued]);
    await waitFor(
      () => live.every((e) => rec.last(e.extno) === 'live') && rec.last('BAD') === 'bad_credentials' && rec.last('ERR') === 'backoff',
      'live, bad_credentials and backoff links',
    );
    const stats = m.stats();
    expect(stats.byState).toEqual({ connecting: 3, live: 4, backoff: 1, bad_credentials: 1 });
    expect(stats.queuedConnects).toBeGreaterThanOrEqual(1);
    expect(timers.active()).toBeGreaterThan(0);

    await m.close();
    expect(timers.active()).toBe(0);
    await waitFor(() => s.wss.clients.size === 0, 'server sees no client');
    expect(s.openCount()).toBe(0);
    expect(m.stats()).toMatchObject({ total: 0, queuedConnects: 0 });

    // A closed manager stays closed.
    m.setRoster([entry('9')]);
    expect(m.reconnect('1')).toBe(false);
    expect(m.stats().total).toBe(0);
    expect(timers.active()).toBe(0);
    await m.close();
  });
});
