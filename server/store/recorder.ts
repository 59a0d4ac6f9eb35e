/**
 * The history write path, batched off the live path (docs/storage.md, H5-H10).
 *
 * record(item) is synchronous, O(1), never throws and never waits: the item goes into a
 * bounded in-memory queue. A writer drains the queue in batches (every `flushIntervalMs`, or at
 * once when `batchSize` items are waiting), one transaction per batch (write-batch.ts).
 * - Database slow or down: the batch stays at the head of the queue and is retried with
 *   exponential backoff; the live path never notices, the queue grows.
 * - Queue full: the new item is dropped and counted by kind, an alarm is raised, and stats()
 *   shows it. Never silent.
 * - A batch refused for its data (constraint, bad value): halved until the offending item is
 *   alone, which is then rejected (counted, logged, alarmed) so one bad row cannot block the rest.
 */
import { randomUUID } from 'node:crypto';
import { type Db, errorMessage, isDataError } from './db';
import { RECORD_KINDS, type RecordItem, type RecordKind } from './record-items';
import { BoundedQueue } from './bounded-queue';
import { writeBatch } from './write-batch';
import type { Logger } from '@/server/log';

export const RECORDER_DEFAULTS = {
  /** ~200 B per item: 200 000 items is about 40 MB, or ~2 minutes of a 10 000-agent floor at full churn. */
  capacity: 200_000,
  batchSize: 1_000,
  /**
   * PGlite executes on the caller's thread: a batch blocks the event loop while it is written
   * (~0.2 ms per item on the dev box), so its batches are kept smaller to bound that stall.
   */
  pgliteBatchSize: 250,
  flushIntervalMs: 250,
  retryBaseMs: 250,
  retryMaxMs: 30_000,
} as const;

export type RecorderAlarm =
  /** The first item dropped since the queue last had room. */
  | { type: 'queue_full'; capacity: number; droppedByKind: Record<RecordKind, number> }
  /** A batch failed for a reason a retry may cure (first failure of an episode). */
  | { type: 'write_failing'; error: string; queued: number }
  | { type: 'write_recovered'; failedForMs: number; queued: number }
  /** An item the database refuses for its content; it is not retried. */
  | { type: 'item_rejected'; kind: RecordKind | 'invalid'; error: string };

export interface RecorderStats {
  /** Items not yet durably written (including a batch in flight). */
  queued: number;
  capacity: number;
  written: number;
  writtenByKind: Record<RecordKind, number>;
  dropped: number;
  droppedByKind: Record<RecordKind, number>;
  rejected: number;
  /** The last write attempt failed and a retry is pending. */
  failing: boolean;
  consecutiveFailures: number;
  lastError: string | null;
  /** Epoch ms of the last successful batch. */
  lastFlushAt: number | null;
  /** Epoch ms the oldest queued item was recorded. */
  oldestQueuedAt: number | null;
}

export interface RecorderOptions {
  db: Db;
  log: Logger;
  capacity?: number;
  batchSize?: number;
  flushIntervalMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  onAlarm?: (alarm: RecorderAlarm) => void;
  now?: () => number;
  random?: () => number;
  /** The batch writer (tests substitute a fake). */
  write?: (db: Db, items: readonly RecordItem[]) => Promise<unknown>;
}

export interface Recorder {
  record(item: RecordItem): void;
  stats(): RecorderStats;
  /** Write everything queued so far; true when done, false on timeout (default 30 s). */
  flush(timeoutMs?: number): Promise<boolean>;
  /** Stop accepting items, drain with a timeout (default 5 s); true when nothing was left behind. */
  close(timeoutMs?: number): Promise<boolean>;
}

function zeroByKind(): Record<RecordKind, number> {
  return { transition: 0, call: 0, audit: 0, receipt: 0 };
}

const KIND_SET = new Set<string>(RECORD_KINDS);

