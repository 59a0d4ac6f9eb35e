import { describe, expect, it } from 'vitest';
import { startSim, useCleanup } from './helpers';

const track = useCleanup();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The session ids of `n` calls on one agent of a fresh simulator with seed 1. */
async function sessionIds(n: number): Promise<string[]> {
  const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 0, seed: 1 });
  sim.control.signIn('1001');
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(sim.control.startCall('1001'));
    sim.control.endCall('1001', { wrapUp: false });
  }
  await sim.close();
  return ids;
}

describe('simulator session ids', () => {
  it('SIM-session-unique-per-run: two runs with the same seed never reuse a session id (the history keeps the first call under an id)', async () => {
    const first = await sessionIds(5);
    const second = await sessionIds(5);
    for (const id of [...first, ...second]) expect(id).toMatch(UUID);
    expect(new Set([...first, ...second]).size).toBe(10);
    // Only the run prefix differs: the rest still comes from the seeded stream.
    expect(first.map((id) => id.slice(8))).toEqual(second.map((id) => id.slice(8)));
  });
});
