/**
 * Prometheus metrics (prom-client), one registry per server instance so tests can run several.
 * Names follow Prometheus conventions: floorboard_<thing>_<unit>.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { LINK_STATES, type LinkState } from '@/lib/domain/status';
import type { UpstreamFrame } from '@/server/upstream/frames';

export interface Metrics {
  registry: Registry;
  linksByState: Gauge<'state'>;
  framesIn: Counter<'method'>;
  /**
   * Count one accepted upstream frame. The per-frame path (~10,000 a second) adds to a plain
   * number; the counter takes the sum when it is read (a scrape), because prom-client's inc()
   * hashes and validates the label set on every call, through a labels() child too.
   */
  countFrameIn(method: FrameMethod): void;
  framesRejected: Counter<'reason'>;
  reconnects: Counter;
  deltasOut: Counter;
  bytesOut: Counter;
  boardSockets: Gauge;
  /** Upstream frame received -> delta carrying it handed to Socket.IO. */
  fanoutLatency: Histogram;
  httpRequests: Counter<'route' | 'status'>;
  badRequests: Counter<'surface' | 'code'>;
  setLinkStates(counts: Record<LinkState, number>): void;
}

type FrameMethod = UpstreamFrame['method'];
const FRAME_METHODS = ['notice', 'info', 'message'] as const satisfies readonly FrameMethod[];

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  const framesInPending: Record<FrameMethod, number> = { notice: 0, info: 0, message: 0 };
  if (options.defaultMetrics ?? true) {
    // Includes nodejs_eventloop_lag_* (event-loop delay percentiles), heap, RSS, CPU.
    collectDefaultMetrics({ register: registry, prefix: 'floorboard_', eventLoopMonitoringPrecision: 10 });
  }
  const linksByState = new Gauge({
    name: 'floorboard_upstream_links',
    help: 'Upstream monitor links by state',
    labelNames: ['state'] as const,
    registers: [registry],
  });
  const metrics: Metrics = {
    registry,
    linksByState,
    framesIn: new Counter({
      name: 'floorboard_upstream_frames_total',
      help: 'Accepted upstream frames by method',
      labelNames: ['method'] as const,
      registers: [registry],
      collect() {
        for (const method of FRAME_METHODS) {
          const n = framesInPending[method];
          if (n === 0) continue;
          framesInPending[method] = 0;
          this.inc({ method }, n);
        }
      },
    }),
    framesRejected: new Counter({
      name: 'floorboard_upstream_frames_rejected_total',
      help: 'Rejected upstream frames by reason (they change no state)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    reconnects: new Counter({
      name: 'floorboard_upstream_reconnects_total',
      help: 'Upstream link reconnect attempts',
      registers: [registry],
    }),
    deltasOut: new Counter({
      name: 'floorboard_deltas_out_total',
      help: 'Floor deltas emitted to board rooms',
      registers: [registry],
    }),
    bytesOut: new Counter({
      name: 'floorboard_bytes_out_total',
      help: 'Serialised bytes of deltas and snapshots emitted (per room emit, before fan-out)',
      registers: [registry],
    }),
    boardSockets: new Gauge({
      name: 'floorboard_board_sockets',
      help: 'Connected board sockets',
      registers: [registry],
    }),
    fanoutLatency: new Histogram({
      name: 'floorboard_fanout_latency_seconds',
      help: 'Time from an upstream frame arriving to the delta carrying it being emitted',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.08, 0.1, 0.15, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'floorboard_http_requests_total',
      help: 'HTTP API requests by route and status',
      labelNames: ['route', 'status'] as const,
      registers: [registry],
    }),
    badRequests: new Counter({
      name: 'floorboard_bad_requests_total',
      help: 'Refused browser/API requests by surface and error code',
      labelNames: ['surface', 'code'] as const,
      registers: [registry],
    }),
    countFrameIn(method) {
      framesInPending[method]++;
    },
    setLinkStates(counts) {
      for (const state of LINK_STATES) linksByState.set({ state }, counts[state] ?? 0);
    },
  };
  return metrics;
}
