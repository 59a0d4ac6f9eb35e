import { describe, expect, it } from 'vitest';
import { buildRoster, rosterToCsv } from '@/server/simulator/roster';
import { DeadlineHeap } from '@/server/simulator/deadline-heap';
import { startSimulator } from '@/server/simulator/index';
import { zhNumber } from '@/server/simulator/zh-data';

const base = { agents: 40, teams: 4, seed: 1, extnoStart: 1001, tokenPrefix: '' };

describe('roster', () => {
  it('gives every agent an extension, a Chinese name, a team and a long unique hex token', () => {
    const { entries } = buildRoster(base);
    expect(entries.map((e) => e.extno)).toEqual(Array.from({ length: 40 }, (_, i) => String(1001 + i)));
    for (const e of entries) {
      expect(e.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      expect(e.token).toMatch(/^[0-9a-f]{48}$/);
    }
    expect(new Set(entries.map((e) => e.token)).size).toBe(40);
    expect([...new Set(entries.map((e) => e.team))]).toEqual(['销售一组', '销售二组', '销售三组', '销售四组']);
  });

  it('derives the roster from the seed: same seed same roster, other seed other tokens', () => {
    expect(buildRoster(base).entries).toEqual(buildRoster(base).entries);
    const other = buildRoster({ ...base, seed: 2 }).entries;
    expect(other.map((e) => e.token)).not.toEqual(buildRoster(base).entries.map((e) => e.token));
  });

  it('never shares a token between simulator processes with their own extension ranges', () => {
    const a = buildRoster({ ...base, extnoStart: 1001 }).entries.map((e) => e.token);
    const b = buildRoster({ ...base, extnoStart: 2001 }).entries.map((e) => e.token);
    expect(a.filter((t) => b.includes(t))).toEqual([]);
  });

  it('prefixes tokens with tokenPrefix', () => {
    expect(buildRoster({ ...base, tokenPrefix: 'simA-' }).entries.every((e) => /^simA-[0-9a-f]{48}$/.test(e.token))).toBe(true);
  });

  it('names teams in Chinese numerals past ten and past a hundred', () => {
    expect([1, 10, 11, 20, 35, 99].map(zhNumber)).toEqual(['一', '十', '十一', '二十', '三十五', '九十九']);
    expect([100, 105, 110, 115, 120, 500].map(zhNumber)).toEqual(['一百', '一百零五', '一百一十', '一百一十五', '一百二十', '五百']);
  });

  it('writes CSV with header extno,name,team,token and quotes what needs it', () => {
    const csv = rosterToCsv([
      { extno: '1001', name: '王芳', team: '销售一组', token: 'ab12' },
      { extno: '1002', name: '李"小"明', team: '销售,二组', token: 'cd34' },
    ]);
    expect(csv).toBe('extno,name,team,token\n1001,王芳,销售一组,ab12\n1002,"李""小""明","销售,二组",cd34\n');
  });
});

describe('deadline heap', () => {
  it('pops in deadline order, ties in insertion order, across growth', () => {
    const heap = new DeadlineHeap();
    const input = Array.from({ length: 3000 }, (_, i) => ({ at: (i * 7919) % 1000, key: i }));
    for (const e of input) heap.push(e.at, e.key, 0);
    const out = { at: 0, key: 0, gen: 0 };
    const popped: { at: number; key: number }[] = [];
    while (heap.pop(out)) popped.push({ at: out.at, key: out.key });
    const expected = [...input].sort((a, b) => a.at - b.at || a.key - b.key);
    expect(popped).toEqual(expected);
    expect(heap.peekAt()).toBe(Infinity);
  });
});

describe('options', () => {
  it('refuses unknown or invalid options', async () => {
    await expect(startSimulator({ agents: 0 })).rejects.toThrow();
    await expect(startSimulator({ speed: -1 })).rejects.toThrow();
    await expect(startSimulator({ tokenPrefix: 'a b' })).rejects.toThrow();
    await expect(startSimulator({ agentz: 5 } as never)).rejects.toThrow();
  });
});
