/**
 * The simulated floor: every agent's status, call and counters, in flat arrays indexed by
 * the agent's position in the roster (cheap at 10,000 agents). Every status change goes
 * through `transition`, which keeps the ground-truth counters, the optional transition
 * log and the monitor output in step. Time here is REAL time (epoch ms), the time a
 * monitor sees; `simAt` (simulated ms since start) is only recorded for reproducibility.
 */
import { randomBytes } from 'node:crypto';
import { type StatusCode } from '@/lib/domain/status';
import { type Rng } from './prng';
import { buildScreenPop, infoFrameText } from './screen-pop';

export type TransitionCause = 'dynamics' | 'rest' | 'control';

export interface TransitionLogEntry {
  extno: string;
  from: StatusCode;
  to: StatusCode;
  /** Real clock, epoch ms. */
  at: number;
  /** Simulated ms since the simulator started (deterministic for dynamics-driven changes). */
  simAt: number;
  cause: TransitionCause;
}

export interface SimCall {
  sessionId: string;
  /** The customer record's uuid (what addBlack takes). */
  infoUuid: string;
  telephone: string;
  city: string;
  held: boolean;
  /** Epoch ms. */
  startedAt: number;
  /** Set when the call ended; the record stays through wrap-up. */
  endedAt: number | null;
}

/** Ground truth for one agent; seconds are real seconds, including the state in progress. */
export interface AgentTruth {
  extno: string;
  status: StatusCode;
  /** Epoch ms the agent entered `status`. */
  stateSince: number;
  callsConnected: number;
  talkSeconds: number;
  wrapSeconds: number;
  idleSeconds: number;
  /** Idle + on call + wrap-up. */
  signedInSeconds: number;
  call: SimCall | null;
}

export interface FloorOutput {
  /** The agent's status changed: push a notice. */
  notice(idx: number): void;
  /** A call connected: push this `info` frame text. */
  info(idx: number, text: string): void;
}

export interface FloorOptions {
  extnos: readonly string[];
  teams: readonly string[];
  extnoStart: number;
  infoAsString: boolean;
  logTransitions: boolean;
  /** Stream for customer records and session ids (separate from the dynamics stream). */
  customers: Rng;
  /** Real clock, epoch ms, when the floor starts (everyone signed out). */
  now: number;
  /**
   * 8 hex digits that start every session id of this run (default: random per start). The rest
   * of the id comes from the seeded stream, so a run stays reproducible, but two runs with the
   * same seed never reuse a session id: a real call system does not, and the history store keeps
   * the first call it sees under an id.
   */
  sessionPrefix?: string;
}

export class SimFloor {
  readonly size: number;
  readonly status: Uint8Array;
  readonly since: Float64Array;
  readonly log: TransitionLogEntry[] | null;
  private readonly callsConnected: Uint32Array;
  private readonly talkMs: Float64Array;
  private readonly wrapMs: Float64Array;
  private readonly idleMs: Float64Array;
  private readonly calls: (SimCall | null)[];
  readonly indexOf = new Map<string, number>();
  private readonly sessionPrefix: string;

  constructor(
    private readonly opts: FloorOptions,
    private readonly out: FloorOutput,
  ) {
    const n = opts.extnos.length;
    this.size = n;
    this.status = new Uint8Array(n);
    this.since = new Float64Array(n).fill(opts.now);
    this.callsConnected = new Uint32Array(n);
    this.talkMs = new Float64Array(n);
    this.wrapMs = new Float64Array(n);
    this.idleMs = new Float64Array(n);
    this.calls = new Array<SimCall | null>(n).fill(null);
    this.log = opts.logTransitions ? [] : null;
    opts.extnos.forEach((extno, i) => this.indexOf.set(extno, i));
    this.sessionPrefix = opts.sessionPrefix ?? randomBytes(4).toString('hex');
  }

  extno(idx: number): string {
    return this.opts.extnos[idx] ?? '';
  }

  statusOf(idx: number): StatusCode {
    return this.status[idx] as StatusCode;
  }

  call(idx: number): SimCall | null {
    return this.calls[idx] ?? null;
  }

  /** Moves the agent to `to`; a no-op (false) when already there. */
  transition(idx: number, to: StatusCode, now: number, simAt: number, cause: TransitionCause): boolean {
    const from = this.status[idx] as StatusCode;
    if (from === to) return false;
    const elapsed = Math.max(0, now - (this.since[idx] as number));
    if (from === 1) this.idleMs[idx] = (this.idleMs[idx] as number) + elapsed;
    else if (from === 2) this.talkMs[idx] = (this.talkMs[idx] as number) + elapsed;
    else if (from === 3) this.wrapMs[idx] = (this.wrapMs[idx] as number) + elapsed;
    const call = this.calls[idx];
    if (call) {
      if (from === 2) {
        call.endedAt = now;
        call.held = false;
      }
      // The record stays open through wrap-up only.
      if (to !== 3) this.calls[idx] = null;
    }
    if (to === 2) this.callsConnected[idx] = (this.callsConnected[idx] as number) + 1;
    this.status[idx] = to;
    this.since[idx] = now;
    this.log?.push({ extno: this.extno(idx), from, to, at: now, simAt, cause });
    this.out.notice(idx);
    return true;
  }

  /**
   * Connects a call: the screen pop goes out first, then the notice (status 2), so a
   * monitor has the customer record by the time it learns the agent is on a call.
   * `silent` skips the screen pop (a status forced to 2 by a test).
   */
  connectCall(idx: number, now: number, simAt: number, cause: TransitionCause, silent = false): SimCall {
    if (this.status[idx] === 2) this.transition(idx, 3, now, simAt, cause);
    const pop = buildScreenPop(this.opts.customers, {
      extno: this.extno(idx),
      team: this.opts.teams[idx] ?? '',
      extnoStart: this.opts.extnoStart,
      agents: this.size,
      now,
    });
    pop.sessionId = this.sessionPrefix + pop.sessionId.slice(8);
    const call: SimCall = {
      sessionId: pop.sessionId,
      infoUuid: pop.record.uuid,
      telephone: pop.record.telephone,
      city: pop.city,
      held: false,
      startedAt: now,
      endedAt: null,
    };
    if (!silent) this.out.info(idx, infoFrameText(pop, this.extno(idx), this.opts.infoAsString));
    this.transition(idx, 2, now, simAt, cause);
    this.calls[idx] = call;
    return call;
  }

  /** Toggles hold on the open call; returns the new held flag, or null with no call. */
  toggleHold(idx: number): boolean | null {
    const call = this.calls[idx];
    if (!call || this.status[idx] !== 2) return null;
    call.held = !call.held;
    return call.held;
  }

  truth(idx: number, now: number): AgentTruth {
    const status = this.status[idx] as StatusCode;
    const since = this.since[idx] as number;
    const running = Math.max(0, now - since);
    const idle = (this.idleMs[idx] as number) + (status === 1 ? running : 0);
    const talk = (this.talkMs[idx] as number) + (status === 2 ? running : 0);
    const wrap = (this.wrapMs[idx] as number) + (status === 3 ? running : 0);
    const call = this.calls[idx];
    return {
      extno: this.extno(idx),
      status,
      stateSince: since,
      callsConnected: this.callsConnected[idx] as number,
      talkSeconds: talk / 1000,
      wrapSeconds: wrap / 1000,
      idleSeconds: idle / 1000,
      signedInSeconds: (idle + talk + wrap) / 1000,
      call: call ? { ...call } : null,
    };
  }
}
