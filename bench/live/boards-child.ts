/**
 * Board-clients child of the live-path bench: many sink boards (bench/live/sink-board.ts) in
 * one process, apart from the bench's probe boards so their receive work does not delay the
 * probes' clocks. Reports frame counts, continuity, bytes per board and its own CPU; drops and
 * reconnects every board at once for the mass-resync scenario, then checks each one against
 * the server's `GET /api/agents`.
 */
import { type AgentKeys, type ServerFloor, keysFor, mismatches } from './compare';
import { procSample, serveParent, sleep } from './ipc';
import { SinkBoard, clearRecordedDeltas, disconnects } from './sink-board';
import { type BoardCredentials } from './board-socket';

const url = process.env.BENCH_FLOORBOARD_URL ?? '';
const credentials = JSON.parse(process.env.BENCH_CREDENTIALS ?? 'null') as BoardCredentials | null;
const boards: SinkBoard[] = [];

/** Connect in waves of `wave` boards opened at once, each wave waiting until all of it holds a snapshot. */
async function connectAll(list: readonly SinkBoard[], wave: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < list.length; i += Math.max(1, wave)) {
    const batch = list.slice(i, i + Math.max(1, wave));
    for (const board of batch) board.connect();
    while (Date.now() < deadline && batch.some((b) => b.syncedAt === 0 && b.connectError === null)) await sleep(10);
  }
}

function totals() {
  let deltas = 0;
  let snapshots = 0;
  let replays = 0;
  let replayedDeltas = 0;
  let gaps = 0;
  let ignored = 0;
  let connected = 0;
  let minDeltas = Infinity;
  let maxDeltas = 0;
  for (const b of boards) {
    deltas += b.counts.deltas;
    snapshots += b.counts.snapshots;
    replays += b.counts.replays;
    replayedDeltas += b.counts.replayedDeltas;
    gaps += b.counts.gaps;
    ignored += b.counts.ignored;
    if (b.connected) connected += 1;
    minDeltas = Math.min(minDeltas, b.counts.deltas);
    maxDeltas = Math.max(maxDeltas, b.counts.deltas);
  }
  return {
    boards: boards.length,
    connected,
    deltas,
    snapshots,
    replays,
    replayedDeltas,
    gaps,
    ignored,
    minDeltas: boards.length ? minDeltas : 0,
    maxDeltas,
    disconnects: Object.fromEntries(disconnects),
    board0: { deltas: boards[0]?.counts.deltas ?? 0, bytes: boards[0]?.deltaBytes ?? 0, snapshotBytes: boards[0]?.snapshotBytes ?? 0 },
  };
}

