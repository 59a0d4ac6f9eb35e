import { describe, expect, it } from 'vitest';
import { formatDuration, formatShortDuration, elapsedSeconds } from '@/lib/format/duration';
import { formatClockTime } from '@/lib/format/centre-time';
import { ClockOffset } from '@/lib/client/clock-offset';

describe('formatting', () => {
  it('timers show MM:SS, and H:MM:SS past an hour', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(75)).toBe('01:15');
    expect(formatDuration(3599)).toBe('59:59');
    expect(formatDuration(3600)).toBe('1:00:00');
    expect(formatDuration(-3)).toBe('00:00');
  });

  it('elapsed time is never negative (clock offset)', () => {
    expect(elapsedSeconds(2000, 1000)).toBe(0);
    expect(elapsedSeconds(1000, 3999)).toBe(2);
  });

  it('short durations for averages', () => {
    expect(formatShortDuration(42)).toBe('42s');
    expect(formatShortDuration(185)).toBe('3m 05s');
    expect(formatShortDuration(3720, { h: '时', m: '分', s: '秒' })).toBe('1时 02分');
  });

  it('clock times are in the centre time zone', () => {
    expect(formatClockTime(Date.UTC(2025, 0, 1, 6, 3, 22), 'Asia/Shanghai')).toBe('14:03:22');
  });
});

describe('server clock offset', () => {
  it('takes the least delayed sample of the window', () => {
    const c = new ClockOffset();
    c.sample(10_000, 9_000); // true offset 1500, minus 500 ms of delay
    c.sample(20_000, 19_500);
    c.sample(30_000, 28_500); // no delay: the best sample
    c.sample(40_000, 39_200);
    expect(c.offsetMs).toBe(1500);
  });

  it('follows a stepped server clock once old samples leave the window', () => {
    const c = new ClockOffset();
    for (let i = 0; i < 20; i++) c.sample(i * 1000 + 5000, i * 1000);
    for (let i = 0; i < 20; i++) c.sample(i * 1000 - 5000, i * 1000);
    expect(c.offsetMs).toBe(-5000);
  });
});
