/**
 * The test-facing control API (`sim.control`): move agents by hand, by extension.
 * With dynamics on, the floor carries on from whatever state a control call leaves,
 * unless `keep` is set: a kept agent stays put until another control call or `release`.
 * Mistakes in a test (unknown extension, ending a call that is not there) throw.
 */
import { type StatusCode } from '@/lib/domain/status';
import { type AgentOps } from './agent-ops';
import { type SimCall, type SimFloor } from './floor';

export interface ControlOptions {
  /** Keep the agent in the resulting state: the dynamics leaves it alone until released. */
  keep?: boolean;
}

export interface SimControl {
  /** The agent's current status code. */
  status(extno: string): StatusCode;
  /** The agent's open call (on a call or in wrap-up), or null. */
  call(extno: string): SimCall | null;
  /** Forces a status; forcing 2 opens a call without a screen pop (use startCall for one). */
  setStatus(extno: string, status: StatusCode, opts?: ControlOptions): void;
  /** Signs the agent in (idle); nothing happens when already signed in. */
  signIn(extno: string, opts?: ControlOptions): void;
  /** Signs the agent out, ending any call. */
  signOut(extno: string, opts?: ControlOptions): void;
  /** Connects a call (screen pop, then notice 2); returns its sessionId. Throws when already on a call. */
  startCall(extno: string, opts?: ControlOptions): string;
  /** Ends the open call into wrap-up (default) or straight to idle. Throws without a call. */
  endCall(extno: string, opts?: ControlOptions & { wrapUp?: boolean }): void;
  /** Puts the agent into wrap-up (ending a call if there is one) and keeps it there. */
  keepInWrapUp(extno: string): void;
  /** Hands a kept agent back to the dynamics. */
  release(extno: string): void;
  /** Sends an announcement as the admin endpoint would; returns the sockets written to. */
  announce(msg: string, extnos?: readonly string[]): number;
}

export interface ControlDeps {
  floor: SimFloor;
  ops: AgentOps;
  announce(msg: string, extnos: readonly string[] | null): number;
}

export function createControl({ floor, ops, announce }: ControlDeps): SimControl {
  const index = (extno: string): number => {
    const idx = floor.indexOf.get(extno);
    if (idx === undefined) throw new Error(`simulator: no agent with extension ${extno}`);
    return idx;
  };
  const keep = (idx: number, opts: ControlOptions | undefined): void => {
    if (opts?.keep !== undefined) ops.keep(idx, opts.keep);
  };
  // Keep first, so the dynamics does not plan a step the caller asked it not to take.
  return {
    status: (extno) => floor.statusOf(index(extno)),
    call: (extno) => {
      const call = floor.call(index(extno));
      return call ? { ...call } : null;
    },
    setStatus: (extno, status, opts) => {
      const idx = index(extno);
      keep(idx, opts);
      ops.setStatus(idx, status, 'control');
    },
    signIn: (extno, opts) => {
      const idx = index(extno);
      keep(idx, opts);
      ops.signIn(idx, 'control');
    },
    signOut: (extno, opts) => {
      const idx = index(extno);
      keep(idx, opts);
      ops.signOut(idx, 'control');
    },
    startCall: (extno, opts) => {
      const idx = index(extno);
      if (floor.statusOf(idx) === 2) throw new Error(`simulator: ${extno} is already on a call`);
      keep(idx, opts);
      return ops.startCall(idx, 'control').sessionId;
    },
    endCall: (extno, opts) => {
      const idx = index(extno);
      if (floor.statusOf(idx) !== 2) throw new Error(`simulator: ${extno} has no call to end`);
      keep(idx, opts);
      ops.endCall(idx, 'control', opts?.wrapUp ?? true);
    },
    keepInWrapUp: (extno) => {
      const idx = index(extno);
      ops.keep(idx, true);
      ops.setStatus(idx, 3, 'control');
    },
    release: (extno) => ops.keep(index(extno), false),
    announce: (msg, extnos) => announce(msg, extnos && extnos.length > 0 ? extnos : null),
  };
}
