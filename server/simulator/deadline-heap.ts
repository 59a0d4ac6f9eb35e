/**
 * A binary min-heap of deadlines in parallel typed arrays: one scheduler for the whole
 * floor instead of a timer per agent, and no object per entry (10,000 agents push
 * tens of thousands of deadlines an hour). Ties pop in insertion order, which keeps a
 * seeded run reproducible.
 */
export class DeadlineHeap {
  private at = new Float64Array(1024);
  private order = new Float64Array(1024);
  private keys = new Int32Array(1024);
  private gens = new Uint32Array(1024);
  private count = 0;
  private inserted = 0;

  get size(): number {
    return this.count;
  }

  /** The earliest deadline, or Infinity when empty. */
  peekAt(): number {
    return this.count > 0 ? (this.at[0] as number) : Infinity;
  }

  push(at: number, key: number, gen: number): void {
    if (this.count === this.at.length) this.grow();
    let i = this.count++;
    const order = this.inserted++;
    // Sift up: move parents down until the slot for the new entry is found.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(at, order, parent)) break;
      this.copy(parent, i);
      i = parent;
    }
    this.set(i, at, order, key, gen);
  }

  /** Removes the earliest entry into `out` (reused by the caller: no allocation per pop). */
  pop(out: { at: number; key: number; gen: number }): boolean {
    if (this.count === 0) return false;
    out.at = this.at[0] as number;
    out.key = this.keys[0] as number;
    out.gen = this.gens[0] as number;
    const last = --this.count;
    if (last === 0) return true;
    const at = this.at[last] as number;
    const order = this.order[last] as number;
    const key = this.keys[last] as number;
    const gen = this.gens[last] as number;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const right = left + 1;
      const child = right < last && this.lessAt(right, left) ? right : left;
      if (!this.less(this.at[child] as number, this.order[child] as number, i, at, order)) break;
      this.copy(child, i);
      i = child;
    }
    this.set(i, at, order, key, gen);
    return true;
  }

  clear(): void {
    this.count = 0;
  }

  /** (at, order) < entry j; or, with explicit (at2, order2), (at, order) < (at2, order2). */
  private less(at: number, order: number, j: number, at2?: number, order2?: number): boolean {
    const bAt = at2 ?? (this.at[j] as number);
    const bOrder = order2 ?? (this.order[j] as number);
    return at < bAt || (at === bAt && order < bOrder);
  }

  private lessAt(i: number, j: number): boolean {
    return this.less(this.at[i] as number, this.order[i] as number, j);
  }

  private copy(from: number, to: number): void {
    this.at[to] = this.at[from] as number;
    this.order[to] = this.order[from] as number;
    this.keys[to] = this.keys[from] as number;
    this.gens[to] = this.gens[from] as number;
  }

  private set(i: number, at: number, order: number, key: number, gen: number): void {
    this.at[i] = at;
    this.order[i] = order;
    this.keys[i] = key;
    this.gens[i] = gen;
  }

  private grow(): void {
    const size = this.at.length * 2;
    const at = new Float64Array(size);
    at.set(this.at);
    const order = new Float64Array(size);
    order.set(this.order);
    const keys = new Int32Array(size);
    keys.set(this.keys);
    const gens = new Uint32Array(size);
    gens.set(this.gens);
    this.at = at;
    this.order = order;
    this.keys = keys;
    this.gens = gens;
  }
}
