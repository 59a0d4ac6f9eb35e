import { describe, expect, it } from 'vitest';
import type { CustomerRecord } from '@/lib/domain/customer';
import type { AgentStatus } from '@/lib/domain/status';
import { deriveRecords } from '@/server/store/derive-records';
import type { AgentState, OpenCall } from '@/server/state/types';

const T = Date.parse('2025-03-10T02:00:00Z');

const record: CustomerRecord = {
  uuid: 'beeb8dda-87fb-4f7d-aa60-a4dee98e2e08',
  name: '张三',
  telephone: '13812345678',
  adminId: 1,
  projectId: 7,
  taskId: 3,
  recordStatus: 0,
  group: 'default',
  ownerExtno: '1001',
  editStamp: '2025-03-10 10:00:00',
  importStamp: '2025-03-01 09:00:00',
  fields: { ok: true, values: {} },
};

function call(over: Partial<OpenCall> = {}): OpenCall {
  return { sessionId: 's-1', city: '北京-北京', record, connectedAt: T, held: false, endedAt: null, ...over };
}

function agent(status: AgentStatus, stateSince: number, c: OpenCall | null = null): Pick<AgentState, 'extno' | 'team' | 'status' | 'stateSince' | 'call'> {
  return { extno: '1003', team: 'A', status, stateSince, call: c };
}

const base = { extno: '1003', team: 'A' };

describe('deriveRecords', () => {
  it('D1: a status change records a transition at the new state start with the old state length', () => {
    expect(deriveRecords(agent('idle', T - 40_000), agent('signed_out', T), T + 300)).toEqual([
      { kind: 'transition', ...base, from: 'idle', to: 'signed_out', at: T, prevDurationMs: 40_000 },
    ]);
  });

  it('D1b: nothing changed that history keeps (a link change, a repeated snapshot): no items', () => {
    const a = agent('idle', T);
    expect(deriveRecords(a, { ...a }, T + 5_000)).toEqual([]);
    expect(deriveRecords(a, agent('idle', T + 1_999), T + 5_000)).toEqual([]);
    expect(deriveRecords(a, agent('idle', T - 60_000), T + 5_000)).toEqual([]);
  });

  it('D2: same status but the state restarted unseen (start moved >= 2 s): the old period is closed', () => {
    expect(deriveRecords(agent('idle', T), agent('idle', T + 95_000), T + 96_000)).toEqual([
      { kind: 'transition', ...base, from: 'idle', to: 'idle', at: T + 95_000, prevDurationMs: 95_000 },
    ]);
  });

  it('D3: a new agent records unknown -> status with no duration, and nothing while unknown', () => {
    expect(deriveRecords(undefined, agent('unknown', T), T)).toEqual([]);
    expect(deriveRecords(undefined, agent('wrap_up', T - 5_000), T)).toEqual([
      { kind: 'transition', ...base, from: 'unknown', to: 'wrap_up', at: T - 5_000, prevDurationMs: 0 },
    ]);
    // The first notice after boot: the state began before we knew the agent.
    expect(deriveRecords(agent('unknown', T), agent('idle', T - 3_600_000), T)).toEqual([
      { kind: 'transition', ...base, from: 'unknown', to: 'idle', at: T - 3_600_000, prevDurationMs: 0 },
    ]);
  });

  it('D4: an agent removed from the roster closes its running state (as unknown) and its call', () => {
    expect(deriveRecords(agent('on_call', T, call()), undefined, T + 30_000)).toEqual([
      { kind: 'transition', ...base, from: 'on_call', to: 'unknown', at: T + 30_000, prevDurationMs: 30_000 },
      { kind: 'call', phase: 'end', sessionId: 's-1', ...base, at: T + 30_000 },
      { kind: 'call', phase: 'wrap_end', sessionId: 's-1', ...base, at: T + 30_000, outcome: 'agent_removed' },
    ]);
    expect(deriveRecords(agent('unknown', T), undefined, T + 1)).toEqual([]);
  });

  it('D5: a screen pop records the call connect with the record id and no phone number or name', () => {
    const items = deriveRecords(agent('idle', T - 10_000), agent('on_call', T, call()), T + 20);
    expect(items).toEqual([
      { kind: 'transition', ...base, from: 'idle', to: 'on_call', at: T, prevDurationMs: 10_000 },
      {
        kind: 'call',
        phase: 'connect',
        sessionId: 's-1',
        ...base,
        at: T,
        projectId: 7,
        taskId: 3,
        city: '北京-北京',
        recordUuid: record.uuid,
        held: false,
      },
    ]);
    const json = JSON.stringify(items);
    expect(json).not.toContain('13812345678');
    expect(json).not.toContain('张三');
  });

  it('D6: the form submitted (wrap-up -> idle, call cleared) ends the wrap-up when the idle state began', () => {
    const before = agent('wrap_up', T + 90_000, call({ endedAt: T + 90_000 }));
    expect(deriveRecords(before, agent('idle', T + 130_000), T + 130_500)).toEqual([
      { kind: 'transition', ...base, from: 'wrap_up', to: 'idle', at: T + 130_000, prevDurationMs: 40_000 },
      { kind: 'call', phase: 'wrap_end', sessionId: 's-1', ...base, at: T + 130_000, outcome: 'completed' },
    ]);
  });

  it('D6b: signed out in the middle of a call: the call ends and closes at the sign-out', () => {
    expect(deriveRecords(agent('on_call', T, call()), agent('signed_out', T + 50_000), T + 50_100)).toEqual([
      { kind: 'transition', ...base, from: 'on_call', to: 'signed_out', at: T + 50_000, prevDurationMs: 50_000 },
      { kind: 'call', phase: 'end', sessionId: 's-1', ...base, at: T + 50_000 },
      { kind: 'call', phase: 'wrap_end', sessionId: 's-1', ...base, at: T + 50_000, outcome: 'completed' },
    ]);
  });

  it('D7: a new call replacing the one in wrap-up closes the old one (superseded) and opens the new', () => {
    const old = call({ endedAt: T + 60_000 });
    const next = call({ sessionId: 's-2', connectedAt: T + 70_000 });
    const items = deriveRecords(agent('wrap_up', T + 60_000, old), agent('on_call', T + 70_000, next), T + 70_010);
    expect(items).toEqual([
      { kind: 'transition', ...base, from: 'wrap_up', to: 'on_call', at: T + 70_000, prevDurationMs: 10_000 },
      { kind: 'call', phase: 'wrap_end', sessionId: 's-1', ...base, at: T + 70_000, outcome: 'superseded' },
      expect.objectContaining({ kind: 'call', phase: 'connect', sessionId: 's-2', at: T + 70_000 }),
    ]);
  });

  it('D8: the talk ending and the hold flag of the same call are recorded', () => {
    const talking = agent('on_call', T, call());
    expect(deriveRecords(talking, agent('on_call', T, call({ held: true })), T + 5_000)).toEqual([
      { kind: 'call', phase: 'hold', sessionId: 's-1', ...base, at: T + 5_000, held: true },
    ]);
    expect(deriveRecords(talking, agent('wrap_up', T + 95_000, call({ endedAt: T + 95_000 })), T + 95_100)).toEqual([
      { kind: 'transition', ...base, from: 'on_call', to: 'wrap_up', at: T + 95_000, prevDurationMs: 95_000 },
      { kind: 'call', phase: 'end', sessionId: 's-1', ...base, at: T + 95_000 },
    ]);
  });
});
