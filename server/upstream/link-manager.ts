/**
 * All upstream monitor links: one per roster agent, opened and closed for roster differences
 * only, sharing one connect queue (bounded rate after a mass disconnect) and one heartbeat
 * timer that walks the links (not 10,000 intervals). See docs/upstream-links.md.
 */
import WebSocket from 'ws';
import type { RosterEntry } from '@/server/state/types';
import { createConnectQueue } from './connect-limiter';
import { type LinkHost, UpstreamLink } from './link';
import {
  type LinkManagerOptions,
  resolveLinkOptions,
  UPSTREAM_LINK_STATES,
  type UpstreamLinkState,
} from './link-options';
import { diffRoster } from './roster';

export type { LinkManagerOptions, LinkStateInfo, LinkLogger, UpstreamLinkState } from './link-options';

export interface LinkStats {
  /** Links on the roster. */
  total: number;
  byState: Record<UpstreamLinkState, number>;
  /** Connect attempts beyond each link's first (retries and manual reconnects), since start. */
  reconnects: number;
  /** Connects waiting for the rate limiter. */
  queuedConnects: number;
}

export interface LinkManager {
  /** Apply a roster: open added agents, close removed ones, re-open on a token change; nothing else moves. */
  setRoster(entries: readonly RosterEntry[]): void;
  /** Drop an agent's socket and connect again now (through the rate limiter). False if not on the roster. */
  reconnect(extno: string): boolean;
  stats(): LinkStats;
  /** Close every socket and cancel every timer; resolves once every socket has closed. */
  close(): Promise<void>;
}

export function createLinkManager(options: LinkManagerOptions): LinkManager {
  const opts = resolveLinkOptions(options);
  const { log, timers } = opts;
  const links = new Map<string, UpstreamLink>();
  let roster: RosterEntry[] = [];
  let reconnects = 0;
  let closed = false;

  // Sockets being closed, each with its terminate-after-grace timer.
  const retiring = new Map<WebSocket, unknown>();
  let whenRetired: Array<() => void> = [];

  const queue = createConnectQueue({
    rate: opts.connectRate,
    now: opts.now,
    timers,
    onError: (extno, err) => log.error({ extno, err: String(err) }, 'upstream link: connect failed'),
  });

  const host: LinkHost = {
    opts,
    queue,
    retire,
    countReconnect: () => {
      reconnects++;
    },
  };

  // A round that runs late (the event loop stalled, e.g. under load) may run before the pongs
  // that arrived meanwhile are read: it only pings again and judges nothing, so a stall never
  // cuts healthy links. The next on-time round judges.
  let lastRound = opts.now();
  const heartbeat = timers.setInterval(() => {
    const now = opts.now();
    const late = now - lastRound > opts.heartbeatIntervalMs * 1.5;
    lastRound = now;
    for (const link of links.values()) link.heartbeat(!late);
  }, opts.heartbeatIntervalMs);

  function forget(ws: WebSocket): void {
    const timer = retiring.get(ws);
    if (timer === undefined) return;
    timers.clearTimeout(timer);
    retiring.delete(ws);
    if (retiring.size === 0) {
      const waiters = whenRetired;
      whenRetired = [];
      for (const resolve of waiters) resolve();
    }
  }

  function retire(ws: WebSocket): void {
    if (ws.readyState === WebSocket.CLOSED || retiring.has(ws)) return;
    retiring.set(
      ws,
      timers.setTimeout(() => {
        // The peer did not finish the closing handshake in time: cut the TCP connection and move on.
        try {
          ws.terminate();
        } catch {
          // terminate() on a half-built socket can only fail harmlessly; nothing to recover.
        }
        forget(ws);
      }, opts.closeGraceMs),
    );
    ws.once('close', () => forget(ws));
    try {
      // A clean 1000 tells the call system we left on purpose; a socket still connecting is aborted.
      if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'floorboard: link closed');
      else ws.terminate();
    } catch (err) {
      log.warn({ err: String(err) }, 'upstream link: closing a socket failed');
      forget(ws);
    }
  }

  function open(entry: RosterEntry): void {
    const link = new UpstreamLink(entry, host);
    links.set(entry.extno, link);
    link.start();
  }

  function drop(extno: string): void {
    links.get(extno)?.dispose();
    links.delete(extno);
  }

  return {
    setRoster(entries) {
      if (closed) {
        log.warn({}, 'upstream links: setRoster after close ignored');
        return;
      }
      // A duplicate extno would open two sockets for one agent: keep the first (the parser rejects them anyway).
      const unique = new Map<string, RosterEntry>();
      for (const e of entries) {
        if (unique.has(e.extno)) log.warn({ extno: e.extno }, 'upstream links: duplicate extno in roster ignored');
        else unique.set(e.extno, e);
      }
      const next = [...unique.values()];
      const diff = diffRoster(roster, next);
      roster = next;
      for (const e of diff.removed) drop(e.extno);
      for (const change of diff.changed) {
        const link = links.get(change.next.extno);
        if (link && !change.tokenChanged) {
          link.updateEntry(change.next);
        } else {
          drop(change.next.extno);
          open(change.next);
        }
      }
      for (const e of diff.added) open(e);
      if (diff.added.length + diff.removed.length + diff.changed.length > 0) {
        log.info(
          {
            added: diff.added.length,
            removed: diff.removed.length,
            reopened: diff.changed.filter((c) => c.tokenChanged).length,
            renamed: diff.changed.filter((c) => !c.tokenChanged).length,
            total: links.size,
          },
          'upstream links: roster applied',
        );
      }
    },

    reconnect(extno) {
      const link = links.get(extno);
      if (!link || closed) return false;
      link.reconnect();
      return true;
    },

    stats() {
      const byState = Object.fromEntries(UPSTREAM_LINK_STATES.map((s) => [s, 0])) as Record<UpstreamLinkState, number>;
      for (const link of links.values()) byState[link.state]++;
      return { total: links.size, byState, reconnects, queuedConnects: queue.size() };
    },

    async close() {
      if (!closed) {
        closed = true;
        timers.clearInterval(heartbeat);
        queue.close();
        for (const link of links.values()) link.dispose();
        links.clear();
        roster = [];
      }
      if (retiring.size > 0) await new Promise<void>((resolve) => whenRetired.push(resolve));
    },
  };
}
