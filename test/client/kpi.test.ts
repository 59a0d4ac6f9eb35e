import { describe, expect, it } from 'vitest';
import { agentDayStats, floorKpis } from '@/lib/domain/kpi';
import { T0, agent } from './fixtures';

const now = T0 + 60_000;

describe('floor KPIs (docs/kpi.md)', () => {
  it('counts live agents by status and lost feeds as no data, never as live', () => {
    const k = floorKpis(
      [
        agent('1', { status: 'idle' }),
        agent('2', { status: 'on_call' }),
        agent('3', { status: 'wrap_up' }),
        agent('4', { status: 'signed_out' }),
        agent('5', { status: 'unknown' }),
        agent('6', { status: 'on_call', link: 'stale' }),
      ],
      now,
    );
    expect(k.counts).toEqual({ idle: 1, on_call: 1, wrap_up: 1, signed_out: 1, unknown: 1 });
    expect(k.signedIn).toBe(3);
    expect(k.noData).toBe(1);
    expect(k.total).toBe(6);
  });

  it('longest idle and longest wrap-up come from time in state of live agents', () => {
    const k = floorKpis(
      [
        agent('1', { status: 'idle', stateSince: now - 30_000 }),
        agent('2', { status: 'idle', stateSince: now - 95_000 }),
        agent('3', { status: 'idle', stateSince: now - 500_000, link: 'backoff' }),
        agent('4', { status: 'wrap_up', stateSince: now - 40_000 }),
      ],
      now,
    );
    expect(k.longestIdle).toEqual({ seconds: 95, extno: '2' });
    expect(k.longestWrap).toEqual({ seconds: 40, extno: '4' });
  });

  it('calls today sum every agent, lost feeds included (counters are history)', () => {
    const today = { calls: 10, talkSeconds: 900, wrapSeconds: 300, longestIdleSeconds: 20 };
    const k = floorKpis([agent('1', { today }), agent('2', { today, link: 'stale' })], now);
    expect(k.callsToday).toBe(20);
  });

  it('average talk adds the running call to the finished talk time', () => {
    const k = floorKpis(
      [agent('1', { status: 'on_call', stateSince: now - 60_000, today: { calls: 2, talkSeconds: 60, wrapSeconds: 0, longestIdleSeconds: 0 } })],
      now,
    );
    // One finished call of 60 s, one running for 60 s.
    expect(k.avgTalkSeconds).toBe(60);
  });

  it('average wrap-up divides by calls that reached wrap-up (calls on the line excluded)', () => {
    const k = floorKpis(
      [
        agent('1', { status: 'on_call', stateSince: now, today: { calls: 3, talkSeconds: 0, wrapSeconds: 40, longestIdleSeconds: 0 } }),
        agent('2', { status: 'wrap_up', stateSince: now - 20_000, today: { calls: 1, talkSeconds: 0, wrapSeconds: 0, longestIdleSeconds: 0 } }),
      ],
      now,
    );
    // 40 s + 20 s running, over 4 calls - 1 still on the line.
    expect(k.avgWrapSeconds).toBe(20);
  });

  it('averages are null before the first call', () => {
    const k = floorKpis([agent('1')], now);
    expect(k.avgTalkSeconds).toBeNull();
    expect(k.avgWrapSeconds).toBeNull();
  });

  it('occupancy today needs idle counters; occupancy now is the live ratio', () => {
    const base = { calls: 1, talkSeconds: 300, wrapSeconds: 100, longestIdleSeconds: 0 };
    const without = floorKpis([agent('1', { status: 'on_call', stateSince: now, today: base }), agent('2')], now);
    expect(without.occupancyToday).toBeNull();
    expect(without.occupancyNow).toBe(0.5);
    const withIdle = floorKpis(
      [agent('1', { status: 'on_call', stateSince: now, today: { ...base, idleSeconds: 100 } })],
      now,
    );
    expect(withIdle.occupancyToday).toBe(0.8);
  });

  it('agent day stats include the running idle wait in the longest idle', () => {
    const a = agent('1', { status: 'idle', stateSince: now - 90_000, today: { calls: 4, talkSeconds: 400, wrapSeconds: 80, longestIdleSeconds: 45 } });
    const s = agentDayStats(a, now);
    expect(s.longestIdleSeconds).toBe(90);
    expect(s.avgTalkSeconds).toBe(100);
  });
});
