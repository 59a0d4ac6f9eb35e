import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { orderedId } from '@/server/control/ordered-id';

describe('audit ids sort in the order they were made (both stores list the same order)', () => {
  it('ids made within one millisecond sort in creation order, byte by byte', () => {
    const ids = Array.from({ length: 50 }, () => orderedId(1_795_488_074_809));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(50);
  });

  it('a later millisecond sorts after, and a clock stepping back never makes an id go backwards', () => {
    const a = orderedId(1_795_488_074_900);
    const b = orderedId(1_795_488_074_901);
    const c = orderedId(1_795_488_070_000);
    expect([c, b, a].sort()).toEqual([a, b, c]);
  });

  it('past 4,096 ids in a millisecond the order still holds', () => {
    const ids = Array.from({ length: 5_000 }, () => orderedId(1_795_488_080_000));
    expect([...ids].sort()).toEqual(ids);
  });

  it('is a valid RFC 9562 UUID, version 7', () => {
    const id = orderedId();
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
  });
});
