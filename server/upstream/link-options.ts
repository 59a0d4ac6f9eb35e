/**
 * Options of the upstream link manager, their defaults, and the resolved form the links share.
 * Every knob is documented in docs/upstream-links.md.
 */
import type { LinkState } from '@/lib/domain/status';
import type { RosterEntry } from '@/server/state/types';
import { type BackoffOptions, DEFAULT_BACKOFF } from './backoff';
import { type ConnectRate, DEFAULT_CONNECT_RATE, type TimerApi, realTimers } from './connect-limiter';

/** The states a link reports. `stale` is the reducer's judgement (no frames for too long), not the link's. */
export type UpstreamLinkState = Exclude<LinkState, 'stale'>;
export const UPSTREAM_LINK_STATES = ['connecting', 'live', 'backoff', 'bad_credentials'] as const satisfies readonly UpstreamLinkState[];

export interface LinkStateInfo {
  /** Why the link left `live` or failed to get there (token redacted). */
  reason?: string;
  /** Reconnect attempts since the link was last stable (0-based, as used by the backoff formula). */
  attempt?: number;
  /** Epoch ms of the next connect, for `backoff` and `bad_credentials` (the connect queue may add to it). */
  nextRetryAt?: number;
}

/** pino's Logger satisfies this; tests pass a recorder or nothing. */
export interface LinkLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface LinkManagerOptions {
  /** The monitor URL of one agent (see monitor-url.ts). Called on every connect. */
  urlFor: (entry: RosterEntry) => string;
  /** A raw frame from an agent's socket; decoding is the caller's job. Must not throw (it is guarded anyway). */
  onFrame: (extno: string, data: Buffer | string, isBinary: boolean, receivedAt: number) => void;
  onLinkState: (extno: string, state: UpstreamLinkState, info?: LinkStateInfo) => void;
  /**
   * A frame ws refuses before it is a message: over `maxPayload` (ws closes with 1009) or a text
   * frame that is not valid UTF-8 (1007). The link reconnects with backoff.
   */
  onRejected?: (extno: string, reason: 'too_large' | 'not_text', detail: string) => void;
  log?: LinkLogger;
  /** Largest frame accepted, bytes. ws's own default (100 MiB) is far too big for a notice. */
  maxPayload?: number;
  /** Heartbeat round: a live link silent since the last round is pinged, one silent since its ping is terminated. */
  heartbeatIntervalMs?: number;
  /** Give up on an opening handshake after this long. */
  handshakeTimeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** After 401/403 on the upgrade: wait this long (plus up to 10% jitter) before trying the token again. */
  badCredentialsRetryMs?: number;
  /** A link open at least this long counts as stable: its backoff attempt counter starts again at 0. */
  stableAfterMs?: number;
  connectRate?: Partial<ConnectRate>;
  /** How long a graceful close (1000) may take before the socket is terminated. */
  closeGraceMs?: number;
  random?: () => number;
  now?: () => number;
  timers?: TimerApi;
}

export interface ResolvedLinkOptions {
  urlFor: LinkManagerOptions['urlFor'];
  onFrame: LinkManagerOptions['onFrame'];
  onLinkState: LinkManagerOptions['onLinkState'];
  onRejected: NonNullable<LinkManagerOptions['onRejected']>;
  log: LinkLogger;
  maxPayload: number;
  heartbeatIntervalMs: number;
  handshakeTimeoutMs: number;
  backoff: BackoffOptions;
  badCredentialsRetryMs: number;
  stableAfterMs: number;
  connectRate: ConnectRate;
  closeGraceMs: number;
  random: () => number;
  now: () => number;
  timers: TimerApi;
}

const noop = () => {};
export const silentLogger: LinkLogger = { info: noop, warn: noop, error: noop, debug: noop };

export function resolveLinkOptions(o: LinkManagerOptions): ResolvedLinkOptions {
  const resolved: ResolvedLinkOptions = {
    urlFor: o.urlFor,
    onFrame: o.onFrame,
    onLinkState: o.onLinkState,
    onRejected: o.onRejected ?? noop,
    log: o.log ?? silentLogger,
    maxPayload: o.maxPayload ?? 64 * 1024,
    // 10 s, not 15: a silent link is pinged one round and cut the next, so a dead peer is
    // found within 20-30 s, as the ping-every-round scheme found it at 15 s.
    heartbeatIntervalMs: o.heartbeatIntervalMs ?? 10_000,
    handshakeTimeoutMs: o.handshakeTimeoutMs ?? 10_000,
    backoff: { ...DEFAULT_BACKOFF, ...o.backoff },
    badCredentialsRetryMs: o.badCredentialsRetryMs ?? 60_000,
    stableAfterMs: o.stableAfterMs ?? 30_000,
    connectRate: { ...DEFAULT_CONNECT_RATE, ...o.connectRate },
    closeGraceMs: o.closeGraceMs ?? 2_000,
    random: o.random ?? Math.random,
    now: o.now ?? Date.now,
    timers: o.timers ?? realTimers,
  };
  for (const [name, value] of [
    ['maxPayload', resolved.maxPayload],
    ['heartbeatIntervalMs', resolved.heartbeatIntervalMs],
    ['handshakeTimeoutMs', resolved.handshakeTimeoutMs],
    ['backoff.baseMs', resolved.backoff.baseMs],
    ['backoff.capMs', resolved.backoff.capMs],
    ['badCredentialsRetryMs', resolved.badCredentialsRetryMs],
  ] as const) {
    if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`link manager: ${name} must be a positive number, got ${value}`);
  }
  return resolved;
}
