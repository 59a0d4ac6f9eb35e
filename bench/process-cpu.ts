/**
 * CPU time of every process on the machine (Linux /proc), by what it is:
 * - Chromium's processes by type: `renderer` holds the page's main thread, its compositor and
 *   raster workers; `gpu-process` holds the display compositor, which draws every changed frame
 *   in software here (`--disable-gpu`);
 * - `bench`: this Node process, which runs the Floorboard server and its simulator;
 * - `other`: everything else, i.e. other people's work on a shared machine.
 *
 * The Chromium figures are how much work a board view costs the browser, steadier than dropped
 * frames on a shared machine (which count only when that work lands at a bad moment). The
 * `other` figure says whether a run was measured on a quiet machine: a stray process using a
 * third of a core drops frames that no change to the board caused or can fix.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const TICKS_PER_S = 100;

/** Seconds of CPU (user + system) each process has used so far, with what it is. */
export type CpuSample = Map<number, { category: string; seconds: number }>;

/** What a process is, from its command line: a Chromium process type, `bench` or `other`. */
export function categorise(pid: number, cmdline: string, benchPid: number): string {
  if (pid === benchPid) return 'bench';
  if (cmdline.includes('chromium')) return /--type=([a-z-]+)/.exec(cmdline)?.[1] ?? 'browser';
  return 'other';
}

/** Every process's CPU so far; empty off Linux. */
export function sampleProcessCpu(benchPid: number = process.pid): CpuSample {
  const out: CpuSample = new Map();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const p of pids) {
    try {
      const pid = Number(p);
      // Kernel threads have an empty command line and are counted as `other`.
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      // Fields after the command name: utime and stime are the 14th and 15th of the line.
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      const ticks = Number(fields[11]) + Number(fields[12]);
      if (Number.isFinite(ticks)) out.set(pid, { category: categorise(pid, cmd, benchPid), seconds: ticks / TICKS_PER_S });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

/**
 * Share of one core each category used between two samples `seconds` apart (percent). A
 * process that started in between counts from zero; one that ended in between is not counted
 * (its last seconds are lost, so `other` can only read low, never high).
 */
export function cpuPercent(before: CpuSample, after: CpuSample, seconds: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const [pid, a] of after) {
    const b = before.get(pid);
    // A reused pid (a different process) counts from zero as well.
    const used = b && b.category === a.category && b.seconds <= a.seconds ? a.seconds - b.seconds : a.seconds;
    out.set(a.category, (out.get(a.category) ?? 0) + (used / seconds) * 100);
  }
  return out;
}
