/**
 * Alert rules with history on. The rule set the engine runs is kept in memory (MemoryRuleStore:
 * an unchanged rule keeps its object); it is read from the database once it is open (the
 * shipped defaults on a first start), and every change is written behind (only the newest set
 * waits in the queue), so an edit works while the database is down and is stored when it is back.
 */
import { CommittingRuleStore, MemoryRuleStore, type RuleSet } from '@/server/alerts/rule-store';
import type { Logger } from '@/server/log';
import type { Queryable } from '@/server/store/db';
import { loadRuleSet, saveRuleSet } from '@/server/store/pg-rule-store';
import { loadOnce, rereadAfterWrites } from './load-once';
import { WriteBehind } from './write-behind';

export class WriteBehindRuleStore extends CommittingRuleStore {
  readonly queue: WriteBehind<RuleSet>;
  private memory = new MemoryRuleStore();
  private readonly loaded: Promise<void>;

  constructor(
    private readonly dbReady: Promise<Queryable | null>,
    log: Logger,
  ) {
    super();
    this.queue = new WriteBehind<RuleSet>({
      name: 'alert-rules',
      keyOf: () => 'alerts/rules',
      write: (db, batch) => saveRuleSet(db, batch[batch.length - 1]!),
      log,
    });
    this.loaded = loadOnce(dbReady, loadRuleSet, log, 'alert rules').then((stored) => {
      if (stored) this.memory = MemoryRuleStore.of(stored);
    });
  }

  attach(db: Queryable): void {
    this.queue.attach(db);
  }

  /** Waits for the database to open (or fail): the engine runs no rule until then. */
  async load(): Promise<RuleSet> {
    await this.loaded;
    return this.memory.load();
  }

  async reread(): Promise<RuleSet> {
    await this.loaded;
    const stored = await rereadAfterWrites(this.queue, this.dbReady, loadRuleSet);
    if (stored) this.memory = MemoryRuleStore.of(stored);
    return this.memory.load();
  }

  written(): Promise<boolean> {
    return this.queue.flush();
  }

  protected async working(): Promise<MemoryRuleStore> {
    await this.loaded;
    return this.memory;
  }

  protected async commit(next: RuleSet): Promise<void> {
    this.queue.push(next);
  }
}
