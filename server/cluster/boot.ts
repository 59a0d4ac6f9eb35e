/**
 * Starts this process's cluster role (FLOORBOARD_ROLE=gateway|web) next to the floor service
 * server/index.ts created; `all` never comes here and needs no Redis.
 */
import os from 'node:os';
import type { AlertService } from '@/server/alerts/service';
import type { Config } from '@/server/config';
import type { ControlPipeline } from '@/server/control/pipeline';
import type { FloorService } from '@/server/live/floor-service';
import type { Logger } from '@/server/log';
import type { RosterEntry } from '@/server/state/types';
import { startGateway } from './gateway';
import { clusterKeys } from './keys';
import { connectRedis, whenReady } from './redis';
import type { SettingSource } from './settings-share';
import { startWebNode } from './web';

export interface ClusterNode {
  role: 'gateway' | 'web';
  id: string;
  /** For /api/health: Redis reachability and this role's figures. */
  health(): { redis: 'ok' | 'down' } & object;
  /** A reloaded roster (gateways relink their share; web nodes only list the agents). */
  setRoster(entries: readonly RosterEntry[]): void;
  /** Whether the floor's change to this agent now is a gateway handing it over or taking it over (CL5). */
  handingOver(extno: string): boolean;
  close(): Promise<void>;
}

export async function startClusterNode(deps: {
  config: Config;
  floor: FloorService;
  roster: readonly RosterEntry[];
  log: Logger;
  /** A web node's alert service, whose acknowledgements the web nodes share. */
  alerts?: AlertService;
  /** A web node's control pipeline: cancels of requests other web nodes hold go there (CL7). */
  control?: ControlPipeline;
  /** A web node's colour thresholds, re-read when another web node edits them (CL6). */
  thresholds?: SettingSource;
}): Promise<ClusterNode> {
  const { config, floor, log } = deps;
  const role = config.FLOORBOARD_ROLE;
  if (role === 'all') throw new Error('FLOORBOARD_ROLE=all runs without the cluster');
  const keys = clusterKeys(config.REDIS_PREFIX);
  const id = config.GATEWAY_ID ?? `${os.hostname()}-${process.pid}`;
  const url = config.REDIS_URL!;

  if (role === 'gateway') {
    const redis = connectRedis(url, `floorboard-gateway-${id}`, log);
    const leaseRedis = connectRedis(url, `floorboard-gateway-leases-${id}`, log);
    await Promise.all([whenReady(redis), whenReady(leaseRedis)]);
    const gateway = startGateway({ floor, roster: deps.roster, redis, leaseRedis, keys, gatewayId: id, ttlMs: config.LEASE_TTL_MS, log });
    log.info({ gateway: id, ttlMs: config.LEASE_TTL_MS }, 'gateway joined');
    return {
      role,
      id,
      health: () => gateway.status(),
      setRoster: (entries) => gateway.setRoster(entries),
      handingOver: (extno) => gateway.handingOver(extno),
      async close() {
        await gateway.close(true);
        redis.disconnect();
        leaseRedis.disconnect();
      },
    };
  }

  const streamRedis = connectRedis(url, `floorboard-web-stream-${id}`, log);
  const adapterRedis = connectRedis(url, `floorboard-web-adapter-${id}`, log, true);
  await Promise.all([whenReady(streamRedis), whenReady(adapterRedis)]);
  const { alerts } = deps;
  const rules: SettingSource | undefined = alerts && { onChange: (listener) => alerts.onRulesChange(() => listener()), reload: () => alerts.reloadRules() };
  const settings = { ...(rules ? { rules } : {}), ...(deps.thresholds ? { thresholds: deps.thresholds } : {}) };
  const web = startWebNode({ floor, streamRedis, adapterRedis, keys, nodeId: id, log, settings, ...(alerts ? { alerts } : {}), ...(deps.control ? { control: deps.control } : {}) });
  log.info({ node: id }, 'web node reading the change stream');
  return {
    role,
    id,
    health: () => web.status(),
    setRoster: (entries) => floor.setRoster(entries),
    handingOver: () => false,
    async close() {
      await web.close();
      adapterRedis.disconnect();
    },
  };
}
