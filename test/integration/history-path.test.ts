/**
 * History end to end: the simulator's floor, recorded through the live path into a real
 * database (the local PostgreSQL server, a schema of its own; and embedded PGlite), matches the
 * simulator's own ground truth.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Floorboard } from '@/server/index';
import { startLive, waitUntil } from './live-harness';

let app: Floorboard | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('history through the live path', () => {
  it('H-INT1: transitions and calls of a running floor are stored off the live path (embedded PGlite)', async () => {
    app = await startLive({ SIM_AGENTS: '20', SIM_SPEED: '30', HISTORY: 'on', DATA_DIR: 'memory://' });
    const history = app.history!;
    await history.ready;
    await waitUntil(() => app!.floor.health().linksLive === 20, 'links live', 10_000);
    await new Promise((r) => setTimeout(r, 3_000));
    const store = history.store()!;
    expect(await store.recorder.flush(10_000)).toBe(true);
    const transitions = await store.db.query<{ n: string }>('SELECT count(*)::text AS n FROM agent_transitions');
    const calls = await store.db.query<{ n: string }>('SELECT count(*)::text AS n FROM calls');
    expect(Number(transitions.rows[0]!.n)).toBeGreaterThan(20);
    expect(Number(calls.rows[0]!.n)).toBeGreaterThan(0);
    // Every call the server counted today is in the calls table.
    const counted = app.floor.views().reduce((n, a) => n + a.today.calls, 0);
    expect(Number(calls.rows[0]!.n)).toBeGreaterThanOrEqual(counted - 20);
    expect(history.stats().recorder?.dropped).toBe(0);
  }, 60_000);
});
