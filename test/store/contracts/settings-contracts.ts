/**
 * The settings documents' contracts: `RuleStore` (server/alerts/rule-store.ts, test ids RSC-*)
 * and `ThresholdStore` (server/settings/threshold-store.ts, THC-*), on memory, Pg and the
 * write-behind wrappers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RULES, type AlertRule } from '@/lib/alerts/rules';
import type { RuleStore } from '@/server/alerts/rule-store';
import type { ThresholdStore } from '@/server/settings/threshold-store';
import { T0, type StoreTarget } from './target';

const BY = { id: 'u1', name: '经理' };
const rule = (id: string, thresholdSec = 300): AlertRule => ({ ...structuredClone(DEFAULT_RULES[0]!), id, params: { thresholdSec } }) as AlertRule;

export function ruleStoreContract(name: string, target: StoreTarget<RuleStore>): void {
  describe(`RuleStore contract: ${name}`, () => {
    let store: RuleStore;
    beforeAll(() => target.setup(), 120_000);
    afterAll(() => target.teardown());
    beforeEach(async () => {
      store = await target.fresh();
    });

    it('RSC-1: a store never written answers the shipped defaults, with no author', async () => {
      const set = await store.load();
      expect(set.rules).toEqual(DEFAULT_RULES);
      expect([set.updatedAt, set.updatedBy]).toEqual([null, null]);
    });

    it('RSC-2: replace, upsert (in place or appended) and remove, with who and when; removing an unknown id is null', async () => {
      await store.load();
      await store.replaceAll([rule('a'), rule('b')], BY, T0);
      await store.upsert(rule('a', 600), BY, T0 + 1);
      const set = await store.upsert(rule('c'), BY, T0 + 2);
      expect(set.rules.map((r) => [r.id, (r.params as { thresholdSec: number }).thresholdSec])).toEqual([
        ['a', 600],
        ['b', 300],
        ['c', 300],
      ]);
      expect(await store.remove('nope', BY, T0 + 3)).toBeNull();
      const after = await store.remove('b', BY, T0 + 4);
      expect(after?.rules.map((r) => r.id)).toEqual(['a', 'c']);
      expect([after?.updatedAt, after?.updatedBy]).toEqual([T0 + 4, BY]);
    });

    it('RSC-3: an unchanged rule keeps its object across a replace (its open alerts carry on)', async () => {
      const first = await store.replaceAll([rule('a'), rule('b')], BY, T0);
      const second = await store.replaceAll([rule('a'), rule('b', 900)], BY, T0 + 1);
      expect(second.rules[0]).toBe(first.rules[0]);
      expect(second.rules[1]).not.toBe(first.rules[1]);
      expect(Object.isFrozen(second.rules[1])).toBe(true);
    });

    it('RSC-4: the set survives a reopen, an empty set staying empty (not the defaults)', async () => {
      await store.replaceAll([rule('a')], BY, T0);
      expect((await (await target.reopen()).load()).rules.map((r) => r.id)).toEqual(['a']);
      await store.replaceAll([], BY, T0 + 1);
      const again = await (await target.reopen()).load();
      expect([again.rules, again.updatedAt, again.updatedBy]).toEqual([[], T0 + 1, BY]);
    });
  });
}

export function thresholdStoreContract(name: string, target: StoreTarget<ThresholdStore>): void {
  describe(`ThresholdStore contract: ${name}`, () => {
    let store: ThresholdStore;
    beforeAll(() => target.setup(), 120_000);
    afterAll(() => target.teardown());
    beforeEach(async () => {
      store = await target.fresh();
    });

    it('THC-1: a store never written has no team overridden and no author', async () => {
      expect(await store.load()).toEqual({ teams: {}, updatedAt: null, updatedBy: null });
    });

    it('THC-2: the table is replaced whole and survives a reopen; {} goes back to the defaults', async () => {
      const teams = { 销售一组: { idle: [20, 40, 120] as [number, number, number] }, B: { wrap_up: [10, 20, 30] as [number, number, number], on_call: [5, 50, 500] as [number, number, number] } };
      expect(await store.replace(teams, BY, T0)).toEqual({ teams, updatedAt: T0, updatedBy: BY });
      expect(await (await target.reopen()).load()).toEqual({ teams, updatedAt: T0, updatedBy: BY });
      await store.replace({}, BY, T0 + 1);
      expect(await (await target.reopen()).load()).toEqual({ teams: {}, updatedAt: T0 + 1, updatedBy: BY });
    });
  });
}
