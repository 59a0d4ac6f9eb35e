/**
 * A FIFO with a fixed capacity and O(1) push / amortised O(1) removal from the head, plus the
 * time each item was queued (for the "oldest queued" age). Items are read from the head
 * without removing them, so a batch that fails stays where it was and is retried in order.
 */
export class BoundedQueue<T> {
  private items: T[] = [];
  private times: number[] = [];
  private head = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('queue capacity must be at least 1');
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** False (and nothing stored) when full. */
  push(item: T, at: number): boolean {
    if (this.size >= this.capacity) return false;
    this.items.push(item);
    this.times.push(at);
    return true;
  }

  /** Up to `n` items from the head, oldest first, left in the queue. */
  peek(n: number): T[] {
    return this.items.slice(this.head, this.head + n);
  }

  /** Remove `n` items from the head. */
  drop(n: number): void {
    this.head = Math.min(this.items.length, this.head + n);
    // Compact once the dead prefix dominates, so memory follows the live size.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  /** When the oldest item was queued, or null when empty. */
  oldestAt(): number | null {
    return this.size > 0 ? (this.times[this.head] ?? null) : null;
  }
}
