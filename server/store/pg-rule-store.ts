/**
 * The alerts' `RuleStore` on the settings table: the whole set under one key (`alerts/rules`),
 * with who changed it last. The logic of a change is MemoryRuleStore's (an unchanged rule keeps
 * its object, so its open alerts carry on); a change is applied to a copy, written, and only
 * then becomes current, so a failed write changes nothing.
 */
import { z } from 'zod';
import { alertRuleSetSchema } from '@/lib/alerts/rules';
import { CommittingRuleStore, MemoryRuleStore, type RuleSet } from '@/server/alerts/rule-store';
import type { Queryable } from './db';
import { SETTING_KEYS } from './repos/settings';
import { loadDocument, saveDocument } from './settings-document';

const actorRefSchema = z.object({ id: z.string(), name: z.string() });
const storedRuleSetSchema = z.object({
  rules: alertRuleSetSchema,
  updatedAt: z.number().nullable(),
  updatedBy: actorRefSchema.nullable(),
});

/** The stored set, or null when it was never written (first start: the caller uses the defaults). */
export async function loadRuleSet(q: Queryable): Promise<RuleSet | null> {
  return loadDocument(q, SETTING_KEYS.alertRules, storedRuleSetSchema);
}

export async function saveRuleSet(q: Queryable, set: RuleSet): Promise<void> {
  await saveDocument(q, SETTING_KEYS.alertRules, { rules: set.rules, updatedAt: set.updatedAt, updatedBy: set.updatedBy }, set.updatedBy?.id ?? null);
}

export class PgRuleStore extends CommittingRuleStore {
  private current: MemoryRuleStore | null = null;

  constructor(private readonly db: Queryable) {
    super();
  }

  async load(): Promise<RuleSet> {
    const stored = await loadRuleSet(this.db);
    this.current = stored ? MemoryRuleStore.of(stored) : new MemoryRuleStore();
    return this.current.load();
  }

  protected async working(): Promise<MemoryRuleStore> {
    if (!this.current) await this.load();
    return MemoryRuleStore.of(await this.current!.load());
  }

  protected async commit(next: RuleSet, working: MemoryRuleStore): Promise<void> {
    await saveRuleSet(this.db, next);
    this.current = working;
  }
}