export function createRecorder(options: RecorderOptions): Recorder {
  const { db, log } = options;
  const capacity = options.capacity ?? RECORDER_DEFAULTS.capacity;
  const batchSize =
    options.batchSize ?? (db.driver === 'pglite' ? RECORDER_DEFAULTS.pgliteBatchSize : RECORDER_DEFAULTS.batchSize);
  const flushIntervalMs = options.flushIntervalMs ?? RECORDER_DEFAULTS.flushIntervalMs;
  const retryBaseMs = options.retryBaseMs ?? RECORDER_DEFAULTS.retryBaseMs;
  const retryMaxMs = options.retryMaxMs ?? RECORDER_DEFAULTS.retryMaxMs;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const write = options.write ?? writeBatch;

  const queue = new BoundedQueue<RecordItem>(capacity);
  const writtenByKind = zeroByKind();
  const droppedByKind = zeroByKind();
  let written = 0;
  let dropped = 0;
  let rejected = 0;
  /** Items removed from the head (written or rejected): flush() waits on this. */
  let removed = 0;
  let failing = false;
  let failingSince = 0;
  let consecutiveFailures = 0;
  let lastError: string | null = null;
  let lastFlushAt: number | null = null;
  let fullEpisode = false;

  let timer: NodeJS.Timeout | undefined;
  let timerImmediate = false;
  let writing = false;
  let closed = false;
  let stopped = false;
  /** Bisection state after a data error: batch limit and how many head items are suspect. */
  let limit = batchSize;
  let suspect = 0;
  const waiters: { target: number; resolve: (ok: boolean) => void }[] = [];

  const alarm = (a: RecorderAlarm): void => {
    try {
      options.onAlarm?.(a);
    } catch (err) {
      log.error({ err }, 'recorder alarm callback threw');
    }
  };

  function schedule(delayMs: number): void {
    if (stopped) return;
    if (timer) {
      // An immediate run already pending, or asked for no sooner than the pending one.
      if (timerImmediate || delayMs > 0) return;
      clearTimeout(timer);
    }
    timerImmediate = delayMs === 0;
    timer = setTimeout(() => {
      timer = undefined;
      timerImmediate = false;
      drain().catch((err: unknown) => log.error({ err }, 'recorder writer crashed'));
    }, delayMs);
    // History must not keep a process alive on its own: shutdown calls close().
    timer.unref?.();
  }

  function settleWaiters(): void {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w && removed >= w.target) {
        waiters.splice(i, 1);
        w.resolve(true);
      }
    }
  }

  function countWritten(batch: readonly RecordItem[]): void {
    for (const item of batch) writtenByKind[item.kind] += 1;
    written += batch.length;
    removed += batch.length;
  }

  function reject(item: RecordItem | undefined, err: unknown): void {
    rejected += 1;
    removed += 1;
    const kind = item && KIND_SET.has(item.kind) ? item.kind : 'invalid';
    log.error({ err, kind }, 'history item rejected by the database; skipped');
    alarm({ type: 'item_rejected', kind, error: errorMessage(err) });
  }

  async function drain(): Promise<void> {
    if (writing || stopped) return;
    writing = true;
    let first = true;
    try {
      // Past the first batch, keep going only while full batches wait or someone is flushing:
      // a trickle waits for the next interval and goes out as one batch.
      while (queue.size > 0 && (first || suspect > 0 || queue.size >= batchSize || waiters.length > 0 || closed)) {
        first = false;
        const batch = queue.peek(limit);
        try {
          await write(db, batch);
        } catch (err) {
          if (isDataError(err)) {
            if (batch.length === 1) {
              queue.drop(1);
              reject(batch[0], err);
              suspect = Math.max(0, suspect - 1);
              if (suspect === 0) limit = batchSize;
              settleWaiters();
            } else {
              suspect = Math.max(suspect, batch.length);
              limit = Math.ceil(batch.length / 2);
            }
            first = true; // keep bisecting now rather than one step per interval
            continue;
          }
          consecutiveFailures += 1;
          lastError = errorMessage(err);
          if (!failing) {
            failing = true;
            failingSince = now();
            log.warn({ err, queued: queue.size }, 'history writes failing; retrying with backoff');
            alarm({ type: 'write_failing', error: lastError, queued: queue.size });
          }
          const ceiling = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(consecutiveFailures - 1, 20));
          // Equal jitter: several processes retrying one database do not retry in step.
          schedule(Math.round(ceiling / 2 + (random() * ceiling) / 2));
          return;
        }
        queue.drop(batch.length);
        countWritten(batch);
        lastFlushAt = now();
        if (suspect > 0) {
          suspect -= batch.length;
          if (suspect <= 0) {
            suspect = 0;
            limit = batchSize;
          }
        }
        if (failing) {
          const failedForMs = now() - failingSince;
          failing = false;
          consecutiveFailures = 0;
          log.info({ failedForMs, queued: queue.size }, 'history writes recovered');
          alarm({ type: 'write_recovered', failedForMs, queued: queue.size });
        }
        if (fullEpisode && queue.size <= capacity * 0.9) fullEpisode = false;
        settleWaiters();
        // Let timers and sockets run between batches: PGlite's work is synchronous and only
        // resolves promises, so a backlog drained back to back would starve the live path.
        if (queue.size > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      writing = false;
    }
    if (queue.size > 0 && !failing) schedule(queue.size >= batchSize || waiters.length > 0 || closed ? 0 : flushIntervalMs);
  }

  function record(item: RecordItem): void {
    try {
      if (!item || !KIND_SET.has(item.kind)) {
        rejected += 1;
        log.error({ kind: (item as { kind?: unknown } | undefined)?.kind }, 'recorder.record: not a record item');
        alarm({ type: 'item_rejected', kind: 'invalid', error: 'not a record item' });
        return;
      }
      if (closed) {
        dropped += 1;
        droppedByKind[item.kind] += 1;
        return;
      }
      // The idempotency key is fixed before the first attempt, so a replay cannot duplicate the row.
      const queued = item.kind === 'audit' && !item.eventId ? { ...item, eventId: randomUUID() } : item;
      if (!queue.push(queued, now())) {
        dropped += 1;
        droppedByKind[item.kind] += 1;
        if (!fullEpisode) {
          fullEpisode = true;
          log.error({ capacity, droppedByKind }, 'history queue full: dropping items');
          alarm({ type: 'queue_full', capacity, droppedByKind: { ...droppedByKind } });
        }
        return;
      }
      if (failing) return; // the retry timer is already set
      schedule(queue.size >= batchSize ? 0 : flushIntervalMs);
    } catch (err) {
      // The live path must never see an exception from history; count it as a drop.
      dropped += 1;
      log.error({ err }, 'recorder.record failed');
    }
  }

  function flush(timeoutMs = 30_000): Promise<boolean> {
    const target = removed + queue.size;
    if (removed >= target) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const t = setTimeout(() => {
        const i = waiters.indexOf(entry);
        if (i >= 0) waiters.splice(i, 1);
        resolve(false);
      }, timeoutMs);
      const entry = {
        target,
        resolve: (ok: boolean) => {
          clearTimeout(t);
          resolve(ok);
        },
      };
      waiters.push(entry);
      if (!failing) schedule(0);
    });
  }

  async function close(timeoutMs = 5_000): Promise<boolean> {
    closed = true;
    const ok = await flush(timeoutMs);
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = undefined;
    for (const w of waiters.splice(0)) w.resolve(false);
    if (!ok) log.error({ queued: queue.size, lastError }, 'recorder closed with history items unwritten');
    return ok;
  }

  function stats(): RecorderStats {
    return {
      queued: queue.size,
      capacity,
      written,
      writtenByKind: { ...writtenByKind },
      dropped,
      droppedByKind: { ...droppedByKind },
      rejected,
      failing,
      consecutiveFailures,
      lastError,
      lastFlushAt,
      oldestQueuedAt: queue.oldestAt(),
    };
  }

  return { record, stats, flush, close };
}
