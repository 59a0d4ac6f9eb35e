/**
 * CPU time of the Chromium processes (Linux /proc), by process type: how much work a board view
 * costs the browser, a steadier figure than dropped frames on a shared machine (which count
 * only when that work lands at a bad moment). `renderer` holds the page's main thread, its
 * compositor and raster workers; `gpu-process` holds the display compositor, which draws every
 * changed frame in software here (`--disable-gpu`).
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const TICKS_PER_S = 100;

export type CpuSample = Map<string, number>;

/** Seconds of CPU (user + system) used so far by each Chromium process type; empty off Linux. */
export function sampleChromiumCpu(): CpuSample {
  const out: CpuSample = new Map();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium')) continue;
      const type = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
      // Fields after the command name: utime and stime are the 14th and 15th of the line.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      const ticks = Number(fields[11]) + Number(fields[12]);
      if (Number.isFinite(ticks)) out.set(type, (out.get(type) ?? 0) + ticks / TICKS_PER_S);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

/** Share of one core each process type used between two samples `seconds` apart (percent). */
export function cpuPercent(before: CpuSample, after: CpuSample, seconds: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const [type, s] of after) out.set(type, Math.max(0, ((s - (before.get(type) ?? 0)) / seconds) * 100));
  return out;
}
