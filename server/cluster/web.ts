/**
 * A web node: no links; the whole floor comes from the gateways' change stream into the same
 * FloorService (upstream: 'external') a single process uses, so boards get the one-process
 * protocol (snapshot, numbered deltas, resync). Socket.IO's Redis streams adapter carries what
 * starts on this node and concerns sockets on others (revocations, per-user messages).
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { FloorService } from '@/server/live/floor-service';
import type { ClusterFeedState } from '@/lib/protocol';
import type { AlertService } from '@/server/alerts/service';
import { shareAlertAcks } from './alert-acks';
import { ChangeConsumer, type ConsumerStatus } from './consumer';
import type { ClusterKeys } from './keys';
import type { ControlPipeline } from '@/server/control/pipeline';
import { sharePendingCancels } from './pending-cancel';
import { sharePendingSignOuts } from './pending-share';
import type { Redis } from './redis';
import { type SettingSource, type SharedSetting, shareSettings } from './settings-share';
import type { LogFn } from '@/server/log';

export interface WebNodeOptions {
  floor: FloorService;
  /** For XREAD BLOCK (held by the consumer). */
  streamRedis: Redis;
  /** For Socket.IO's adapter (commands; it makes its own blocking connection from this one). */
  adapterRedis: Redis;
  keys: ClusterKeys;
  /** This node's alerts: acknowledgements are shared with the other web nodes (CL2). */
  alerts?: AlertService;
  /** This node's control pipeline: `cancel_signout` of a request another web node holds is forwarded there (CL7). */
  control?: ControlPipeline;
  /** Settings kept in the shared database and read into memory: re-read when another web node edits them (CL6). */
  settings?: Partial<Record<SharedSetting, SettingSource>>;
  /** This node's name (GATEWAY_ID or host + pid), written with what it shares. */
  nodeId: string;
  log: { info: LogFn; warn: LogFn };
  now?: () => number;
  /** Change stream unreachable this long: every agent is shown stale ("no data"). Default 5 s. */
  degradedAfterMs?: number;
}

export interface WebNode {
  status(): ConsumerStatus & { ingestedUnknown: number; degraded: boolean; shared: Record<string, Record<string, number>> };
  close(): Promise<void>;
}

export function startWebNode(opts: WebNodeOptions): WebNode {
  const { floor, keys, log } = opts;
  const now = opts.now ?? Date.now;
  let ingestedUnknown = 0;

  floor.realtime.io.adapter(createAdapter(opts.adapterRedis, { streamName: keys.socketIo, maxLen: 10_000 }));
  const alertAcks = opts.alerts ? shareAlertAcks({ io: floor.realtime.io, service: opts.alerts, log }) : null;
  const settings = shareSettings({ io: floor.realtime.io, redis: opts.adapterRedis, sources: opts.settings ?? {}, log });

  const pending = sharePendingSignOuts({ floor, redis: opts.adapterRedis, keys, nodeId: opts.nodeId, log, now });
  const cancels = opts.control
    ? sharePendingCancels({ io: floor.realtime.io, redis: opts.adapterRedis, keys, nodeId: opts.nodeId, pipeline: opts.control, dropFlag: (e) => pending.drop(e), log })
    : null;
  const consumer = new ChangeConsumer({
    redis: opts.streamRedis,
    keys,
    log,
    apply(entry) {
      const t = now();
      if (entry.kind === 'message') return floor.ingestMessage(entry.extno, entry.msg, entry.at);
      if (entry.kind === 'pending') return pending.onEntry(entry.extno, entry.pending);
      // An agent this node's roster does not list (rosters out of step between nodes): counted.
      if (!floor.ingest(pending.merge(entry.agent), t)) ingestedUnknown += 1;
    },
    onRebuild: (state) => pending.replaceAll(state.pendingSignOuts),
  });
  consumer.start();

  // Redis unreachable: the boards must say so rather than show a frozen floor as live. Every
  // agent turns `stale` (greyed, "no data for ...", the board's existing vocabulary); when the
  // stream is back the floor is rebuilt from the hash, which brings the true link states back.
  // The boards also get a board-wide banner (`cluster:feed`, rule CL3): stale tiles alone read
  // as "these agents' links are down", not "this node lost its feed".
  const degradedAfterMs = opts.degradedAfterMs ?? 5000;
  let downSince: number | null = null;
  let degraded = false;
  const feedState = (): ClusterFeedState => (degraded ? { redis: 'down', since: downSince ?? now() } : { redis: 'ok', since: now() });
  const onConnection = (socket: { emit(ev: 'cluster:feed', s: ClusterFeedState): unknown }): void => {
    if (degraded) socket.emit('cluster:feed', feedState());
  };
  floor.realtime.io.on('connection', onConnection);
  const watch = setInterval(() => {
    const t = now();
    if (consumer.status().redis === 'ok') {
      if (degraded) {
        degraded = false;
        consumer.rebuildSoon();
        floor.realtime.io.local.emit('cluster:feed', feedState());
        log.info({}, 'change stream back: floor rebuilt from redis');
      }
      downSince = null;
      return;
    }
    downSince ??= t;
    if (degraded || t - downSince < degradedAfterMs) return;
    degraded = true;
    floor.realtime.io.local.emit('cluster:feed', feedState());
    for (const a of [...floor.state.agents.values()]) if (a.link !== 'stale') floor.ingest({ ...a, link: 'stale', linkSince: t }, t);
    log.warn({ agents: floor.size() }, 'change stream unreachable: every agent shown stale until it returns');
  }, Math.min(1000, degradedAfterMs));
  watch.unref();

  return {
    // What crossed to and from the other web nodes, refused notices included (/api/health).
    status: () => ({
      ...consumer.status(),
      ingestedUnknown,
      degraded,
      shared: { settings: settings.stats(), ...(alertAcks ? { alertAcks: alertAcks.stats() } : {}), ...(cancels ? { cancels: cancels.stats() } : {}) },
    }),
    async close() {
      clearInterval(watch);
      floor.realtime.io.off('connection', onConnection);
      cancels?.close();
      pending.close();
      alertAcks?.close();
      settings.close();
      await consumer.stop();
    },
  };
}
