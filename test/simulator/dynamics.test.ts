import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Simulator, type TransitionLogEntry } from '@/server/simulator/index';
import { DEFAULT_MODEL, ModelSampler } from '@/server/simulator/model';
import { Rng } from '@/server/simulator/prng';
import { startSim, useCleanup } from './helpers';

const track = useCleanup();

afterEach(() => {
  vi.useRealTimers();
});

function fakeClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
}

/** Transitions scheduled before `simSeconds`, as comparable tuples. */
function sequence(sim: Simulator, simSeconds: number): [string, number, number, number][] {
  return sim.truth.transitions
    .filter((t: TransitionLogEntry) => t.simAt < simSeconds * 1000)
    .map((t) => [t.extno, t.from, t.to, t.simAt]);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('dynamics: reproducibility', () => {
  it('same seed and options give the same transitions, on real timers at high speed; another seed differs', async () => {
    const opts = { agents: 30, teams: 3, speed: 200, tickMs: 0, logTransitions: true, model: { signInSpreadSec: 30 } };
    const [a, b, c] = await Promise.all([
      startSim(track, { ...opts, seed: 7 }),
      startSim(track, { ...opts, seed: 7 }),
      startSim(track, { ...opts, seed: 8 }),
    ]);
    // 400 simulated seconds of 600 elapsed: every deadline before the cut has fired in all three.
    await sleep(3000);
    for (const sim of [a, b, c]) expect(sim.truth.simSeconds()).toBeGreaterThan(500);
    const seqA = sequence(a, 400);
    expect(seqA.length).toBeGreaterThan(100);
    expect(seqA.some(([, from, to]) => from === 2 && to === 3)).toBe(true);
    expect(sequence(b, 400)).toEqual(seqA);
    expect(sequence(c, 400)).not.toEqual(seqA);
    // The roster (names, tokens) is reproducible too.
    expect(b.roster).toEqual(a.roster);
    expect(c.roster.map((r) => r.token)).not.toEqual(a.roster.map((r) => r.token));
  });
});

describe('dynamics: the floor', () => {
  it('produces a plausible call rate at speed 20 (25-30 per signed-in agent-hour, loosely)', async () => {
    fakeClock();
    const sim = await startSim(track, { agents: 60, teams: 4, speed: 20, tickMs: 0, seed: 3 });
    // Three real minutes at speed 20: one simulated hour.
    await vi.advanceTimersByTimeAsync(180_000);
    const truth = sim.truth.all();
    const calls = truth.reduce((s, t) => s + t.callsConnected, 0);
    const signedInSimHours = (truth.reduce((s, t) => s + t.signedInSeconds, 0) * sim.options.speed) / 3600;
    const talkSimSeconds = truth.reduce((s, t) => s + t.talkSeconds, 0) * sim.options.speed;
    const perAgentHour = calls / signedInSimHours;
    expect(perAgentHour).toBeGreaterThan(18);
    expect(perAgentHour).toBeLessThan(36);
    // Talk time: the mix's mean is near 95 s.
    expect(talkSimSeconds / calls).toBeGreaterThan(60);
    expect(talkSimSeconds / calls).toBeLessThan(140);
  });

  it('signs agents in staggered over the spread, not all at once', async () => {
    fakeClock();
    const sim = await startSim(track, { agents: 40, speed: 10, tickMs: 0, logTransitions: true, model: { signInSpreadSec: 60 } });
    await vi.advanceTimersByTimeAsync(7000);
    const signIns = sim.truth.transitions.filter((t) => t.from === 0 && t.to === 1 && t.cause === 'dynamics');
    expect(new Set(signIns.map((t) => t.extno)).size).toBe(40);
    const times = signIns.map((t) => t.simAt);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(30_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(60_000);
  });

  it("a team's dialler starvation keeps its idle agents without calls until the spell ends", async () => {
    fakeClock();
    const model = { signInSpreadSec: 0, starvationGapMeanSec: 0.001, starvationMinSec: 600, starvationMaxSec: 600 };
    const starved = await startSim(track, { agents: 20, teams: 1, speed: 10, tickMs: 0, model });
    const fed = await startSim(track, { agents: 20, teams: 1, speed: 10, tickMs: 0, model: { signInSpreadSec: 0 } });
    // 300 simulated seconds: the fed floor talks, the starved one waits.
    await vi.advanceTimersByTimeAsync(30_000);
    const calls = (sim: Simulator): number => sim.truth.all().reduce((s, t) => s + t.callsConnected, 0);
    expect(calls(starved)).toBe(0);
    expect(starved.truth.all().every((t) => t.status === 1)).toBe(true);
    expect(calls(fed)).toBeGreaterThan(20);
  });

  it('with dynamics off nobody moves on their own', async () => {
    fakeClock();
    const sim = await startSim(track, { agents: 10, speed: 100, tickMs: 0, dynamics: false });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sim.truth.all().every((t) => t.status === 0 && t.callsConnected === 0)).toBe(true);
  });

  it('keepInWrapUp holds an agent in wrap-up under dynamics until released', async () => {
    fakeClock();
    const sim = await startSim(track, { agents: 5, speed: 20, tickMs: 0, model: { signInSpreadSec: 1 } });
    await vi.advanceTimersByTimeAsync(1000);
    sim.control.keepInWrapUp('1002');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sim.control.status('1002')).toBe(3);
    expect(sim.truth.agent('1002').wrapSeconds).toBeGreaterThanOrEqual(60);
    sim.control.release('1002');
    // Wrap-up lasts at most 10 simulated minutes (a forgotten form): 30 real seconds at speed 20.
    await vi.advanceTimersByTimeAsync(31_000);
    expect(sim.control.status('1002')).not.toBe(3);
  });

  it('control changes without keep hand the agent back to the dynamics', async () => {
    fakeClock();
    const sim = await startSim(track, { agents: 3, speed: 20, tickMs: 0, model: { signInSpreadSec: 0 } });
    await vi.advanceTimersByTimeAsync(100);
    if (sim.control.status('1001') === 2) sim.control.endCall('1001');
    sim.control.setStatus('1001', 1);
    const before = sim.truth.agent('1001').callsConnected;
    await vi.advanceTimersByTimeAsync(2000);
    expect(sim.truth.agent('1001').callsConnected).toBeGreaterThan(before);
  });
});

describe('dynamics: the model', () => {
  it('draws talk times as the mix: about 45% brush-offs under a minute, mean near 95 s, capped at 20 min', () => {
    const sampler = new ModelSampler(DEFAULT_MODEL, new Rng(42));
    const n = 20_000;
    const talks = Array.from({ length: n }, () => sampler.talkTime());
    const mean = talks.reduce((s, t) => s + t, 0) / n;
    expect(mean).toBeGreaterThan(85);
    expect(mean).toBeLessThan(105);
    const short = talks.filter((t) => t < 40).length / n;
    expect(short).toBeGreaterThan(0.4);
    expect(short).toBeLessThan(0.5);
    expect(Math.max(...talks)).toBeLessThanOrEqual(1200);
  });

  it('draws wrap-ups of 10-60 s mostly, with about 3% forgotten for minutes', () => {
    const sampler = new ModelSampler(DEFAULT_MODEL, new Rng(43));
    const n = 20_000;
    const wraps = Array.from({ length: n }, () => sampler.wrapTime());
    const forgotten = wraps.filter((t) => t >= 180).length / n;
    expect(forgotten).toBeGreaterThan(0.02);
    expect(forgotten).toBeLessThan(0.04);
    expect(wraps.filter((t) => t >= 10 && t <= 60).length / n).toBeGreaterThan(0.85);
  });
});
