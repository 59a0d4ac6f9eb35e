/**
 * A real HTTP server on port 0 with the control routes registered the way the lead will,
 * and the actor taken from a stand-in session header (`x-test-user`, a key of `actors`).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Actor } from '@/lib/control/actor';
import { sendError } from '@/server/http/json';
import { Router } from '@/server/http/routes';
import { createAnnouncements } from '@/server/control/announcements';
import { MemoryAuditStore } from '@/server/control/audit';
import { createCallSystemClient } from '@/server/control/call-system-client';
import { createControlHttpHandlers, registerControlRoutes } from '@/server/control/http-handlers';
import { createControlPipeline } from '@/server/control/pipeline';
import type { Logger } from '@/server/log';
import { actors, fakeFloor } from './control-test-kit';

export interface ControlServer {
  url: string;
  floor: ReturnType<typeof fakeFloor>;
  audit: MemoryAuditStore;
  announcements: ReturnType<typeof createAnnouncements>;
  pipeline: ReturnType<typeof createControlPipeline>;
  /** Every response body the server sent. */
  bodies: string[];
  request(method: string, path: string, opts?: { user?: keyof typeof actors; body?: unknown; raw?: string; type?: string }): Promise<{ status: number; text: string; json: unknown; headers: Headers }>;
  close(): Promise<void>;
}

export async function startControlServer(callSystemUrl: string, logger?: Logger, timeoutMs = 3000): Promise<ControlServer> {
  const floor = fakeFloor();
  const audit = new MemoryAuditStore(10_000);
  const client = createCallSystemClient({ baseUrl: callSystemUrl, timeoutMs, adminToken: 'ADMIN-SECRET-1', ...(logger ? { logger } : {}) });
  const pipeline = createControlPipeline({ client, agent: floor.agent, applyControl: floor.applyControl, audit, ...(logger ? { logger } : {}) });
  const announcements = createAnnouncements({ client, agents: floor.list, audit, ...(logger ? { logger } : {}) });
  const actorFor = (req: IncomingMessage): Actor | null => {
    const key = req.headers['x-test-user'];
    return typeof key === 'string' && key in actors ? actors[key as keyof typeof actors] : null;
  };
  const router = new Router();
  registerControlRoutes(router, createControlHttpHandlers({ pipeline, announcements, audit, actorFor }));
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    const end = res.end.bind(res);
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) bodies.push(chunk.toString());
      return (end as (...a: unknown[]) => typeof res)(chunk, ...rest);
    }) as typeof res.end;
    const url = new URL(req.url ?? '/', 'http://local');
    router
      .handle(req, res, url)
      .then((name) => {
        if (name === null) sendError(res, 404, 'NOT_FOUND', 'no route');
      })
      .catch(() => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    floor,
    audit,
    announcements,
    pipeline,
    bodies,
    async request(method, path, opts = {}) {
      const headers: Record<string, string> = {};
      if (opts.user) headers['x-test-user'] = opts.user;
      let body: string | undefined;
      if (opts.raw !== undefined || opts.body !== undefined) {
        body = opts.raw ?? JSON.stringify(opts.body);
        headers['content-type'] = opts.type ?? 'application/json';
      }
      const res = await fetch(base + path, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      return { status: res.status, text, json, headers: res.headers };
    },
    close: () =>
      new Promise<void>((resolve) => {
        announcements.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
