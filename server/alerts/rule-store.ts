/**
 * Where alert rules live. `RuleStore` has a memory implementation (here: starts with
 * DEFAULT_RULES) and a database one (server/store/pg-rule-store.ts: one settings key holding the
 * set as jsonb, validated with alertRuleSetSchema on read). Rules reaching a store are already
 * validated: the service parses every input with zod first.
 */
import { DEFAULT_RULES, type AlertRule } from '@/lib/alerts/rules';
import type { AlertActorRef } from '@/lib/alerts/types';

export interface RuleSet {
  /** Deep-frozen; the same objects until a change (the engine keeps an alert's state per rule object). */
  rules: readonly AlertRule[];
  /** Epoch ms of the last change, null for the shipped defaults. */
  updatedAt: number | null;
  updatedBy: AlertActorRef | null;
}

export interface RuleStore {
  /**
   * The current rule set. A store that has never been written answers DEFAULT_RULES (first
   * start); once written, even an empty set is kept as it is.
   */
  load(): Promise<RuleSet>;
  replaceAll(rules: readonly AlertRule[], by: AlertActorRef, at: number): Promise<RuleSet>;
  /** Insert, or replace the rule with the same id in place. */
  upsert(rule: AlertRule, by: AlertActorRef, at: number): Promise<RuleSet>;
  /** null when no rule had that id. */
  remove(id: string, by: AlertActorRef, at: number): Promise<RuleSet | null>;
  /**
   * Stores that keep a copy in memory: read the shared database again (another web node changed
   * it: CL6), after this store's own pending writes. Without it `load()` is read again.
   */
  reread?(): Promise<RuleSet>;
  /** Stores that write behind: resolves once the changes made so far are in the database. */
  written?(): Promise<boolean>;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A frozen copy: callers may keep what they passed in and change it later. */
export function frozenRule(rule: AlertRule): AlertRule {
  return deepFreeze(structuredClone(rule));
}

export class MemoryRuleStore implements RuleStore {
  private set: RuleSet;

  constructor(initial: readonly AlertRule[] = DEFAULT_RULES) {
    this.set = { rules: Object.freeze(initial.map(frozenRule)), updatedAt: null, updatedBy: null };
  }

  /** A store holding `set` as it is (its rule objects are kept, so their open alerts carry on). */
  static of(set: RuleSet): MemoryRuleStore {
    const store = new MemoryRuleStore([]);
    store.set = { rules: Object.freeze(set.rules.map((r) => (Object.isFrozen(r) ? r : frozenRule(r)))), updatedAt: set.updatedAt, updatedBy: set.updatedBy };
    return store;
  }

  async load(): Promise<RuleSet> {
    return this.set;
  }

  async replaceAll(rules: readonly AlertRule[], by: AlertActorRef, at: number): Promise<RuleSet> {
    const old = new Map(this.set.rules.map((r) => [r.id, r]));
    // An unchanged rule keeps its object, so its open alerts carry on.
    const next = rules.map((r) => {
      const prev = old.get(r.id);
      return prev !== undefined && JSON.stringify(prev) === JSON.stringify(r) ? prev : frozenRule(r);
    });
    return this.write(next, by, at);
  }

  async upsert(rule: AlertRule, by: AlertActorRef, at: number): Promise<RuleSet> {
    const i = this.set.rules.findIndex((r) => r.id === rule.id);
    const next = [...this.set.rules];
    if (i >= 0) next[i] = frozenRule(rule);
    else next.push(frozenRule(rule));
    return this.write(next, by, at);
  }

  async remove(id: string, by: AlertActorRef, at: number): Promise<RuleSet | null> {
    if (!this.set.rules.some((r) => r.id === id)) return null;
    return this.write(
      this.set.rules.filter((r) => r.id !== id),
      by,
      at,
    );
  }

  private write(rules: AlertRule[], by: AlertActorRef, at: number): RuleSet {
    this.set = { rules: Object.freeze(rules), updatedAt: at, updatedBy: { id: by.id, name: by.name } };
    return this.set;
  }
}

/**
 * A `RuleStore` whose changes are MemoryRuleStore's, then kept by `commit` (a database write, a
 * write-behind queue). `working()` gives the store to apply a change to; `commit` makes it current.
 */
export abstract class CommittingRuleStore implements RuleStore {
  abstract load(): Promise<RuleSet>;
  protected abstract working(): Promise<MemoryRuleStore>;
  protected abstract commit(next: RuleSet, working: MemoryRuleStore): Promise<void>;

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
    const working = await this.working();
    const next = await apply(working);
    if (next !== null) await this.commit(next, working);
    return next;
  }
}
