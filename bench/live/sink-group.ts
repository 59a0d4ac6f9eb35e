/**
 * The sink boards, spread over one or more boards children (bench/live/boards-child.ts) so that
 * receiving every board's frames is not bound to a single event loop. Requests go to every child
 * at once; answers are summed.
 */
import { type BoardCredentials } from './board-socket';
import { type ServerFloor } from './compare';
import { type Child, type ProcSample, cpuPercent, startChild } from './ipc';

export interface BoardsSample {
  proc: ProcSample;
  boards: number;
  connected: number;
  deltas: number;
  snapshots: number;
  /** Replays received by resuming sinks (R13), and the deltas they carried. */
  replays: number;
  replayedDeltas: number;
  gaps: number;
  ignored: number;
  minDeltas: number;
  maxDeltas: number;
  /** Disconnects not caused by the bench, by reason. */
  disconnects: Record<string, number>;
  /** The first sink of the child: bytes are measured on it only (every sink gets the same frames). */
  board0: { deltas: number; bytes: number; snapshotBytes: number };
}

export interface VerifyResult {
  boards: number;
  identical: number;
  unusable: number;
  badBoards: number;
  badAgents: number;
  example: string | null;
}

export class SinkGroup {
  private constructor(readonly children: Child[]) {}

  static async start(url: string, credentials: BoardCredentials | null, processes: number): Promise<SinkGroup> {
    const env = { BENCH_FLOORBOARD_URL: url, BENCH_CREDENTIALS: JSON.stringify(credentials) };
    const children = Array.from({ length: Math.max(1, processes) }, (_, i) =>
      startChild(`boards-${i}`, './boards-child.ts', env, { execArgv: ['--max-old-space-size=8192'] }),
    );
    await Promise.all(children.map((c) => c.ready));
    return new SinkGroup(children);
  }

  /** Connect `count` sinks split over the children, in waves; returns how many got no snapshot. */
  async connect(count: number, wave: number, timeoutMs: number, teams: string[] | null): Promise<{ failed: number; error: string | null }> {
    const n = this.children.length;
    let offset = 0;
    const answers = await Promise.all(
      this.children.map((child, i) => {
        const share = Math.floor(count / n) + (i < count % n ? 1 : 0);
        const arg = { count: share, wave: Math.max(1, Math.round(wave / n)), timeoutMs, teams, offset };
        offset += share;
        return child.request<{ failed: number; error: string | null }>('connect', arg, timeoutMs + 30_000);
      }),
    );
    return { failed: answers.reduce((s, a) => s + a.failed, 0), error: answers.find((a) => a.error)?.error ?? null };
  }

  sample(): Promise<BoardsSample[]> {
    return Promise.all(this.children.map((c) => c.request<BoardsSample>('sample')));
  }

  /** Kill every sink's connection and reconnect them all at once, in every child at the same moment. */
  async dropReconnect(timeoutMs: number, mode: 'cold' | 'resume'): Promise<{ resyncMs: number[]; failed: number; error: string | null }> {
    const answers = await Promise.all(
      this.children.map((c) => c.request<{ resyncMs: number[]; failed: number; error: string | null }>('drop-reconnect', { timeoutMs, mode }, timeoutMs + 30_000)),
    );
    return {
      resyncMs: answers.flatMap((a) => a.resyncMs),
      failed: answers.reduce((s, a) => s + a.failed, 0),
      error: answers.find((a) => a.error)?.error ?? null,
    };
  }

  /** Sinks more than `slack` deltas behind their channel's seq. */
  async behind(seqs: Record<string, number>, slack: number): Promise<number> {
    const answers = await Promise.all(this.children.map((c) => c.request<number>('behind', { seqs, slack })));
    return answers.reduce((s, a) => s + a, 0);
  }

  /** Freeze every sink once it holds its channel's seq (`seqs` by channel key); `behind`: sinks that never got there. */
  async freeze(seqs: Record<string, number>, timeoutMs: number): Promise<{ behind: number }> {
    const answers = await Promise.all(this.children.map((c) => c.request<{ behind: number }>('freeze', { seqs, timeoutMs }, timeoutMs + 30_000)));
    return { behind: answers.reduce((s, a) => s + a.behind, 0) };
  }

  async verify(server: ServerFloor): Promise<VerifyResult> {
    const entries = [...server];
    const answers = await Promise.all(this.children.map((c) => c.request<VerifyResult>('verify', entries, 300_000)));
    return {
      boards: answers.reduce((s, a) => s + a.boards, 0),
      identical: answers.reduce((s, a) => s + a.identical, 0),
      unusable: answers.reduce((s, a) => s + a.unusable, 0),
      badBoards: answers.reduce((s, a) => s + a.badBoards, 0),
      badAgents: answers.reduce((s, a) => s + a.badAgents, 0),
      example: answers.find((a) => a.example)?.example ?? null,
    };
  }

  async stop(): Promise<void> {
    await Promise.all(this.children.map((c) => c.stop()));
  }
}

/** Counts summed over the children; `board0` is the first child's. */
export function sumSamples(samples: readonly BoardsSample[]): Omit<BoardsSample, 'proc'> {
  const first = samples[0];
  return {
    boards: samples.reduce((s, x) => s + x.boards, 0),
    connected: samples.reduce((s, x) => s + x.connected, 0),
    deltas: samples.reduce((s, x) => s + x.deltas, 0),
    snapshots: samples.reduce((s, x) => s + x.snapshots, 0),
    replays: samples.reduce((s, x) => s + x.replays, 0),
    replayedDeltas: samples.reduce((s, x) => s + x.replayedDeltas, 0),
    gaps: samples.reduce((s, x) => s + x.gaps, 0),
    ignored: samples.reduce((s, x) => s + x.ignored, 0),
    minDeltas: Math.min(...samples.map((x) => x.minDeltas)),
    maxDeltas: Math.max(...samples.map((x) => x.maxDeltas)),
    disconnects: samples.reduce<Record<string, number>>((acc, x) => {
      for (const [k, v] of Object.entries(x.disconnects)) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {}),
    board0: first?.board0 ?? { deltas: 0, bytes: 0, snapshotBytes: 0 },
  };
}

/** CPU of all the children together (one core = 100%). */
export function groupCpuPercent(before: readonly BoardsSample[], after: readonly BoardsSample[]): number {
  return before.reduce((s, b, i) => s + cpuPercent(b.proc, after[i]!.proc), 0);
}
