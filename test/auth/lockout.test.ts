/**
 * LO-1..LO-4: lockout with back-off per user and per address, under fake timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PASSWORD, addUser, makeAuth } from './helpers';

const MIN = 60_000;

describe('lockout', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2025, 0, 6, 9), toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function setup() {
    const { auth } = makeAuth();
    await addUser(auth, 'wang', 'team_lead', ['A']);
    const attempt = (password: string, ip = '10.0.0.7') => auth.users.authenticate('wang', password, ip);
    return { auth, attempt };
  }

  it('LO-1: 5 failures lock the user for 1 min; even the right password is refused meanwhile', async () => {
    const { attempt } = await setup();
    for (let i = 0; i < 5; i++) expect(await attempt('nope')).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await attempt(PASSWORD)).toMatchObject({ ok: false, code: 'LOCKED_OUT', retryAfterSeconds: 60 });
    vi.advanceTimersByTime(59_000);
    expect(await attempt(PASSWORD)).toMatchObject({ code: 'LOCKED_OUT', retryAfterSeconds: 1 });
    vi.advanceTimersByTime(1_000);
    expect(await attempt(PASSWORD)).toMatchObject({ ok: true });
  });

  it('LO-2: each failure after a lock doubles it (1, 2, 4 ... min), capped at 1 h', async () => {
    const { attempt } = await setup();
    for (let i = 0; i < 5; i++) await attempt('nope');
    const locks: number[] = [];
    for (let i = 0; i < 8; i++) {
      const state = await attempt('nope');
      expect(state).toMatchObject({ code: 'LOCKED_OUT' });
      const wait = (state as { retryAfterSeconds: number }).retryAfterSeconds * 1000;
      vi.advanceTimersByTime(wait);
      expect(await attempt('nope')).toMatchObject({ code: 'INVALID_CREDENTIALS' });
      const next = await attempt('nope');
      locks.push((next as { retryAfterSeconds: number }).retryAfterSeconds / 60);
    }
    expect(locks).toEqual([2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('LO-3: attempts while locked are not counted, and a success clears the user counter', async () => {
    const { attempt } = await setup();
    for (let i = 0; i < 5; i++) await attempt('nope');
    for (let i = 0; i < 20; i++) await attempt('nope');
    vi.advanceTimersByTime(MIN);
    expect(await attempt(PASSWORD)).toMatchObject({ ok: true });
    for (let i = 0; i < 4; i++) expect(await attempt('nope')).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await attempt(PASSWORD)).toMatchObject({ ok: true });
  });

  it('LO-4: one address failing across many usernames is locked after 20 failures; other addresses are not', async () => {
    const { auth } = await setup();
    for (let i = 0; i < 20; i++) await auth.users.authenticate(`guess${i}`, 'nope', '203.0.113.9');
    expect(await auth.users.authenticate('wang', PASSWORD, '203.0.113.9')).toMatchObject({ code: 'LOCKED_OUT', retryAfterSeconds: 60 });
    expect(await auth.users.authenticate('wang', PASSWORD, '10.0.0.8')).toMatchObject({ ok: true });
  });

  it('LO-4: a quiet spell of twice the cap forgets old failures', async () => {
    const { attempt } = await setup();
    for (let i = 0; i < 4; i++) await attempt('nope');
    vi.advanceTimersByTime(2 * 60 * MIN + 1);
    expect(await attempt('nope')).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await attempt(PASSWORD)).toMatchObject({ ok: true });
  });
});
