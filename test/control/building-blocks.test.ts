import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/control/actor';
import type { AgentState, FloorState } from '@/server/state/types';
import { clientOptionsFrom, parseControlConfig } from '@/server/control/config';
import { floorReader } from '@/server/control/floor-read';
import { IdempotencyCache } from '@/server/control/idempotency';
import { createCan, defaultCan, DEFAULT_PERMISSIONS } from '@/server/control/permissions';
import { TokenBucketLimiter } from '@/server/control/rate-limit';
import { actors, CUSTOMER_PHONE, RECORD_UUID } from './control-test-kit';

describe('permissions', () => {
  const agentA = { kind: 'agent', extno: '1001', team: 'A' } as const;
  const agentB = { kind: 'agent', extno: '2001', team: 'B' } as const;

  it('C3: default table: viewer nothing, team lead own teams, manager floor-wide, export for manager and admin', () => {
    expect(defaultCan(actors.viewer, 'logon', agentA)).toBe(false);
    expect(defaultCan(actors.leadA, 'send_sms', agentA)).toBe(true);
    expect(defaultCan(actors.leadA, 'send_sms', agentB)).toBe(false);
    expect(defaultCan(actors.manager, 'add_black', agentB)).toBe(true);
    expect(defaultCan(actors.leadA, 'announce', { kind: 'floor' })).toBe(false);
    expect(defaultCan(actors.leadA, 'announce', { kind: 'teams', teams: ['A'] })).toBe(true);
    expect(defaultCan(actors.leadA, 'announce', { kind: 'teams', teams: ['A', 'B'] })).toBe(false);
    expect(defaultCan(actors.manager, 'announce', { kind: 'floor' })).toBe(true);
    expect(defaultCan(actors.leadA, 'audit_read', { kind: 'none' })).toBe(true);
    expect(defaultCan(actors.leadA, 'audit_export', { kind: 'none' })).toBe(false);
    expect(defaultCan(actors.manager, 'audit_export', { kind: 'none' })).toBe(true);
  });

  it('C3: a team lead with "*" teams covers the floor; a custom table replaces the default', () => {
    const floorLead: Actor = { ...actors.leadA, teams: '*' };
    expect(defaultCan(floorLead, 'hold', agentB)).toBe(true);
    const strict = createCan({ ...DEFAULT_PERMISSIONS, team_lead: new Set(['hold'] as const) });
    expect(strict(actors.leadA, 'hold', agentA)).toBe(true);
    expect(strict(actors.leadA, 'add_black', agentA)).toBe(false);
  });
});

describe('idempotency cache and rate limiter', () => {
  it('C6: the cache is bounded by size, oldest first', () => {
    const cache = new IdempotencyCache<number>({ max: 3 });
    for (let i = 0; i < 5; i++) cache.set(`k${i}`, 'f', Promise.resolve(i));
    expect(cache.size).toBe(3);
    expect(cache.get('k0')).toBeUndefined();
    expect(cache.get('k4')).toBeDefined();
  });

  it('C7: the bucket gives capacity at once, then refills evenly and says when to retry', () => {
    let t = 0;
    const limiter = new TokenBucketLimiter({ capacity: 2, windowMs: 1000, now: () => t });
    expect(limiter.take('u').ok).toBe(true);
    expect(limiter.take('u').ok).toBe(true);
    expect(limiter.take('u')).toEqual({ ok: false, retryAfterMs: 500 });
    t = 499;
    expect(limiter.take('u').ok).toBe(false);
    t = 1000;
    expect(limiter.take('u').ok).toBe(true);
  });

  it('C7: limiter memory is bounded: idle users are forgotten first', () => {
    let t = 0;
    const limiter = new TokenBucketLimiter({ capacity: 1, windowMs: 1000, maxKeys: 2, now: () => t });
    limiter.take('a');
    t = 5000; // a is full again
    limiter.take('b');
    limiter.take('c');
    expect(limiter.take('b').ok).toBe(false); // b kept (busy), a dropped
  });
});

