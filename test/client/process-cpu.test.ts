import { describe, expect, it } from 'vitest';
import { categorise, cpuPercent, type CpuSample } from '@/bench/process-cpu';

const sample = (rows: [number, string, number][]): CpuSample => new Map(rows.map(([pid, category, seconds]) => [pid, { category, seconds }]));

describe('process CPU of a benchmark run (issue 4)', () => {
  it('Chromium processes are told apart by type, the bench process by pid, everything else is other', () => {
    expect(categorise(10, '/usr/lib/chromium/chromium\0--type=renderer\0--lang=zh-CN', 1)).toBe('renderer');
    expect(categorise(11, '/usr/lib/chromium/chromium\0--type=gpu-process', 1)).toBe('gpu-process');
    expect(categorise(12, '/usr/lib/chromium/chromium\0--headless', 1)).toBe('browser');
    expect(categorise(1, '/usr/bin/node\0bench/board-frames.ts', 1)).toBe('bench');
    expect(categorise(13, '/usr/bin/node\0.exp/static.ts', 1)).toBe('other');
    expect(categorise(2, '', 1)).toBe('other');
  });

  it('each category gets the CPU its processes used between the samples, in percent of one core', () => {
    const before = sample([
      [1, 'bench', 10],
      [10, 'renderer', 5],
      [11, 'renderer', 1],
      [20, 'other', 100],
    ]);
    const after = sample([
      [1, 'bench', 12],
      [10, 'renderer', 9],
      [11, 'renderer', 2],
      [20, 'other', 104],
    ]);
    const pct = cpuPercent(before, after, 10);
    expect(pct.get('bench')).toBeCloseTo(20);
    expect(pct.get('renderer')).toBeCloseTo(50);
    expect(pct.get('other')).toBeCloseTo(40);
  });

  it('a process started between the samples counts from zero; one that ended is not counted', () => {
    const before = sample([[30, 'other', 50]]);
    const after = sample([[31, 'other', 3]]);
    expect(cpuPercent(before, after, 10).get('other')).toBeCloseTo(30);
  });

  it('a reused pid (another process) counts from zero, never as a negative share', () => {
    const before = sample([[40, 'renderer', 80]]);
    const after = sample([[40, 'other', 2]]);
    expect(cpuPercent(before, after, 10).get('other')).toBeCloseTo(20);
    const sameKindRestarted = cpuPercent(sample([[41, 'other', 80]]), sample([[41, 'other', 1]]), 10);
    expect(sameKindRestarted.get('other')).toBeCloseTo(10);
  });
});
