/**
 * The floor's dynamics: one deadline heap and one timer drive every agent
 * (signed out -> idle -> on call -> wrap-up -> idle, breaks as sign-outs) and every
 * team's dialler-starvation spells.
 *
 * Reproducibility: deadlines are kept in SIMULATED ms and the next deadline is computed
 * from the scheduled one, not from when the timer happened to fire; entries pop in
 * (deadline, insertion) order and draw from one seeded stream. So the same seed and
 * options give the same sequence of changes, however late the timer runs. Changes from
 * outside (REST, control API) draw from the same stream and so perturb the sequence.
 */
import { assertNever } from '@/lib/domain/status';
import { type SimClock } from './clock';
import { DeadlineHeap } from './deadline-heap';
import { type SimFloor } from './floor';
import { ModelSampler, type DynamicsModel } from './model';
import { type Rng } from './prng';

/** What the rest of the simulator needs from whatever moves agents on its own. */
export interface FloorDriver {
  /** The agent was moved from outside (REST or control): plan its next step from now. */
  afterExternal(idx: number): void;
  /** A kept agent is left alone by the dynamics until released. */
  setKept(idx: number, kept: boolean): void;
  stop(): void;
}

/** `dynamics: false`: agents move only when a test moves them. */
export const STILL_FLOOR: FloorDriver = {
  afterExternal: () => undefined,
  setKept: () => undefined,
  stop: () => undefined,
};

export interface DynamicsDeps {
  floor: SimFloor;
  teamOf: Uint16Array;
  teams: number;
  model: DynamicsModel;
  rng: Rng;
  clock: SimClock;
}

/** Float tolerance when comparing a due time with the clock (avoids 0 ms re-arm loops). */
const EPSILON_MS = 1e-3;

export class FloorDynamics implements FloorDriver {
  private readonly heap = new DeadlineHeap();
  private readonly gen: Uint32Array;
  private readonly kept: Uint8Array;
  /** Per team: simulated ms until which the dialler has no calls for it. */
  private readonly starvedUntil: Float64Array;
  private readonly sample: ModelSampler;
  private readonly popped = { at: 0, key: 0, gen: 0 };
  private timer: ReturnType<typeof setTimeout> | null = null;
  private armedFor = Infinity;
  private stopped = false;

  constructor(private readonly deps: DynamicsDeps) {
    const n = deps.floor.size;
    this.gen = new Uint32Array(n);
    this.kept = new Uint8Array(n);
    this.starvedUntil = new Float64Array(deps.teams);
    this.sample = new ModelSampler(deps.model, deps.rng);
  }

  /** Plans the staggered sign-in of every agent and each team's first starvation spell. */
  start(): void {
    for (let i = 0; i < this.deps.floor.size; i++) this.schedule(i, this.sample.signInDelay() * 1000);
    for (let t = 0; t < this.deps.teams; t++) this.heap.push(this.sample.starvationGap() * 1000, -1 - t, 0);
    this.arm();
  }

  afterExternal(idx: number): void {
    if (this.stopped) return;
    this.planNext(idx, this.deps.clock.sim());
    this.arm();
  }

  setKept(idx: number, kept: boolean): void {
    this.kept[idx] = kept ? 1 : 0;
    if (kept) this.gen[idx] = ((this.gen[idx] as number) + 1) >>> 0;
    else this.afterExternal(idx);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.heap.clear();
  }

  private schedule(idx: number, simAt: number): void {
    const gen = ((this.gen[idx] as number) + 1) >>> 0;
    this.gen[idx] = gen;
    this.heap.push(simAt, idx, gen);
  }

  /** The next step of an agent in its current state, `base` being when it entered it. */
  private planNext(idx: number, base: number): void {
    if (this.kept[idx]) {
      this.gen[idx] = ((this.gen[idx] as number) + 1) >>> 0;
      return;
    }
    const status = this.deps.floor.statusOf(idx);
    switch (status) {
      case 0:
        // Signed out (a break, or a sign-out from outside): back after a break.
        this.schedule(idx, base + this.sample.breakLength() * 1000);
        return;
      case 1:
        this.schedule(idx, base + this.sample.idleWait() * 1000);
        return;
      case 2:
        this.schedule(idx, base + this.sample.talkTime() * 1000);
        return;
      case 3:
        this.schedule(idx, base + this.sample.wrapTime() * 1000);
        return;
      default:
        assertNever(status, 'status code');
    }
  }

  private arm(): void {
    if (this.stopped) return;
    const next = this.heap.peekAt();
    if (next === Infinity) return;
    const due = this.deps.clock.realAt(next);
    if (this.timer && this.armedFor <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = due;
    this.timer = setTimeout(this.run, Math.max(1, Math.ceil(due - Date.now())));
    this.timer.unref?.();
  }

  private readonly run = (): void => {
    this.timer = null;
    this.armedFor = Infinity;
    const now = Date.now();
    const simNow = this.deps.clock.sim(now) + EPSILON_MS;
    while (!this.stopped && this.heap.peekAt() <= simNow) {
      this.heap.pop(this.popped);
      this.fire(this.popped.key, this.popped.at, this.popped.gen, now);
    }
    this.arm();
  };

  private fire(key: number, at: number, gen: number, now: number): void {
    if (key < 0) {
      this.starve(-1 - key, at);
      return;
    }
    const idx = key;
    if (this.gen[idx] !== gen || this.kept[idx]) return;
    const floor = this.deps.floor;
    const status = floor.statusOf(idx);
    switch (status) {
      case 0:
        floor.transition(idx, 1, now, at, 'dynamics');
        this.planNext(idx, at);
        return;
      case 1: {
        const starvedUntil = this.starvedUntil[this.deps.teamOf[idx] as number] as number;
        if (starvedUntil > at) {
          this.schedule(idx, starvedUntil + this.sample.starvationRecovery() * 1000);
          return;
        }
        floor.connectCall(idx, now, at, 'dynamics');
        this.planNext(idx, at);
        return;
      }
      case 2:
        floor.transition(idx, 3, now, at, 'dynamics');
        this.planNext(idx, at);
        return;
      case 3:
        // Form submitted: back to idle, or signed out for a break (planNext sizes the break).
        floor.transition(idx, this.sample.takesBreak() ? 0 : 1, now, at, 'dynamics');
        this.planNext(idx, at);
        return;
      default:
        assertNever(status, 'status code');
    }
  }

  /** A team's dialler runs dry: its idle agents wait until the spell ends. */
  private starve(team: number, at: number): void {
    const until = at + this.sample.starvationLength() * 1000;
    this.starvedUntil[team] = until;
    this.heap.push(until + this.sample.starvationGap() * 1000, -1 - team, 0);
  }
}

