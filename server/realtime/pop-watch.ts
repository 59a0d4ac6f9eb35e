/**
 * Screen-pop watching (R5): a socket watches at most one agent; it receives `pop:detail` when
 * that agent's CallDetail changes. Customer details never travel in deltas: only sockets that
 * asked (and may see the agent's team) get them, through a per-agent room so each change is
 * serialised once however many sockets watch it.
 *
 * Privacy (docs/security.md PR-1): the customer's number is always sent masked, and phone-like
 * digit runs in the CRM form (a "second number" field) are masked too, except for sockets in
 * `PHONE_FULL_ROOM` (the auth layer puts a socket there when its principal has
 * `view_phone_full`). Those watch through a second room per agent, so each variant is still
 * serialised once per change.
 */
import type { CallDetail } from '@/lib/protocol';
import type { FloorReadModel } from '@/server/state/broadcaster-read-model';
import { scopeCovers } from './board-scope';
import type { BoardSocket, FloorServer } from './options';
import { scrubText } from '@/server/log';
import { popRoom } from './rooms';

/** Sockets whose principal may see customer numbers in full (PHONE_FULL_ROLES). */
export const PHONE_FULL_ROOM = 'privacy:phone-full';

const fullPopRoom = (extno: string): string => `${popRoom(extno)}#full`;

/** The detail with phone-like digit runs masked in the CRM form, for sockets without view_phone_full. */
export function maskedDetail(detail: CallDetail | null): CallDetail | null {
  if (detail === null) return null;
  const f = detail.customer.fields;
  const fields: CallDetail['customer']['fields'] = f.ok
    ? { ok: true, values: Object.fromEntries(Object.entries(f.values).map(([k, v]) => [k, Array.isArray(v) ? v.map(scrubText) : scrubText(v)])) }
    : { ok: false, raw: scrubText(f.raw), reason: f.reason };
  return { ...detail, customer: { ...detail.customer, fields } };
}

const maySeeFull = (socket: BoardSocket): boolean => socket.rooms.has(PHONE_FULL_ROOM);

export class PopWatch {
  /** socket id -> watched extno */
  private readonly watching = new Map<string, string>();
  /** extno -> number of watching sockets */
  private readonly watchers = new Map<string, number>();
  /** extno -> JSON of the detail last sent to its room, to send only real changes. */
  private readonly lastSent = new Map<string, string>();
  private readonly pending = new Set<string>();

  constructor(
    private readonly io: FloorServer,
    private readonly floor: FloorReadModel,
  ) {}

  get watcherCount(): number {
    return this.watching.size;
  }

  /** Start watching (or stop with null); returns the current detail for the ack. */
  watch(socket: BoardSocket, extno: string | null): CallDetail | null {
    this.forget(socket);
    if (extno === null) return null;
    const full = maySeeFull(socket);
    const detail = this.floor.callDetail(extno);
    void socket.join(full ? fullPopRoom(extno) : popRoom(extno));
    this.watching.set(socket.id, extno);
    this.watchers.set(extno, (this.watchers.get(extno) ?? 0) + 1);
    // Keep the room's last-sent value if others already watch: a change still pending for them
    // must not be swallowed because this newcomer's ack already carries it.
    if (!this.lastSent.has(extno)) this.lastSent.set(extno, JSON.stringify(detail));
    return full ? detail : maskedDetail(detail);
  }

  forget(socket: BoardSocket): void {
    const extno = this.watching.get(socket.id);
    if (extno === undefined) return;
    this.watching.delete(socket.id);
    void socket.leave(popRoom(extno));
    void socket.leave(fullPopRoom(extno));
    const left = (this.watchers.get(extno) ?? 1) - 1;
    if (left > 0) {
      this.watchers.set(extno, left);
      return;
    }
    this.watchers.delete(extno);
    this.lastSent.delete(extno);
    this.pending.delete(extno);
  }

  /** Note agents whose detail may have changed; only watched ones cost anything. */
  markChanged(extnos: Iterable<string>): void {
    for (const extno of extnos) if (this.watchers.has(extno)) this.pending.add(extno);
  }

  hasPending(): boolean {
    return this.pending.size > 0;
  }

  flush(): void {
    for (const extno of this.pending) {
      this.evictOutOfScope(extno);
      if (!this.watchers.has(extno)) continue;
      const detail = this.floor.callDetail(extno);
      const json = JSON.stringify(detail);
      if (json === this.lastSent.get(extno)) continue;
      this.lastSent.set(extno, json);
      // Per node (io.local): every web node sees the pop in its own floor copy and serves its
      // own watchers, so a cluster-wide emit would deliver it twice (docs/deploy.md).
      this.io.local.to(popRoom(extno)).emit('pop:detail', maskedDetail(detail));
      this.io.local.to(fullPopRoom(extno)).emit('pop:detail', detail);
    }
    this.pending.clear();
  }

  /** An agent that moved to a team a watcher may not see stops being shown to it. */
  private evictOutOfScope(extno: string): void {
    const team = this.floor.team(extno);
    // A removed agent stays watched: its detail simply becomes null.
    if (team === undefined) return;
    const nsp = this.io.of('/');
    const ids = [...(nsp.adapter.rooms.get(popRoom(extno)) ?? []), ...(nsp.adapter.rooms.get(fullPopRoom(extno)) ?? [])];
    for (const id of ids) {
      const socket = nsp.sockets.get(id);
      if (socket === undefined || scopeCovers(socket.data.scope, team)) continue;
      this.forget(socket);
      socket.emit('pop:detail', null);
    }
  }
}
