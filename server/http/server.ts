/**
 * The one HTTP server: our own routes first, then Next. One `upgrade` listener routes
 * Socket.IO's path to the realtime server and everything else (Next's dev hot reload) to Next
 * (next.js issue 64128: a second WebSocket server on the same HTTP server breaks hot reload).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { SOCKET_PATH } from '@/lib/protocol';
import type { Logger } from '@/server/log';
import type { Metrics } from '@/server/metrics';
import { sendError } from './json';
import type { Router } from './routes';

export interface NextBridge {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> | void;
}

export interface RealtimeBridge {
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface HttpServerParts {
  router: Router;
  log: Logger;
  metrics: Metrics;
  /** Set once Next has prepared; until then pages answer 503 while the API already works. */
  next: () => NextBridge | null;
  realtime: () => RealtimeBridge | null;
  /**
   * Runs before every route and page (auth: headers, principal, 401/403, CSRF). Returns true
   * when it has answered the request itself.
   */
  guard?: { handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> };
}

function isSocketPath(pathname: string): boolean {
  return pathname === SOCKET_PATH || pathname.startsWith(`${SOCKET_PATH}/`);
}

export function createHttpServer(parts: HttpServerParts): Server {
  const { router, log, metrics } = parts;
  const server = createServer((req, res) => {
    void onRequest(req, res);
  });

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendError(res, 400, 'BAD_URL', 'malformed request URL');
      return;
    }
    try {
      if (isSocketPath(url.pathname)) {
        const rt = parts.realtime();
        if (rt) rt.handleRequest(req, res);
        else sendError(res, 503, 'STARTING', 'realtime server is starting');
        return;
      }
      if (parts.guard && (await parts.guard.handle(req, res, url))) return;
      const route = await router.handle(req, res, url);
      if (route !== null) {
        metrics.httpRequests.inc({ route, status: String(res.statusCode) });
        return;
      }
      const next = parts.next();
      if (!next) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '2' });
        res.end('Floorboard is starting… / Floorboard 正在启动…');
        return;
      }
      await next.handle(req, res);
    } catch (err) {
      log.error({ err, path: url.pathname }, 'request failed');
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'internal error');
      else res.destroy();
    }
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (err) => log.debug({ err }, 'upgrade socket error'));
    let pathname = '/';
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      socket.destroy();
      return;
    }
    if (isSocketPath(pathname)) {
      const rt = parts.realtime();
      if (rt) rt.handleUpgrade(req, socket, head);
      else socket.destroy();
      return;
    }
    const next = parts.next();
    if (next?.upgrade) {
      void Promise.resolve(next.upgrade(req, socket, head)).catch((err: unknown) => {
        log.warn({ err }, 'next upgrade failed');
        socket.destroy();
      });
      return;
    }
    socket.destroy();
  });

  // Slow-loris and idle-socket hygiene for a server that faces browsers.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  return server;
}
