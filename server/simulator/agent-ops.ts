/**
 * Moving one agent from outside the dynamics (a REST call or the test control API):
 * change the floor, then let the driver plan the agent's next step from the new state.
 * The callers check preconditions (REST refuses, control throws); these just act.
 */
import { type StatusCode } from '@/lib/domain/status';
import { type SimClock } from './clock';
import { type FloorDriver } from './dynamics';
import { type SimCall, type SimFloor, type TransitionCause } from './floor';

export class AgentOps {
  constructor(
    private readonly floor: SimFloor,
    private readonly driver: FloorDriver,
    private readonly clock: SimClock,
  ) {}

  private move(idx: number, to: StatusCode, cause: TransitionCause): void {
    const now = this.clock.now();
    if (this.floor.transition(idx, to, now, this.clock.sim(now), cause)) this.driver.afterExternal(idx);
  }

  signIn(idx: number, cause: TransitionCause): void {
    if (this.floor.statusOf(idx) === 0) this.move(idx, 1, cause);
  }

  /** Signing out during a call ends the call (its talk time counts up to now). */
  signOut(idx: number, cause: TransitionCause): void {
    this.move(idx, 0, cause);
  }

  /** Connects a call (screen pop unless `silent`) and returns it. */
  startCall(idx: number, cause: TransitionCause, silent = false): SimCall {
    const now = this.clock.now();
    const call = this.floor.connectCall(idx, now, this.clock.sim(now), cause, silent);
    this.driver.afterExternal(idx);
    return call;
  }

  /** Ends the open call into wrap-up (or straight to idle). */
  endCall(idx: number, cause: TransitionCause, wrapUp = true): void {
    this.move(idx, wrapUp ? 3 : 1, cause);
  }

  /** 下一个: wrap-up submitted, back to idle. */
  nextCall(idx: number, cause: TransitionCause): void {
    this.move(idx, 1, cause);
  }

  /** Any status; 2 opens a call without a screen pop when there is none. */
  setStatus(idx: number, status: StatusCode, cause: TransitionCause): void {
    if (status === 2 && this.floor.statusOf(idx) !== 2) this.startCall(idx, cause, true);
    else this.move(idx, status, cause);
  }

  keep(idx: number, kept: boolean): void {
    this.driver.setKept(idx, kept);
  }
}
