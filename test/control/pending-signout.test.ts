import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryAuditStore } from '@/server/control/audit';
import { createCallSystemClient } from '@/server/control/call-system-client';
import { PendingSignOutWatcher, type CarriedOut } from '@/server/control/pending-signout';
import { createControlPipeline } from '@/server/control/pipeline';
import { act, actors, fakeFloor, startFakeCallSystem, TOKENS, type FakeCallSystem } from './control-test-kit';

let cs: FakeCallSystem;
beforeEach(async () => {
  cs = await startFakeCallSystem();
});
afterEach(async () => {
  await cs.close();
});

function setup() {
  const floor = fakeFloor();
  const audit = new MemoryAuditStore(1000);
  const client = createCallSystemClient({ baseUrl: cs.url, timeoutMs: 3000 });
  const pipeline = createControlPipeline({ client, agent: floor.agent, applyControl: floor.applyControl, audit });
  const carried: CarriedOut[] = [];
  const watcher = new PendingSignOutWatcher(pipeline, { onCarriedOut: (c) => carried.push(c) });
  /** Like the lead: the reducer applied a status change, then the watcher hears of it. */
  const statusTo = async (extno: string, status: 'idle' | 'on_call' | 'wrap_up' | 'signed_out' | 'unknown') => {
    floor.set(extno, { status });
    await watcher.statusChanged(extno, status);
  };
  return { floor, audit, pipeline, watcher, carried, statusTo };
}

describe('sign-out after the call', () => {
  it('C10: after_call on a live call sets the pending flag and sends nothing yet', async () => {
    const { pipeline, floor } = setup();
    const ack = await pipeline.act(actors.leadA, act('logout', '1001', { mode: 'after_call' }));
    expect(ack).toMatchObject({ ok: true, data: { data: { mode: 'after_call', pendingSignOut: true } } });
    expect(floor.events).toEqual([{ type: 'control', extno: '1001', change: { pendingSignOut: true } }]);
    expect(cs.requests).toHaveLength(0);
  });

  it('C10: when the call ends the agent is logged out once, as the system on behalf of the requester', async () => {
    const { pipeline, floor, audit, carried, statusTo } = setup();
    const request = act('logout', '1001', { mode: 'after_call' });
    await pipeline.act(actors.leadA, request);
    await statusTo('1001', 'on_call'); // still talking: nothing
    expect(cs.requests).toHaveLength(0);
    await statusTo('1001', 'wrap_up');
    await statusTo('1001', 'idle');
    expect(cs.requests.map((r) => [r.path, r.params, r.query.get('access_token')])).toEqual([['/admin/agent/logout', { extno: '1001' }, TOKENS['1001']]]);
    expect(floor.events.at(-1)).toEqual({ type: 'control', extno: '1001', change: { pendingSignOut: false } });
    expect(floor.agents.get('1001')!.pendingSignOut).toBe(false);
    const row = (await audit.query({ limit: 1 })).records[0]!;
    expect(row).toMatchObject({
      action: 'logout',
      result: 'ok',
      actor: { id: 'system', name: 'system (pending sign-out by 李组长)', role: 'system' },
      params: { mode: 'now', on_behalf_of: 'u-lead-a', pending_request_id: request.requestId },
      statusBefore: 'wrap_up',
    });
    expect(carried).toEqual([
      expect.objectContaining({ extno: '1001', requestId: request.requestId, requestedBy: expect.objectContaining({ id: 'u-lead-a' }), ack: expect.objectContaining({ ok: true }) }),
    ]);
  });

  it('C10: a burst of status changes while the logout runs triggers one logout', async () => {
    const { pipeline, watcher, floor } = setup();
    await pipeline.act(actors.leadA, act('logout', '1001', { mode: 'after_call' }));
    floor.set('1001', { status: 'wrap_up' });
    await Promise.all([watcher.statusChanged('1001', 'wrap_up'), watcher.statusChanged('1001', 'wrap_up'), watcher.statusChanged('1001', 'idle')]);
    expect(cs.count('/admin/agent/logout')).toBe(1);
  });

  it('C10: cancel_signout clears the flag; the call ending then does nothing', async () => {
    const { pipeline, floor, statusTo } = setup();
    await pipeline.act(actors.leadA, act('logout', '1001', { mode: 'after_call' }));
    const ack = await pipeline.act(actors.manager, act('cancel_signout', '1001'));
    expect(ack).toMatchObject({ ok: true, data: { data: { pendingSignOut: false } } });
    expect(floor.events.at(-1)).toEqual({ type: 'control', extno: '1001', change: { pendingSignOut: false } });
    await statusTo('1001', 'wrap_up');
    expect(cs.requests).toHaveLength(0);
    expect(await pipeline.act(actors.manager, act('cancel_signout', '1001'))).toMatchObject({ ok: false, code: 'NO_PENDING_SIGNOUT' });
  });

  it('C10: cancel_signout is authorized like any action', async () => {
    const { pipeline } = setup();
    await pipeline.act(actors.leadA, act('logout', '1001', { mode: 'after_call' }));
    expect(await pipeline.act(actors.leadB, act('cancel_signout', '1001'))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(pipeline.pending.get('1001')).toBeDefined();
  });

  it('C10: an agent who signs out by other means just loses the flag; unknown status waits', async () => {
    const { pipeline, floor, statusTo } = setup();
    await pipeline.act(actors.leadA, act('logout', '1001', { mode: 'after_call' }));
    await statusTo('1001', 'unknown');
    expect(pipeline.pending.get('1001')).toBeDefined();
    await statusTo('1001', 'signed_out');
    expect(pipeline.pending.get('1001')).toBeUndefined();
    expect(floor.agents.get('1001')!.pendingSignOut).toBe(false);
    expect(cs.requests).toHaveLength(0);
  });

  it('C10: after_call for an agent not on a call signs out now', async () => {
    const { pipeline, floor } = setup();
    const ack = await pipeline.act(actors.leadA, act('logout', '1002', { mode: 'after_call' }));
    expect(ack).toMatchObject({ ok: true, data: { data: { mode: 'now', pendingSignOut: false } } });
    expect(cs.count('/admin/agent/logout')).toBe(1);
    expect(floor.events).toHaveLength(0);
  });

  it('C10: a refused system logout is tried once: flag cleared, refusal audited', async () => {
    const { pipeline, audit, carried, statusTo } = setup();
    cs.on('/admin/agent/logout', { kind: 'refuse', code: 5, msg: '请先提交表单' });
    await pipeline.act(actors.leadA, act('logout', '1001', { mode: 'after_call' }));
    await statusTo('1001', 'wrap_up');
    await statusTo('1001', 'idle');
    expect(cs.count('/admin/agent/logout')).toBe(1);
    expect(pipeline.pending.get('1001')).toBeUndefined();
    expect((await audit.query({ limit: 1 })).records[0]).toMatchObject({ result: 'refused', reason: '请先提交表单', actor: { role: 'system' } });
    expect(carried[0]!.ack).toMatchObject({ ok: false, code: 'CALL_SYSTEM_REFUSED' });
  });

  it('C10: logout now clears a pending sign-out', async () => {
    const { pipeline, floor } = setup();
    await pipeline.act(actors.leadA, act('logout', '1001', { mode: 'after_call' }));
    await pipeline.act(actors.manager, act('logout', '1001', { mode: 'now' }));
    expect(pipeline.pending.get('1001')).toBeUndefined();
    expect(floor.agents.get('1001')!.pendingSignOut).toBe(false);
  });
});
