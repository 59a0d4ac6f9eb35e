/**
 * What a board may ask of the server: `floor:resync` (R3) and `pop:watch` (R5).
 * Every payload is validated (R4); a refusal is an ack with a stable code, counted and logged,
 * and a handler never throws into Socket.IO.
 */
import type { Ack, CallDetail, RealtimeErrorCode } from '@/lib/protocol';
import { type WireResyncReply, encodeResyncReply } from '@/lib/wire';
import type { Broadcaster } from '@/server/state/broadcaster';
import type { FloorReadModel } from '@/server/state/broadcaster-read-model';
import { scopeCovers } from './board-scope';
import { fail } from './errors';
import type { BoardSocket, RealtimeLog } from './options';
import type { PopWatch } from './pop-watch';
import { describeIssue, popWatchRequestSchema, resyncRequestSchema } from './schemas';
import type { SlowBoards } from './slow-boards';
import { TokenBucket } from './token-bucket';

export interface BoardHandlerContext {
  broadcaster: Broadcaster;
  floor: FloorReadModel;
  pop: PopWatch;
  slow: SlowBoards;
  now: () => number;
  log: RealtimeLog;
  resyncBurst: number;
  resyncPerSecond: number;
  /** Count and report a refused message. */
  rejected: (socket: BoardSocket, event: string, code: RealtimeErrorCode, message: string) => void;
  snapshotSent: (reason: 'resync') => void;
}

type AckFn<T> = (reply: Ack<T>) => void;

/** Socket.IO passes the ack as the last argument; a client may omit it or send junk instead. */
function splitArgs(args: unknown[]): { payload: unknown; ack: ((reply: never) => void) | undefined } {
  const last = args[args.length - 1];
  if (typeof last === 'function') return { payload: args.length > 1 ? args[0] : undefined, ack: last as (reply: never) => void };
  return { payload: args[0], ack: undefined };
}

export function registerBoardHandlers(socket: BoardSocket, ctx: BoardHandlerContext): void {
  const bucket = new TokenBucket(ctx.resyncBurst, ctx.resyncPerSecond, ctx.now());

  /** Shared envelope: ack present, validated, refusals counted, faults contained. */
  function handle<T>(event: string, run: (payload: unknown, reply: AckFn<T>, refuse: (code: RealtimeErrorCode, message: string) => void) => void) {
    return (...args: unknown[]): void => {
      const { payload, ack } = splitArgs(args);
      if (ack === undefined) {
        ctx.rejected(socket, event, 'BAD_REQUEST', 'no ack callback');
        return;
      }
      const reply = ack as AckFn<T>;
      const refuse = (code: RealtimeErrorCode, message: string): void => {
        ctx.rejected(socket, event, code, message);
        reply(fail(code, message));
      };
      try {
        run(payload, reply, refuse);
      } catch (err) {
        ctx.log.error({ err, socket: socket.id, event }, 'board handler failed');
        refuse('INTERNAL', 'internal error');
      }
    };
  }

  socket.on(
    'floor:resync',
    handle<WireResyncReply>('floor:resync', (payload, reply, refuse) => {
      const parsed = resyncRequestSchema.safeParse(payload);
      if (!parsed.success) return refuse('BAD_REQUEST', describeIssue(parsed.error));
      // A paused board gets a snapshot as soon as it drains; answering now would only queue more.
      if (ctx.slow.isPaused(socket.id)) return refuse('SLOW_BOARD', 'connection congested: a snapshot follows when it drains');
      const now = ctx.now();
      if (!bucket.take(now)) return refuse('RATE_LIMITED', 'too many resync requests');
      const channel = socket.data.channel;
      const deltas = ctx.broadcaster.replaySince(channel, parsed.data.sinceSeq);
      if (deltas !== null) {
        reply({ ok: true, data: encodeResyncReply({ kind: 'replay', deltas }) });
        return;
      }
      ctx.snapshotSent('resync');
      reply({ ok: true, data: encodeResyncReply({ kind: 'snapshot', snapshot: ctx.broadcaster.snapshot(channel, now) }) });
    }),
  );

  socket.on(
    'pop:watch',
    handle<CallDetail | null>('pop:watch', (payload, reply, refuse) => {
      const parsed = popWatchRequestSchema.safeParse(payload);
      if (!parsed.success) return refuse('BAD_REQUEST', describeIssue(parsed.error));
      const { extno } = parsed.data;
      if (extno !== null) {
        const team = ctx.floor.team(extno);
        if (team === undefined) return refuse('UNKNOWN_AGENT', `no agent ${extno}`);
        if (!scopeCovers(socket.data.scope, team)) return refuse('FORBIDDEN', `agent ${extno} is outside this board's teams`);
      }
      reply({ ok: true, data: ctx.pop.watch(socket, extno) });
    }),
  );
}
