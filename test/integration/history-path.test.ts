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

describe('sign-in data in the history database', () => {
  it('A-PERSIST: users and display links survive a restart (embedded PGlite under DATA_DIR)', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'floorboard-persist-'));
    try {
      app = await startLive({ SIM_AGENTS: '3', HISTORY: 'on', DATA_DIR: dir });
      const link = await app.auth.auth.displayLinks.create({ name: 'wall', teams: '*', view: {} }, null);
      const created = await app.auth.auth.users.create({ username: 'lead1', displayName: '组长一', role: 'team_lead', teams: ['销售一组'], password: 'a-long-password-1' });
      expect(created.ok).toBe(true);
      await app.close();
      app = null;

      app = await startLive({ SIM_AGENTS: '3', HISTORY: 'on', DATA_DIR: dir });
      expect(await app.auth.auth.displayLinks.resolve(link.token)).not.toBeNull();
      expect((await app.auth.auth.store.getUserByUsername('lead1'))?.teams).toEqual(['销售一组']);
      // The first admin was created once, not again with a new password.
      expect(app.auth.initialAdmin.created).toBe(false);
    } finally {
      await app?.close();
      app = null;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
