/**
 * Announcements as the floor sees them. The call system sends one `message` frame per agent
 * socket, so the same announcement arrives hundreds of times within a second or two: frames
 * with the same text within `windowMs` of the first are one announcement.
 */
import { randomUUID } from 'node:crypto';
import type { Announcement } from '@/lib/protocol';

export class AnnouncementFeed {
  private readonly recent: Announcement[] = [];
  private readonly firstSeen = new Map<string, Announcement>();

  constructor(
    private readonly options: { keep?: number; windowMs?: number } = {},
  ) {}

  /** Returns the new announcement when this frame starts one, else null (a repeat). */
  onMessage(text: string, at: number): Announcement | null {
    const windowMs = this.options.windowMs ?? 60_000;
    const seen = this.firstSeen.get(text);
    if (seen && at - seen.at < windowMs) return null;
    const announcement: Announcement = { id: randomUUID(), text, at };
    this.firstSeen.set(text, announcement);
    this.recent.push(announcement);
    const keep = this.options.keep ?? 20;
    while (this.recent.length > keep) {
      const dropped = this.recent.shift()!;
      if (this.firstSeen.get(dropped.text) === dropped) this.firstSeen.delete(dropped.text);
    }
    return announcement;
  }

  /** Oldest first. */
  list(): readonly Announcement[] {
    return this.recent;
  }
}