describe('config and floor reader', () => {
  it('CS1: config defaults follow the document; bad values fail naming the variable, never echoing a token', () => {
    const c = parseControlConfig({});
    expect(c).toMatchObject({ CALL_SYSTEM_TOKEN_IN: 'query', CALL_SYSTEM_BODY: 'form', CALL_SYSTEM_TIMEOUT_MS: 5000, ANNOUNCE_PATH: '/admin/message/send' });
    expect(clientOptionsFrom(parseControlConfig({ CALL_SYSTEM_TOKEN_IN: 'header', CALL_SYSTEM_ADMIN_TOKEN: 'adm' }), 'http://x')).toMatchObject({
      baseUrl: 'http://x',
      tokenIn: 'header',
      adminToken: 'adm',
      paths: { announce: '/admin/message/send' },
    });
    expect(() => parseControlConfig({ CALL_SYSTEM_TOKEN_IN: 'body' })).toThrow(/CALL_SYSTEM_TOKEN_IN/);
    expect(() => parseControlConfig({ CALL_SYSTEM_TOKEN_NAME: 'bad name secret-xyz' })).toThrow(/CALL_SYSTEM_TOKEN_NAME=\(hidden\)/);
  });

  it('C5: floorReader exposes the open call (record id, number, held, ended) and the roster token', () => {
    const agent = {
      extno: '1001',
      name: '张三',
      team: 'A',
      status: 'wrap_up',
      stateSince: 0,
      link: 'live',
      linkSince: 0,
      lastFrameAt: null,
      noticeIntervalMs: null,
      call: {
        sessionId: 's1',
        city: '北京-北京',
        connectedAt: 0,
        held: true,
        endedAt: 5,
        record: { uuid: RECORD_UUID, telephone: CUSTOMER_PHONE },
      },
      today: { calls: 0, talkSeconds: 0, wrapSeconds: 0, longestIdleSeconds: 0 },
      countersDay: '2024-01-01',
      pendingSignOut: true,
      // Only the fields floorReader reads are filled in: the reducer's own tests cover the rest.
    } as unknown as AgentState;
    const state = { agents: new Map([['1001', agent]]), options: { timeZone: 'Asia/Shanghai', staleAfterMs: null } } as FloorState;
    const read = floorReader(() => state, (x) => (x === '1001' ? 'tok' : undefined));
    expect(read.agent('1001')).toEqual({
      extno: '1001',
      name: '张三',
      team: 'A',
      status: 'wrap_up',
      link: 'live',
      pendingSignOut: true,
      call: { sessionId: 's1', recordUuid: RECORD_UUID, telephone: CUSTOMER_PHONE, held: true, ended: true },
      token: 'tok',
    });
    expect(read.agent('9999')).toBeUndefined();
    expect([...read.agents()].map((a) => Object.keys(a).includes('token'))).toEqual([false]);
  });
});

describe('control plane wiring', () => {
  it('C13: createControlPlane builds every part from config and injected reads', async () => {
    const { createControlPlane } = await import('@/server/control/index');
    const plane = createControlPlane({
      baseUrl: 'http://127.0.0.1:9',
      config: parseControlConfig({ ANNOUNCE_FLOOR_AS_EMPTY_LIST: 'true' }),
      agent: () => undefined,
      agents: () => [],
      applyControl: () => undefined,
      actorFor: () => null,
    });
    expect(await plane.pipeline.act(actors.manager, { action: 'logon', extno: '1001', requestId: crypto.randomUUID() })).toMatchObject({ code: 'UNKNOWN_AGENT' });
    expect((await plane.audit.query({ limit: 5 })).records).toHaveLength(1);
    expect(Object.keys(plane.http).sort()).toEqual(['agentAction', 'announce', 'auditCsv', 'auditList', 'getAnnouncement', 'listAnnouncements', 'resendAnnouncement']);
    plane.close();
  });
});
