/**
 * The simulator's listening server, which tests may stop and start again on the same
 * port (`sim.faults.stopServer` / `restartServer`) to exercise Floorboard's reconnects.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { type Duplex } from 'node:stream';

export interface HttpHandlers {
  request(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export class SimHttpServer {
  private server: Server | null = null;
  private boundPort = 0;

  constructor(
    private readonly handlers: HttpHandlers,
    private readonly host: string,
  ) {}

  get port(): number {
    return this.boundPort;
  }

  get running(): boolean {
    return this.server !== null;
  }

  /** Listens on `port` (0 = any free port the first time; the same port afterwards). */
  listen(port: number): Promise<number> {
    if (this.server) return Promise.resolve(this.boundPort);
    const server = createServer((req, res) => this.handlers.request(req, res));
    server.on('upgrade', (req, socket, head) => this.handlers.upgrade(req, socket, head));
    // A peer resetting mid-request must not take the simulator down.
    server.on('clientError', (_err, socket) => socket.destroy());
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        const addr = server.address();
        this.boundPort = typeof addr === 'object' && addr ? addr.port : port;
        this.server = server;
        resolve(this.boundPort);
      });
    });
  }

  /**
   * Serves a connection accepted elsewhere (a front that routes several simulator processes
   * behind one address and hands the socket over), given the bytes it already read from it.
   */
  adopt(socket: Socket, head: Buffer): void {
    if (!this.server) return void socket.destroy();
    this.server.emit('connection', socket);
    socket.unshift(head);
    // The front may have paused it to stop reading while it routed the connection.
    socket.resume();
  }

  /**
   * Stops listening and drops the HTTP connections. The caller deals with the upgraded
   * monitor sockets (close frame or terminate). Resolves once the port is free; with
   * `waitForSockets`, once every socket of the server has gone too.
   */
  async stop(waitForSockets = false): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    if (waitForSockets) await closed;
  }
}

export function baseUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
