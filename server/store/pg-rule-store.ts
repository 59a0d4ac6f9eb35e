/**
 * The alerts' `RuleStore` on the settings table: the whole set under one key (`alerts/rules`),
 * with who changed it last. The logic of a change is MemoryRuleStore's (an unchanged rule keeps
 * its object, so its open alerts carry on); a change is applied to a copy, written, and only
 * then becomes current, so a failed write changes nothing.
 */
import { z } from 'zod';
import { alertRuleSetSchema, type AlertRule } from '@/lib/alerts/rules';
import type { AlertActorRef } from '@/lib/alerts/types';
import { MemoryRuleStore, type RuleSet, type RuleStore } from '@/server/alerts/rule-store';
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

export class PgRuleStore implements RuleStore {
  private current: MemoryRuleStore | null = null;

  constructor(private readonly db: Queryable) {}

  async load(): Promise<RuleSet> {
    const stored = await loadRuleSet(this.db);
    this.current = stored ? MemoryRuleStore.of(stored) : new MemoryRuleStore();
    return this.current.load();
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
    if (!this.current) await this.load();
    const scratch = MemoryRuleStore.of(await this.current!.load());
    const next = await apply(scratch);
    if (next === null) return null;
    await saveRuleSet(this.db, next);
    this.current = scratch;
    return next;
  }
}
