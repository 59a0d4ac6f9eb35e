/**
 * A real call system (here the simulator on its own port) with a roster file: a reload opens
 * and closes monitor links for the difference only (docs/upstream-links.md).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Floorboard } from '@/server/index';
import { type Simulator, rosterToCsv, startSimulator } from '@/server/simulator/index';
import { startLive, waitUntil } from './live-harness';

let app: Floorboard | null = null;
let sim: Simulator | null = null;
let dir: string | null = null;
afterEach(async () => {
  await app?.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  app = sim = dir = null;
});

describe('roster reload', () => {
  it('R-RELOAD: a reloaded roster file links the added agents, drops the removed ones, and leaves the rest alone', async () => {
    sim = await startSimulator({ agents: 8, dynamics: false, tickMs: 0 });
    dir = mkdtempSync(path.join(tmpdir(), 'floorboard-roster-'));
    const file = path.join(dir, 'roster.csv');
    const first = sim.roster.slice(0, 5);
    writeFileSync(file, rosterToCsv(first));
    app = await startLive({ CALL_SYSTEM_URL: sim.url, ROSTER_FILE: file });
    expect(app.simulator).toBeNull();
    await waitUntil(() => app!.floor.health().linksLive === 5, 'first roster live');
    const reconnectsBefore = app.floor.links.stats().reconnects;

    const second = [...sim.roster.slice(2, 5), ...sim.roster.slice(5, 8)];
    writeFileSync(file, rosterToCsv(second));
    expect(await app.reloadRoster()).toEqual({ agents: 6 });
    await waitUntil(() => app!.floor.health().linksLive === 6, 'second roster live');
    await waitUntil(() => sim!.monitorSockets() === 6, 'simulator sees exactly the new roster');
    for (const r of sim.roster.slice(0, 2)) expect(sim.monitorSockets(r.extno)).toBe(0);
    for (const r of second) expect(sim.monitorSockets(r.extno)).toBe(1);
    expect(app.floor.agent(sim.roster[0]!.extno)).toBeUndefined();
    // Kept agents were not reconnected.
    expect(app.floor.links.stats().reconnects).toBe(reconnectsBefore);

    // A broken file changes nothing.
    writeFileSync(file, 'extno,name\n1,x\n');
    await expect(app.reloadRoster()).rejects.toThrow(/token/);
    expect(app.floor.size()).toBe(6);
  });
});
