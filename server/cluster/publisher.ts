/**
 * The gateway's side of the change stream: every changed agent's full state (and every monitor
 * message) goes to `XADD fb:changes MAXLEN ~ N` and, for agents, `HSET fb:floor` in one pipeline.
 *
 * While Redis is unreachable nothing is lost silently: agent changes wait per agent (the latest
 * state wins, so the buffer is bounded by the roster), messages in a bounded queue whose
 * overflow is counted and logged; all of it is sent when Redis is back.
 */
import type { Redis } from 'ioredis';
import { type ChangeEntry, encodeEntry, floorValue } from './change-entry';
import type { ClusterKeys } from './keys';
import type { LogFn } from '@/server/log';

export interface ChangePublisherOptions {
  redis: Redis;
  keys: ClusterKeys;
  /** Approximate stream length kept (MAXLEN ~). */
  maxLen?: number;
  /** Messages kept while Redis is unreachable before the oldest are dropped (counted). */
  maxBufferedMessages?: number;
  /** Whether an entry's slot is still held under its fence (a lost slot's entries are not sent). */
  stillOwned: (slot: number, fence: number) => boolean;
  log: { warn: LogFn; error: LogFn };
}

export interface PublisherStats {
  published: number;
  pendingAgents: number;
  pendingMessages: number;
  droppedMessages: number;
  failedFlushes: number;
}

const BATCH = 2000;

export class ChangePublisher {
  private readonly agents = new Map<string, ChangeEntry>();
  private messages: ChangeEntry[] = [];
  private flushing = false;
  private scheduled = false;
  private closed = false;
  private readonly stats_: PublisherStats = { published: 0, pendingAgents: 0, pendingMessages: 0, droppedMessages: 0, failedFlushes: 0 };

  constructor(private readonly opts: ChangePublisherOptions) {
    opts.redis.on('ready', () => this.schedule());
  }

  publish(entry: ChangeEntry): void {
    if (entry.kind === 'agent') this.agents.set(entry.agent.extno, entry);
    else {
      this.messages.push(entry);
      const max = this.opts.maxBufferedMessages ?? 10_000;
      if (this.messages.length > max) {
        const dropped = this.messages.length - max;
        this.messages.splice(0, dropped);
        if (this.stats_.droppedMessages === 0) this.opts.log.error({ dropped }, 'monitor messages dropped while redis is unreachable');
        this.stats_.droppedMessages += dropped;
      }
    }
    this.schedule();
  }

  stats(): PublisherStats {
    return { ...this.stats_, pendingAgents: this.agents.size, pendingMessages: this.messages.length };
  }

  /** Send what is waiting now (tests and shutdown); resolves when the attempt is over. */
  async flush(): Promise<void> {
    if (this.flushing || this.opts.redis.status !== 'ready') return;
    this.flushing = true;
    try {
      while (this.agents.size > 0 || this.messages.length > 0) {
        if (!(await this.sendBatch())) break;
      }
    } finally {
      this.flushing = false;
    }
  }

  close(): void {
    this.closed = true;
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    // One pipeline per turn of the event loop carries every change made in it.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async sendBatch(): Promise<boolean> {
    const { redis, keys, stillOwned } = this.opts;
    const messages = this.messages.splice(0, BATCH);
    const agents: ChangeEntry[] = [];
    for (const [extno, entry] of this.agents) {
      if (agents.length >= BATCH) break;
      this.agents.delete(extno);
      if (stillOwned(entry.slot, entry.fence)) agents.push(entry);
    }
    const maxLen = String(this.opts.maxLen ?? 100_000);
    const p = redis.pipeline();
    for (const e of [...messages, ...agents]) {
      const fields = encodeEntry(e);
      p.xadd(keys.changes, 'MAXLEN', '~', maxLen, '*', ...fields);
      if (e.kind === 'agent') p.hset(keys.floor, e.agent.extno, floorValue(fields));
    }
    try {
      const results = (await p.exec()) ?? [];
      const failed = results.find(([err]) => err);
      if (failed) throw failed[0];
      this.stats_.published += messages.length + agents.length;
      return true;
    } catch (err) {
      // Put the batch back: an agent changed meanwhile keeps its newer state.
      this.messages = [...messages, ...this.messages];
      for (const e of agents) if (e.kind === 'agent' && !this.agents.has(e.agent.extno)) this.agents.set(e.agent.extno, e);
      if (this.stats_.failedFlushes++ === 0 || this.stats_.failedFlushes % 100 === 0) {
        this.opts.log.warn({ err: err instanceof Error ? err.message : String(err), pending: this.agents.size }, 'change publish failed: kept for later');
      }
      return false;
    }
  }
}
