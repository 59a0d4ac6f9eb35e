/**
 * Alert rules with history on. The rule set the engine runs is kept in memory (MemoryRuleStore:
 * an unchanged rule keeps its object); it is read from the database once it is open (the
 * shipped defaults on a first start), and every change is written behind (only the newest set
 * waits in the queue), so an edit works while the database is down and is stored when it is back.
 */
import type { AlertRule } from '@/lib/alerts/rules';
import type { AlertActorRef } from '@/lib/alerts/types';
import { MemoryRuleStore, type RuleSet, type RuleStore } from '@/server/alerts/rule-store';
import type { Logger } from '@/server/log';
import type { Queryable } from '@/server/store/db';
import { loadRuleSet, saveRuleSet } from '@/server/store/pg-rule-store';
import { loadOnce } from './load-once';
import { WriteBehind } from './write-behind';

export class WriteBehindRuleStore implements RuleStore {
  readonly queue: WriteBehind<RuleSet>;
  private memory = new MemoryRuleStore();
  private readonly loaded: Promise<void>;

  constructor(dbReady: Promise<Queryable | null>, log: Logger) {
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

  replaceAll(rules: readonly AlertRule[], by: AlertActorRef, at: number): Promise<RuleSet> {
    return this.change((m) => m.replaceAll(rules, by, at)) as Promise<RuleSet>;
  }

  upsert(rule: AlertRule, by: AlertActorRef, at: number): Promise<RuleSet> {
    return this.change((m) => m.upsert(rule, by, at)) as Promise<RuleSet>;
  }

  remove(id: string, by: AlertActorRef, at: number): Promise<RuleSet | null> {
    return this.change((m) => m.remove(id, by, at));
  }

  private async change(apply: (m: MemoryRuleStore) => Promise<RuleSet | null>): Promise<RuleSet | null> {
    await this.loaded;
    const next = await apply(this.memory);
    if (next) this.queue.push(next);
    return next;
  }
}
