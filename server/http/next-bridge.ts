/**
 * Next.js behind our custom server.
 *
 * Next's getRequestHandler() attaches its own `upgrade` listener to the HTTP server on the first
 * request (NextServer.setupWebSocketHandler). A second upgrade listener would also see
 * Socket.IO's upgrades (next.js issue 64128), so we mark that setup as done and route
 * non-Socket.IO upgrades (dev hot reload) to Next's handler ourselves from the one router.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import next from 'next';
import type { NextBridge } from './server';

interface NextServerInternals {
  didWebSocketSetup: boolean;
  upgradeHandler: (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>;
}

export async function prepareNext(options: { dev: boolean; dir: string; hostname: string; port: number }): Promise<NextBridge & { close(): Promise<void> }> {
  const app = next({ dev: options.dev, dir: options.dir, hostname: options.hostname, port: options.port, quiet: !options.dev });
  await app.prepare();
  const internals = app as unknown as NextServerInternals;
  internals.didWebSocketSetup = true;
  const handle = app.getRequestHandler();
  return {
    handle: (req: IncomingMessage, res: ServerResponse) => handle(req, res),
    upgrade: options.dev ? (req, socket, head) => internals.upgradeHandler(req, socket, head) : undefined,
    close: () => app.close(),
  };
}
