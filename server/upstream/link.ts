/**
 * One agent's monitor link: a single `ws` client socket at a time, its state, and its retries.
 *
 * States (docs/upstream-links.md): connecting -> live -> backoff -> connecting ...;
 * a 401/403 on the upgrade -> bad_credentials, retried slowly. The manager owns what is shared
 * (connect queue, heartbeat walk, graceful close of retired sockets); this class owns the rest.
 *
 * Two rules shape the code:
 * - No duplicate sockets, ever. Each socket's handlers capture the link's generation; replacing
 *   or dropping the socket bumps it, so a retired socket's late events are ignored.
 * - Nothing throws out of a ws event handler. Every handler is guarded; errors are logged
 *   with the token redacted, and the link retries.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { RosterEntry } from '@/server/state/types';
import { backoffDelay } from './backoff';
import type { ConnectQueue } from './connect-limiter';
import type { LinkStateInfo, ResolvedLinkOptions, UpstreamLinkState } from './link-options';
import { redactUrl } from './monitor-url';

/** What a link needs from its manager. */
export interface LinkHost {
  readonly opts: ResolvedLinkOptions;
  readonly queue: ConnectQueue;
  /** Close a socket this link no longer wants (gracefully, terminated after a grace period). */
  retire(ws: WebSocket): void;
  countReconnect(): void;
}

/** ws's error codes for a frame it refuses itself (it closes the socket with 1009 / 1007). */
const REFUSED_BY_WS: Readonly<Record<string, 'too_large' | 'not_text'>> = {
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: 'too_large',
  WS_ERR_INVALID_UTF8: 'not_text',
};

export class UpstreamLink {
  state: UpstreamLinkState = 'connecting';
  /** Bumped whenever the current socket is given up: handlers of older sockets see a mismatch. */
  private gen = 0;
  private ws: WebSocket | null = null;
  /** Backoff attempt (0-based); reset when a link stayed open `stableAfterMs`, or on a manual reconnect. */
  private attempt = 0;
  /** Heard from the socket (opening, frame or pong) since the last heartbeat round. */
  private heard = false;
  /** A ping went out in the last round and nothing was heard since. */
  private pinged = false;
  private openedAt: number | null = null;
  private retryTimer: unknown = null;
  private started = false;
  private reported = false;
  private disposed = false;
  /** Facts about the current socket's failure, read when it closes. */
  private failStatus: number | null = null;
  private failReason: string | null = null;

  constructor(
    private entry: RosterEntry,
    private readonly host: LinkHost,
  ) {}

  get extno(): string {
    return this.entry.extno;
  }

  /** Name or team changed: the socket stays (only a token change re-opens a link). */
  updateEntry(entry: RosterEntry): void {
    if (entry.extno !== this.entry.extno || entry.token !== this.entry.token) {
      throw new Error('updateEntry: a new extno or token needs a new link');
    }
    this.entry = entry;
  }

  start(): void {
    this.requestConnect(true);
  }

  /** Drop the socket (if any) and connect again at once, through the connect queue. */
  reconnect(): void {
    if (this.disposed) return;
    this.clearRetry();
    this.dropSocket();
    this.attempt = 0;
    this.requestConnect(true);
  }

  /**
   * One round of the shared heartbeat walk (docs/upstream-links.md, Heartbeat). A link heard
   * from since the last round (a frame, a pong, or its opening) is not pinged: its frames
   * already prove it alive, and 5,000 ticking links would otherwise cost a ping write and a
   * pong read each per round. A silent link is pinged; one still silent a round after its ping
   * is terminated. `judge` false (a late round, the event loop stalled) pings without terminating.
   */
  heartbeat(judge = true): void {
    const ws = this.ws;
    if (this.disposed || this.state !== 'live' || ws === null) return;
    if (this.heard) {
      this.heard = false;
      this.pinged = false;
      return;
    }
    try {
      if (this.pinged && judge) {
        this.failReason = 'heartbeat timeout';
        // terminate() destroys the TCP socket; 'close' follows and schedules the retry.
        ws.terminate();
        return;
      }
      this.pinged = true;
      ws.ping();
    } catch (err) {
      this.host.opts.log.warn({ extno: this.extno, err: this.describe(err) }, 'upstream link: heartbeat failed');
    }
  }

  /** Removed from the roster (or replaced after a token change): close and forget. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearRetry();
    this.host.queue.cancel(this.extno);
    this.dropSocket();
  }

  /** Ask the shared queue for a connect. `report` false keeps showing bad_credentials while its slow retry runs. */
  private requestConnect(report: boolean): void {
    if (this.disposed) return;
    // Report `connecting` once per stretch: asking again while queued changes nothing visible.
    if (report && !(this.state === 'connecting' && this.reported)) this.setState('connecting', { attempt: this.attempt });
    this.host.queue.enqueue(this.extno, () => this.connectNow());
  }

  private connectNow(): void {
    if (this.disposed) return;
    if (this.started) this.host.countReconnect();
    this.started = true;
    this.dropSocket(); // defensive: a link never holds two sockets
    const gen = this.gen;
    this.failStatus = null;
    this.failReason = null;
    this.openedAt = null;
    const { opts } = this.host;

    let ws: WebSocket;
    try {
      ws = new WebSocket(opts.urlFor(this.entry), {
        maxPayload: opts.maxPayload,
        handshakeTimeout: opts.handshakeTimeoutMs,
        perMessageDeflate: false,
      });
    } catch (err) {
      // A bad URL throws synchronously (and quotes the URL: redact).
      this.failReason = this.describe(err);
      opts.log.warn({ extno: this.extno, err: this.failReason }, 'upstream link: cannot open socket');
      this.scheduleRetry();
      return;
    }
    this.ws = ws;

    ws.on('open', () => this.guard(gen, () => this.onOpen()));
    ws.on('message', (data, isBinary) => {
      // Not through guard(): no closure per frame on the busiest path; onMessage guards itself.
      if (gen === this.gen && !this.disposed) this.onMessage(data, isBinary);
    });
    ws.on('pong', () => {
      if (gen === this.gen) this.heard = true;
    });
    ws.on('unexpected-response', (_req: ClientRequest, res: IncomingMessage) => {
      // With a listener here ws leaves the request to us: always abort it, stale or not.
      try {
        this.guard(gen, () => this.onUnexpectedResponse(res));
      } finally {
        ws.terminate();
      }
    });
    // Never removed: an 'error' with no listener would throw out of the emitter.
    ws.on('error', (err) => this.guard(gen, () => this.onError(err)));
    ws.on('close', (code) => this.guard(gen, () => this.onClose(code)));
  }

