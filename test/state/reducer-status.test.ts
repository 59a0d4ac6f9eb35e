/** Reducer rules S1-S10 (docs/behaviour-rules.md): agent status from notices and screen pops. */
import { describe, expect, it } from 'vitest';
import { applyMany, reduce } from '@/server/state/reducer';
import { SEC, T0, agent, info, liveFloor, notice } from './reducer-helpers';

describe('S: agent status from notices and screen pops', () => {
  it('S1: a notice sets the status and stateSince = now - time', () => {
    const s = liveFloor();
    const r = reduce(s, notice(1, 257), T0 + 10 * SEC);
    expect(agent(s)).toMatchObject({ status: 'idle', stateSince: T0 + 10 * SEC - 257 * SEC, lastFrameAt: T0 + 10 * SEC });
    expect(r.changed).toEqual(['1001']);
  });

  it('S2: a repeated status whose derived stateSince moves under 2 s keeps stateSince and lists nothing', () => {
    const s = liveFloor();
    reduce(s, notice(1, 10), T0);
    const since = agent(s).stateSince;
    // Ticks arrive with jitter: 1.9 s later the call system still says 11 s.
    const r = reduce(s, notice(1, 11), T0 + 1900);
    expect(agent(s).stateSince).toBe(since);
    expect(r.changed).toEqual([]);
  });

  it('S2: a repeated status whose derived stateSince moves by 2 s or more takes the new value', () => {
    const s = liveFloor();
    reduce(s, notice(1, 10), T0);
    const r = reduce(s, notice(1, 0), T0 + 2 * SEC);
    expect(agent(s).stateSince).toBe(T0 + 2 * SEC);
    expect(r.changed).toEqual(['1001']);
  });

  it('S3: 1 Hz ticks with an unchanged status list no agent, though lastFrameAt moves', () => {
    const extnos = Array.from({ length: 200 }, (_, i) => String(1000 + i));
    const s = liveFloor(extnos);
    for (const extno of extnos) reduce(s, notice(1, 30, extno), T0);
    for (let tick = 1; tick <= 20; tick++) {
      const r = applyMany(s, extnos.map((extno) => notice(1, 30 + tick, extno)), T0 + tick * SEC);
      expect(r.changed).toEqual([]);
    }
    expect(agent(s, '1000').lastFrameAt).toBe(T0 + 20 * SEC);
  });


  it('S4/C3: leaving on_call ends the call when the next status began and adds the talk time', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    reduce(s, notice(3, 5), T0 + 95 * SEC); // wrap-up began 5 s ago: the call lasted 90 s
    const a = agent(s);
    expect(a.status).toBe('wrap_up');
    expect(a.stateSince).toBe(T0 + 90 * SEC);
    expect(a.call).toMatchObject({ sessionId: 'call-1', endedAt: T0 + 90 * SEC });
    expect(a.today.talkSeconds).toBe(90);
  });

  it('S5: the record is kept through wrap-up and cleared on idle', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    reduce(s, notice(3, 0), T0 + 60 * SEC);
    expect(agent(s).call?.record.uuid).toBe('rec-1');
    const r = reduce(s, notice(1, 0), T0 + 100 * SEC);
    expect(agent(s).call).toBeNull();
    expect(r.changed).toEqual(['1001']);
  });

  it('S5: signing out from a call clears the call', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    reduce(s, notice(0, 0), T0 + 30 * SEC);
    expect(agent(s)).toMatchObject({ status: 'signed_out', call: null });
    expect(agent(s).today.talkSeconds).toBe(30);
  });

  it('S5: entering on_call by notice from wrap-up drops the ended record', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    reduce(s, notice(3, 0), T0 + 60 * SEC);
    reduce(s, notice(2, 0), T0 + 80 * SEC);
    expect(agent(s)).toMatchObject({ status: 'on_call', call: null });
  });

  it('S6: a notice of on_call with no info gives on_call with call = null', () => {
    const s = liveFloor();
    reduce(s, notice(1, 0), T0);
    reduce(s, notice(2, 3), T0 + 10 * SEC);
    expect(agent(s)).toMatchObject({ status: 'on_call', call: null, stateSince: T0 + 7 * SEC });
  });

  it('S6/C2: info after the on_call notice attaches the call, keeps stateSince and counts the call once', () => {
    const s = liveFloor();
    reduce(s, notice(1, 0), T0);
    reduce(s, notice(2, 3), T0 + 10 * SEC);
    const r = reduce(s, info('call-1'), T0 + 10.2 * SEC);
    const a = agent(s);
    expect(a).toMatchObject({ status: 'on_call', stateSince: T0 + 7 * SEC });
    expect(a.call).toMatchObject({ sessionId: 'call-1', connectedAt: T0 + 10.2 * SEC, held: false, endedAt: null });
    expect(a.today.calls).toBe(1);
    expect(r.changed).toEqual(['1001']);
  });

  it('S7: info opens the call, implies on_call from now and counts a call', () => {
    const s = liveFloor();
    reduce(s, notice(1, 0), T0);
    reduce(s, info('call-1'), T0 + 30 * SEC);
    const a = agent(s);
    expect(a).toMatchObject({ status: 'on_call', stateSince: T0 + 30 * SEC });
    expect(a.call).toEqual({
      sessionId: 'call-1',
      city: '北京-北京',
      record: expect.objectContaining({ uuid: 'rec-1' }),
      connectedAt: T0 + 30 * SEC,
      held: false,
      endedAt: null,
    });
    expect(a.today).toMatchObject({ calls: 1, longestIdleSeconds: 30 });
  });

  it('S7/C2: a duplicate info with the same sessionId is idempotent', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    const before = agent(s);
    const r = reduce(s, info('call-1'), T0 + 5 * SEC);
    expect(r.changed).toEqual([]);
    expect(agent(s).call).toBe(before.call);
    expect(agent(s).today.calls).toBe(1);
    expect(agent(s).stateSince).toBe(T0);
  });

  it('S7/C2: a duplicate info during wrap-up does not reopen or recount the call', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    reduce(s, notice(3, 0), T0 + 60 * SEC);
    const r = reduce(s, info('call-1'), T0 + 61 * SEC);
    expect(r.changed).toEqual([]);
    expect(agent(s)).toMatchObject({ status: 'wrap_up', today: expect.objectContaining({ calls: 1 }) });
  });

  it('S7/C3: an info with another sessionId while on_call is a back-to-back call', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    reduce(s, info('call-2'), T0 + 40 * SEC);
    const a = agent(s);
    expect(a.call?.sessionId).toBe('call-2');
    expect(a.stateSince).toBe(T0 + 40 * SEC);
    expect(a.today).toMatchObject({ calls: 2, talkSeconds: 40 });
  });

  it('S8: entering signed_out clears a pending sign-out', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    reduce(s, { type: 'control', extno: '1001', change: { pendingSignOut: true } }, T0 + SEC);
    reduce(s, notice(3, 0), T0 + 10 * SEC);
    expect(agent(s).pendingSignOut).toBe(true);
    reduce(s, notice(0, 0), T0 + 20 * SEC);
    expect(agent(s).pendingSignOut).toBe(false);
  });

  it("S9: an info whose outer extno differs is applied to the link's agent", () => {
    const s = liveFloor(['1001', '1003']);
    reduce(s, info('call-1', '1001', '1003'), T0);
    expect(agent(s, '1001').call?.sessionId).toBe('call-1');
    expect(agent(s, '1003').call).toBeNull();
    expect(agent(s, '1001').call?.record.ownerExtno).toBe('1009');
  });

  it('S10: a message changes no status and is returned in messages', () => {
    const s = liveFloor();
    reduce(s, notice(1, 0), T0);
    const r = reduce(s, { type: 'frame', extno: '1001', frame: { method: 'message', msg: '下午三点开会' } }, T0 + SEC);
    expect(r.messages).toEqual([{ extno: '1001', msg: '下午三点开会' }]);
    expect(r.changed).toEqual([]);
    expect(agent(s)).toMatchObject({ status: 'idle', lastFrameAt: T0 + SEC });
  });
});
