import { describe, expect, it } from 'vitest';
import { formatDuration } from '@/lib/domain/time';
import { dayKey } from '@/lib/domain/day';
import { reduce } from '@/server/state/reducer';
import type { AgentState, FloorEvent } from '@/server/state/types';
import { toAgentView, toCallDetail, viewChanged } from '@/server/state/view';
import { SEC, T0, agent, info, liveFloor, notice, record } from './reducer-helpers';

describe('P3: views', () => {
  it('P3: the agent view masks the phone and carries only the call summary', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    const v = toAgentView(agent(s));
    expect(v.call).toEqual({
      sessionId: 'call-1',
      city: '北京-北京',
      phoneMasked: '138****5678',
      customerName: '王五',
      projectId: 7,
      taskId: 3,
      connectedAt: T0,
      held: false,
      endedAt: null,
    });
    expect(JSON.stringify(v)).not.toContain('13812345678');
    expect(v).toMatchObject({ extno: '1001', name: 'Agent 1001', team: 'A', status: 'on_call', stateSince: T0, link: 'live', pendingSignOut: false });
    expect(v.today).toEqual({ calls: 1, talkSeconds: 0, wrapSeconds: 0, longestIdleSeconds: 0, idleSeconds: 0 });
    expect(Object.keys(v).sort()).toEqual(['call', 'extno', 'lastFrameAt', 'link', 'linkSince', 'name', 'pendingSignOut', 'stateSince', 'status', 'team', 'today']);
  });

  it('P3: views are memoized per AgentState object', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    const a = agent(s);
    expect(toAgentView(a)).toBe(toAgentView(a));
    expect(toCallDetail(a)).toBe(toCallDetail(a));
    const before = toAgentView(a);
    reduce(s, notice(2, 1), T0 + SEC);
    // A tick kept the AgentState and moved only lastFrameAt (P1): the detail is reused, the view
    // is rebuilt once with the new lastFrameAt (the old one is never changed), then memoized again.
    expect(agent(s)).toBe(a);
    expect(toCallDetail(agent(s))).toBe(toCallDetail(a));
    const after = toAgentView(agent(s));
    expect(after).not.toBe(before);
    expect(before.lastFrameAt).toBe(T0);
    expect(after.lastFrameAt).toBe(T0 + SEC);
    expect(toAgentView(agent(s))).toBe(after);
  });

  it('P3: the call detail carries the whole record with the phone masked, and is null without a call', () => {
    const s = liveFloor();
    expect(toCallDetail(agent(s))).toBeNull();
    reduce(s, info('call-1'), T0);
    const d = toCallDetail(agent(s));
    expect(d).toEqual({
      extno: '1001',
      sessionId: 'call-1',
      city: '北京-北京',
      connectedAt: T0,
      endedAt: null,
      held: false,
      customer: {
        uuid: 'rec-1',
        name: '王五',
        phoneMasked: '138****5678',
        projectId: 7,
        taskId: 3,
        group: 'default',
        ownerExtno: '1009',
        recordStatus: 0,
        editStamp: '2024-03-05 09:59:00',
        importStamp: '2024-03-01 08:00:00',
        fields: { ok: true, values: { 年龄: '39' } },
      },
    });
    expect(JSON.stringify(d)).not.toContain('13812345678');
  });
});

/** The view minus lastFrameAt, as plain data. */
function visible(a: AgentState): unknown {
  const { lastFrameAt: _ignored, ...rest } = toAgentView(a);
  return JSON.parse(JSON.stringify(rest));
}

describe('S3: viewChanged', () => {
  it('S3: viewChanged is true exactly when the view other than lastFrameAt differs, over a random event walk', () => {
    let seed = 12345;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    const s = liveFloor(['1001', '1002']);
    let now = T0;
    let agree = 0;
    let changes = 0;
    for (let i = 0; i < 3000; i++) {
      now += Math.floor(rand() * 3000);
      const extno = rand() < 0.5 ? '1001' : '1002';
      const events: FloorEvent[] = [
        notice(Math.floor(rand() * 4) as 0 | 1 | 2 | 3, Math.floor(rand() * 5), extno),
        notice(1, Math.floor((now - T0) / SEC), extno),
        info(`c${Math.floor(rand() * 3)}`, extno),
        { type: 'frame', extno, frame: { method: 'message', msg: 'm' } },
        { type: 'link', extno, link: rand() < 0.7 ? 'live' : 'backoff' },
        { type: 'control', extno, change: rand() < 0.5 ? { held: rand() < 0.5 } : { pendingSignOut: rand() < 0.5 } },
        { type: 'sweep' },
      ];
      const event = events[Math.floor(rand() * events.length)]!;
      const before = new Map(s.agents);
      const r = reduce(s, event, now);
      for (const [ext, prev] of before) {
        const next = agent(s, ext);
        const differs = JSON.stringify(visible(prev)) !== JSON.stringify(visible(next));
        expect(viewChanged(prev, next)).toBe(differs);
        expect(r.changed.includes(ext)).toBe(differs);
        agree++;
        if (differs) changes++;
      }
    }
    expect(agree).toBe(6000);
    expect(changes).toBeGreaterThan(500);
  });

  it('S3: a call whose masked phone is the same is not a visible change', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    const a = agent(s);
    const b: AgentState = { ...a, call: { ...a.call!, record: record({ telephone: '13800005678' }) } };
    expect(viewChanged(a, b)).toBe(false);
    const c: AgentState = { ...a, call: { ...a.call!, record: record({ name: '赵六' }) } };
    expect(viewChanged(a, c)).toBe(true);
  });
});

describe('formatDuration and dayKey (lib/domain)', () => {
  it.each([
    [0, '00:00'],
    [59.9, '00:59'],
    [257, '04:17'],
    [3599, '59:59'],
    [3600, '1:00:00'],
    [442801, '123:00:01'],
    [-5, '00:00'],
    [Number.NaN, '00:00'],
  ])('formatDuration(%s) is %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('C1: dayKey follows the zone: Shanghai turns the day at 16:00 UTC', () => {
    expect(dayKey(Date.UTC(2024, 2, 5, 15, 59, 59, 999), 'Asia/Shanghai')).toBe('2024-03-05');
    expect(dayKey(Date.UTC(2024, 2, 5, 16, 0, 0), 'Asia/Shanghai')).toBe('2024-03-06');
    expect(dayKey(Date.UTC(2024, 2, 5, 16, 0, 0), 'UTC')).toBe('2024-03-05');
    // Across a DST change (New York, 2024-03-10).
    expect(dayKey(Date.UTC(2024, 2, 11, 3, 59), 'America/New_York')).toBe('2024-03-10');
    expect(dayKey(Date.UTC(2024, 2, 11, 4, 0), 'America/New_York')).toBe('2024-03-11');
  });

  it('C1: the per-minute cache answers correctly when the time goes back and forth', () => {
    const a = Date.UTC(2024, 2, 5, 15, 59, 30);
    const b = Date.UTC(2024, 2, 5, 16, 0, 30);
    expect([dayKey(a), dayKey(b), dayKey(a), dayKey(b - 30_000), dayKey(b - 30_001)]).toEqual(['2024-03-05', '2024-03-06', '2024-03-05', '2024-03-06', '2024-03-05']);
  });
});