  private onOpen(): void {
    this.heard = true;
    this.pinged = false;
    this.openedAt = this.host.opts.now();
    this.setState('live', { attempt: this.attempt });
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    // A frame proves the link alive as well as a pong does.
    this.heard = true;
    const { opts } = this.host;
    try {
      opts.onFrame(this.extno, toBuffer(data), isBinary, opts.now());
    } catch (err) {
      // The consumer's bug, not the link's: log it and keep the socket.
      opts.log.error({ extno: this.extno, err: this.describe(err) }, 'upstream link: onFrame threw');
    }
  }

  private onUnexpectedResponse(res: IncomingMessage): void {
    this.failStatus = res.statusCode ?? null;
    this.failReason = `http ${res.statusCode ?? '?'}`;
    res.resume();
  }

  private onError(err: Error & { code?: string }): void {
    const { opts } = this.host;
    const refused = err.code === undefined ? undefined : REFUSED_BY_WS[err.code];
    if (refused !== undefined) {
      // ws already closes the socket (1009 too large, 1007 not UTF-8); count the bad frame
      // like any other, and let 'close' schedule the reconnect.
      const detail = refused === 'too_large' ? `frame over ${opts.maxPayload} bytes` : 'text frame is not valid UTF-8';
      this.failReason = refused;
      opts.log.warn({ extno: this.extno, reason: refused, detail }, 'upstream link: frame refused by ws, reconnecting');
      try {
        opts.onRejected(this.extno, refused, detail);
      } catch (cbErr) {
        opts.log.error({ extno: this.extno, err: this.describe(cbErr) }, 'upstream link: onRejected threw');
      }
      return;
    }
    // Keep the first cause (e.g. `http 401`), not the abort error that follows it.
    this.failReason ??= this.describe(err);
    opts.log.debug({ extno: this.extno, err: this.describe(err) }, 'upstream link: socket error');
  }

  private onClose(code: number): void {
    this.ws = null;
    this.failReason ??= `closed ${code}`;
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const { opts } = this.host;
    const now = opts.now();
    const reason = this.failReason ?? 'unknown';
    if (this.failStatus === 401 || this.failStatus === 403) {
      // The token is wrong: retrying fast cannot help and looks like an attack. Up to 10% jitter
      // keeps a roster of bad tokens from retrying in lockstep.
      const delay = opts.badCredentialsRetryMs + Math.floor(opts.random() * opts.badCredentialsRetryMs * 0.1);
      if (this.state !== 'bad_credentials') {
        opts.log.warn({ extno: this.extno, reason }, 'upstream link: call system refused the token');
      }
      this.setState('bad_credentials', { reason, attempt: this.attempt, nextRetryAt: now + delay });
      this.armRetry(delay, false);
      return;
    }
    if (this.openedAt !== null && now - this.openedAt >= opts.stableAfterMs) this.attempt = 0;
    const delay = backoffDelay(this.attempt, opts.backoff, opts.random);
    opts.log.debug({ extno: this.extno, reason, attempt: this.attempt, delay }, 'upstream link: backing off');
    this.setState('backoff', { reason, attempt: this.attempt, nextRetryAt: now + delay });
    this.attempt++;
    this.armRetry(delay, true);
  }

  private armRetry(ms: number, report: boolean): void {
    this.clearRetry();
    this.retryTimer = this.host.opts.timers.setTimeout(() => {
      this.retryTimer = null;
      this.requestConnect(report);
    }, ms);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.host.opts.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private dropSocket(): void {
    const ws = this.ws;
    this.ws = null;
    this.gen++;
    if (ws) this.host.retire(ws);
  }

  private setState(state: UpstreamLinkState, info: LinkStateInfo): void {
    this.state = state;
    this.reported = true;
    try {
      this.host.opts.onLinkState(this.extno, state, info);
    } catch (err) {
      this.host.opts.log.error({ extno: this.extno, err: this.describe(err) }, 'upstream link: onLinkState threw');
    }
  }

  /** Run a socket event handler for the current socket only, never letting it throw. */
  private guard(gen: number, fn: () => void): void {
    if (gen !== this.gen || this.disposed) return;
    try {
      fn();
    } catch (err) {
      this.host.opts.log.error({ extno: this.extno, err: this.describe(err) }, 'upstream link: handler failed');
      // Safety net: a link with no socket, no timer and nothing queued would be stuck forever.
      if (this.ws === null && this.retryTimer === null && !this.host.queue.has(this.extno)) this.scheduleRetry();
    }
  }

  /** An error as loggable text: its code or message, with the token removed. */
  private describe(err: unknown): string {
    const e = err as { code?: unknown; message?: unknown } | null;
    const text =
      typeof e?.code === 'string' && typeof e.message === 'string'
        ? `${e.code}: ${e.message}`
        : typeof e?.message === 'string'
          ? e.message
          : String(err);
    return redactUrl(text, this.entry.token);
  }
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
