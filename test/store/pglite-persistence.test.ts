import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '@/server/store';
import { listTransitions } from '@/server/store/repos/transitions';
import { getSetting, putSetting } from '@/server/store/repos/settings';
import { silentLog } from './helpers';

describe('PGlite persistence', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('H16: what is written survives close and reopen of the same DATA_DIR', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'floorboard-store-'));
    const at = Date.parse('2025-03-10T02:00:00Z');

    const first = await openStore({ dataDir: dir, log: silentLog, retentionDays: 0 });
    expect(first.db.driver).toBe('pglite');
    expect(first.migration.applied.length).toBeGreaterThan(0);
    first.recorder.record({ kind: 'transition', extno: '1001', team: 'A', from: 'idle', to: 'on_call', at, prevDurationMs: 5_000 });
    await putSetting(first.db, 'kpi/options', { intervalMinutes: 15 }, 'u1');
    await first.close(); // drains the recorder, then closes the database
    expect(await readdir(path.join(dir, 'pglite'))).toContain('PG_VERSION');

    const second = await openStore({ dataDir: dir, log: silentLog, retentionDays: 0 });
    try {
      expect(second.migration.applied).toEqual([]);
      expect((await listTransitions(second.db, { from: at, to: at + 1 })).map((r) => [r.extno, r.prevDurationMs])).toEqual([['1001', 5_000]]);
      expect((await getSetting(second.db, 'kpi/options'))?.value).toEqual({ intervalMinutes: 15 });
    } finally {
      await second.close();
    }
  });
});
