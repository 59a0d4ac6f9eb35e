import { describe, expect, it } from 'vitest';
import { SLOT_COUNT, rendezvousOwner, slotOf } from '@/server/cluster/slots';

const members = (n: number) => Array.from({ length: n }, (_, i) => `gw-${i + 1}`);
const owners = (list: readonly string[]) => Array.from({ length: SLOT_COUNT }, (_, s) => rendezvousOwner(s, list));

describe('slots and rendezvous hashing', () => {
  it('every member computes the same owner whatever the order of the member list', () => {
    expect(owners(['a', 'b', 'c'])).toEqual(owners(['c', 'a', 'b']));
  });

  it('spreads agents over all slots and slots evenly over gateways', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++) seen.add(slotOf(String(1000 + i)));
    expect(seen.size).toBe(SLOT_COUNT);
    const counts = new Map<string, number>();
    for (const o of owners(members(4))) counts.set(o!, (counts.get(o!) ?? 0) + 1);
    for (const n of counts.values()) expect(n).toBeGreaterThan(SLOT_COUNT / 4 / 2);
  });

  it('a gateway joining moves only the slots it wins; one leaving moves only its own', () => {
    const before = owners(members(3));
    const joined = owners(members(4));
    joined.forEach((o, s) => {
      if (o !== before[s]) expect(o).toBe('gw-4');
    });
    const left = owners(members(3).filter((m) => m !== 'gw-2'));
    left.forEach((o, s) => {
      if (o !== before[s]) expect(before[s]).toBe('gw-2');
    });
  });

  it('no member, no owner', () => {
    expect(rendezvousOwner(7, [])).toBeNull();
  });
});
