/**
 * One call to build the whole control path, for the lead's boot code:
 *
 *   const control = createControlPlane({ baseUrl, config, agent, agents, applyControl, actorFor, ... });
 *   registerControlRoutes(router, control.http);
 *   socket.on('control:act', (payload, ack) => control.handleControlEvent(actorOf(socket), payload, ack));
 *   // after each reduce: for every status change   control.watcher.statusChanged(extno, status)
 *   //                    for every message frame   control.announcements.onMessage(extno, msg, now)
 *
 * Every part can also be built on its own (tests do).
 */
import type { IncomingMessage } from 'node:http';
import type { AnnouncementReceipts } from '@/lib/control/announce';
import type { Actor } from '@/lib/control/actor';
import type { ControlErrorCode } from '@/lib/control/errors';
import type { Logger } from '@/server/log';
import { type AnnouncementStore } from './announcement-store';
import { createAnnouncements, type Announcements } from './announcements';
import { MemoryAuditStore, type AuditStore } from './audit';
import { createCallSystemClient, type CallSystemClient } from './call-system-client';
import { clientOptionsFrom, type ControlConfig } from './config';
import type { ListAgents, ReadAgent } from './floor-read';
import { createControlHttpHandlers, type ControlHttpHandlers } from './http-handlers';
import { PendingSignOutWatcher, type CarriedOut } from './pending-signout';
import { defaultCan, type Can } from './permissions';
import { createControlPipeline, type ControlFloorEvent, type ControlPipeline } from './pipeline';
import { TokenBucketLimiter } from './rate-limit';
import { createControlEventHandler, type ControlEventHandler } from './socket-adapter';

export interface ControlPlaneDeps {
  /** The call system's base URL (the simulator's when embedded). */
  baseUrl: string;
  config: ControlConfig;
  agent: ReadAgent;
  agents: ListAgents;
  applyControl: (event: ControlFloorEvent) => void;
  actorFor: (req: IncomingMessage) => Actor | null | Promise<Actor | null>;
  /** Push receipt counters to boards (`announce:receipts`). */
  onReceipts?: (receipts: AnnouncementReceipts) => void;
  /** A pending sign-out was carried out: tell the requester (`control:result`, see toControlResult). */
  onCarriedOut?: (result: CarriedOut) => void;
  onError?: (code: ControlErrorCode) => void;
  can?: Can;
  audit?: AuditStore;
  announcementStore?: AnnouncementStore;
  client?: CallSystemClient;
  logger?: Logger;
  timeZone?: string;
}

export interface ControlPlane {
  client: CallSystemClient;
  pipeline: ControlPipeline;
  watcher: PendingSignOutWatcher;
  announcements: Announcements;
  audit: AuditStore;
  http: ControlHttpHandlers;
  handleControlEvent: ControlEventHandler;
  close(): void;
}

export function createControlPlane(deps: ControlPlaneDeps): ControlPlane {
  const { config, logger } = deps;
  const can = deps.can ?? defaultCan;
  const client = deps.client ?? createCallSystemClient({ ...clientOptionsFrom(config, deps.baseUrl), ...(logger ? { logger } : {}) });
  const audit = deps.audit ?? new MemoryAuditStore(config.AUDIT_MEMORY_ROWS, deps.timeZone ? { timeZone: deps.timeZone } : {});
  const rateLimiter = new TokenBucketLimiter({ capacity: config.CONTROL_RATE_LIMIT, windowMs: config.CONTROL_RATE_WINDOW_MS });
  const pipeline = createControlPipeline({
    client,
    agent: deps.agent,
    applyControl: deps.applyControl,
    audit,
    can,
    rateLimiter,
    ...(logger ? { logger } : {}),
    ...(deps.onError ? { onError: deps.onError } : {}),
  });
  const watcher = new PendingSignOutWatcher(pipeline, {
    ...(deps.onCarriedOut ? { onCarriedOut: deps.onCarriedOut } : {}),
    ...(logger ? { logger } : {}),
  });
  const announcements = createAnnouncements({
    client,
    agents: deps.agents,
    audit,
    can,
    rateLimiter,
    receiptWindowMs: config.ANNOUNCE_RECEIPT_WINDOW_MS,
    floorAsEmptyList: config.ANNOUNCE_FLOOR_AS_EMPTY_LIST,
    ...(deps.announcementStore ? { store: deps.announcementStore } : {}),
    ...(deps.onReceipts ? { onChange: deps.onReceipts } : {}),
    ...(logger ? { logger } : {}),
  });
  const http = createControlHttpHandlers({
    pipeline,
    announcements,
    audit,
    actorFor: deps.actorFor,
    can,
    ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
  });
  const handleControlEvent = createControlEventHandler(pipeline, logger ? { logger } : {});
  return { client, pipeline, watcher, announcements, audit, http, handleControlEvent, close: () => announcements.close() };
}

export { registerControlRoutes } from './http-handlers';
export { floorReader } from './floor-read';
export { parseControlConfig } from './config';
export { toControlResult } from './pending-signout';
