/**
 * Slots and rendezvous hashing: how the roster is shared among live gateways.
 *
 * Leases are per slot (256 keys for any floor size, not one per agent). Rendezvous (highest
 * random weight) hashing gives every gateway the same answer from the same member list, and a
 * gateway joining or leaving moves only the slots it wins or held: about 1/N of them.
 */
export const SLOT_COUNT = 256;

/** FNV-1a, 32 bits: fast, stable across processes and versions (unlike a seeded hash). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // A final avalanche, so ids that differ in their last character spread over all slots.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

export function slotOf(extno: string): number {
  return fnv1a(extno) % SLOT_COUNT;
}

/** The live member that should own `slot`, or null with no member. Ties go to the smaller id. */
export function rendezvousOwner(slot: number, members: readonly string[]): string | null {
  let best: string | null = null;
  let bestWeight = -1;
  for (const member of members) {
    const weight = fnv1a(`${member}#${slot}`);
    if (weight > bestWeight || (weight === bestWeight && best !== null && member < best)) {
      best = member;
      bestWeight = weight;
    }
  }
  return best;
}
