/**
 * Per-team colour tiers with history on: kept in memory, read from the database once it is
 * open, every change written behind (only the newest table waits in the queue).
 */
import type { TeamThresholds, ThresholdSettings } from '@/lib/settings/thresholds';
import type { Logger } from '@/server/log';
import { MemoryThresholdStore, type ThresholdStore } from '@/server/settings/threshold-store';
import type { Queryable } from '@/server/store/db';
import { loadThresholds, saveThresholds } from '@/server/store/pg-threshold-store';
import { loadOnce, rereadAfterWrites } from './load-once';
import { WriteBehind } from './write-behind';

export class WriteBehindThresholdStore implements ThresholdStore {
  readonly queue: WriteBehind<ThresholdSettings>;
  private memory = new MemoryThresholdStore();
  private readonly loaded: Promise<void>;

  constructor(
    private readonly dbReady: Promise<Queryable | null>,
    log: Logger,
  ) {
    this.queue = new WriteBehind<ThresholdSettings>({
      name: 'thresholds',
      keyOf: () => 'thresholds/teams',
      write: (db, batch) => saveThresholds(db, batch[batch.length - 1]!),
      log,
    });
    this.loaded = loadOnce(dbReady, loadThresholds, log, 'colour thresholds').then((stored) => {
      if (stored) this.memory = new MemoryThresholdStore(stored);
    });
  }

  attach(db: Queryable): void {
    this.queue.attach(db);
  }

  async load(): Promise<ThresholdSettings> {
    await this.loaded;
    return this.memory.load();
  }

  async reread(): Promise<ThresholdSettings> {
    await this.loaded;
    const stored = await rereadAfterWrites(this.queue, this.dbReady, loadThresholds);
    if (stored) this.memory = new MemoryThresholdStore(stored);
    return this.memory.load();
  }

  written(): Promise<boolean> {
    return this.queue.flush();
  }

  async replace(teams: Readonly<Record<string, TeamThresholds>>, by: { id: string; name: string }, at: number): Promise<ThresholdSettings> {
    await this.loaded;
    const next = await this.memory.replace(teams, by, at);
    this.queue.push(next);
    return next;
  }
}