serveParent(
  {
    connect: async (arg) => {
      const { count, wave, timeoutMs, teams, offset } = arg as { count: number; wave: number; timeoutMs: number; teams: string[] | null; offset: number };
      const started = Date.now();
      // All-teams boards by default; with `teams`, each sink shows one team (round robin).
      const queryOf = (i: number): Record<string, string> => (teams && teams.length > 0 ? { teams: teams[(offset + i) % teams.length]! } : {});
      const fresh = Array.from({ length: count }, (_, i) => new SinkBoard(url, queryOf(boards.length + i), credentials, boards.length + i === 0));
      boards.push(...fresh);
      await connectAll(fresh, wave, timeoutMs);
      const failed = fresh.filter((b) => b.syncedAt === 0);
      const never = failed.filter((b) => b.openedAt === 0).length;
      const connectedNoSnapshot = failed.filter((b) => b.connected);
      for (const b of failed.slice(0, 3)) console.error('stuck sink', JSON.stringify(b.diagnose()));
      const detail =
        failed.length === 0
          ? null
          : `${never} never opened (an earlier wave stalled), ${connectedNoSnapshot.length} connected without a snapshot ` +
            `(counts of one: ${JSON.stringify(connectedNoSnapshot[0]?.counts ?? null)}), ` +
            `${failed.length - never - connectedNoSnapshot.length} not connected (${failed.find((b) => b.connectError)?.connectError ?? 'no connect error'})`;
      return { seconds: (Date.now() - started) / 1000, failed: failed.length, error: detail };
    },
    sample: () => ({ proc: procSample(), ...totals() }),
    /**
     * Kill every board's connection at once, then reconnect them all at once; resolves when all
     * hold a snapshot or a replay. `cold`: the boards come back empty (a power cut of every wall
     * display), and start recording for the final check. `resume`: they offer what they hold (a
     * network blip, R13) and keep recording, replays included.
     */
    'drop-reconnect': async (arg) => {
      const { timeoutMs, mode } = arg as { timeoutMs: number; mode: 'cold' | 'resume' };
      const t0 = Date.now();
      for (const b of boards) b.kill();
      for (const b of boards) {
        if (mode === 'cold') b.startRecording();
        b.connect(mode === 'resume');
      }
      const deadline = t0 + timeoutMs;
      while (Date.now() < deadline && boards.some((b) => b.syncedAt === 0 && b.connectError === null)) await sleep(5);
      const resyncMs = boards.filter((b) => b.syncedAt > 0).map((b) => b.syncedAt - t0);
      const failed = boards.filter((b) => b.syncedAt === 0);
      return { t0, resyncMs, failed: failed.length, error: failed.find((b) => b.connectError)?.connectError ?? null };
    },
    /** Stop recording (call on a quiet floor, when the server's floor has been read): what each board holds now is what gets checked. */
    /** Sinks more than `slack` deltas behind their channel's seq (`seqs` by channel key). */
    behind: (arg) => {
      const { seqs, slack } = arg as { seqs: Record<string, number>; slack: number };
      return boards.filter((b) => (b.seq ?? 0) < (seqs[b.channelKey] ?? 0) - slack).length;
    },
    freeze: async (arg) => {
      const { seqs, timeoutMs } = arg as { seqs: Record<string, number>; timeoutMs: number };
      const deadline = Date.now() + timeoutMs;
      const pending = new Set(boards);
      for (;;) {
        for (const b of pending) {
          if ((b.seq ?? 0) < (seqs[b.channelKey] ?? 0)) continue;
          b.recording = false;
          pending.delete(b);
        }
        if (pending.size === 0 || Date.now() > deadline) break;
        await sleep(5);
      }
      for (const b of pending) b.recording = false;
      return { behind: pending.size };
    },
    /**
     * Close every connection (no more traffic to compete with the parsing), then compare each
     * board's recorded floor with the server's (given as ServerFloor entries), restricted to the
     * teams the board shows.
     */
    verify: (arg) => {
      const floor: ServerFloor = new Map(arg as [string, { key: string; team: string }][]);
      const byScope = new Map<string, AgentKeys>();
      for (const b of boards) b.kill();
      let identical = 0;
      let unusable = 0;
      let badBoards = 0;
      let badAgents = 0;
      let example: string | null = null;
      for (const b of boards) {
        const keys = b.keys();
        if (keys === null) {
          unusable += 1;
          continue;
        }
        const scope = b.query.teams ?? '*';
        let server = byScope.get(scope);
        if (!server) byScope.set(scope, (server = keysFor(floor, b.query.teams)));
        const diff = mismatches(keys, server);
        if (diff.length === 0) identical += 1;
        else {
          badBoards += 1;
          badAgents += diff.length;
          example ??= `${diff[0]}: board ${keys.get(diff[0]!) ?? 'absent'} / server ${server.get(diff[0]!) ?? 'absent'}`;
        }
      }
      for (const b of boards) b.stopRecording();
      clearRecordedDeltas();
      return { boards: boards.length, identical, unusable, badBoards, badAgents, example };
    },
  },
  () => {
    for (const b of boards) b.kill();
  },
);

process.send?.({ type: 'ready' });
