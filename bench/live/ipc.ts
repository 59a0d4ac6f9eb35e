/**
 * Child processes of the live-path bench (bench/run.ts): each child runs one role (simulator,
 * Floorboard, board clients) under tsx and answers requests over IPC. Requests carry an id and
 * get exactly one reply; children may also push unsolicited messages (the transition stream).
 *
 * Every child started here is killed when the bench exits, however it exits (normal end,
 * error, SIGINT/SIGTERM, watchdog), and every child exits by itself when its IPC channel
 * closes, so no process is left behind even if the bench is killed with SIGKILL.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

/** What every child reports about itself: CPU and memory counters at one instant. */
export interface ProcSample {
  /** The child's own performance.now() (ms): CPU% = cpu delta / wall delta. */
  wallMs: number;
  cpu: NodeJS.CpuUsage;
  rss: number;
  heapUsed: number;
}

export function procSample(): ProcSample {
  const mem = process.memoryUsage();
  return { wallMs: performance.now(), cpu: process.cpuUsage(), rss: mem.rss, heapUsed: mem.heapUsed };
}

/** CPU used between two samples, as a percentage of one core. */
export function cpuPercent(before: ProcSample, after: ProcSample): number {
  const cpuMs = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000;
  const wallMs = after.wallMs - before.wallMs;
  return wallMs > 0 ? (100 * cpuMs) / wallMs : 0;
}

interface Request {
  id: number;
  type: string;
  arg?: unknown;
}
interface Reply {
  reply: number;
  ok: boolean;
  data?: unknown;
  error?: string;
}

export interface Child {
  readonly name: string;
  readonly proc: ChildProcess;
  /** The child's first message (sent once it is ready). */
  readonly ready: Promise<unknown>;
  request<T>(type: string, arg?: unknown, timeoutMs?: number): Promise<T>;
  /** A request that hands a socket over to the child (its handler gets it as second argument). */
  handOver<T>(type: string, arg: unknown, socket: Socket): Promise<T>;
  /** Unsolicited messages (anything that is not a reply). */
  onPush(fn: (msg: { type: string } & Record<string, unknown>) => void): void;
  /** Ask the child to stop, then kill it if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();

/** Kill every child still running (SIGKILL: used on the way out, when nothing else can be awaited). */
export function killAllChildren(): void {
  for (const proc of live) {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  }
  live.clear();
}

/**
 * For a suite's process: kill every child on the way out (normal exit, SIGINT/SIGTERM/SIGHUP)
 * and stop the whole run after `maxMinutes`, whatever it is waiting on.
 */
export function guardChildren(maxMinutes: number): void {
  process.on('exit', killAllChildren);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      console.error(`\n${sig}: stopping children`);
      killAllChildren();
      process.exit(130);
    });
  }
  const watchdog = setTimeout(() => {
    console.error(`watchdog: still running after ${maxMinutes} minutes, stopping`);
    killAllChildren();
    process.exit(3);
  }, maxMinutes * 60_000);
  watchdog.unref();
}

export function startChild(
  name: string,
  file: string,
  env: Record<string, string>,
  options: { execArgv?: string[] } = {},
): Child {
  const proc = fork(fileURLToPath(new URL(file, import.meta.url)), [], {
    execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
    env: { ...process.env, ...env },
    // The child's stdout goes to our stderr: stdout carries only the Markdown report.
    stdio: ['ignore', 2, 'inherit', 'ipc'],
  });
  live.add(proc);
  let exited = false;
  const exitWaiters: (() => void)[] = [];
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  const pushHandlers: ((msg: { type: string } & Record<string, unknown>) => void)[] = [];
  let nextId = 1;
  let resolveReady: (v: unknown) => void = () => undefined;
  let rejectReady: (e: Error) => void = () => undefined;
  const ready = new Promise<unknown>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  let isReady = false;

  proc.on('message', (raw) => {
    const msg = raw as Partial<Reply> & { type?: string };
    if (!isReady) {
      isReady = true;
      resolveReady(msg);
      return;
    }
    if (typeof msg.reply === 'number') {
      const p = pending.get(msg.reply);
      if (!p) return;
      pending.delete(msg.reply);
      clearTimeout(p.timer);
      if (msg.ok) p.resolve(msg.data);
      else p.reject(new Error(`${name}: ${msg.error ?? 'request failed'}`));
      return;
    }
    for (const fn of pushHandlers) fn(msg as { type: string } & Record<string, unknown>);
  });
  proc.on('exit', (code, signal) => {
    exited = true;
    live.delete(proc);
    const err = new Error(`${name} child exited (code ${code}, signal ${signal})`);
    if (!isReady) rejectReady(err);
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    pending.clear();
    for (const w of exitWaiters.splice(0)) w();
  });

  const send = <T>(type: string, arg: unknown, timeoutMs: number, socket?: Socket): Promise<T> => {
    if (exited) return Promise.reject(new Error(`${name} child is not running`));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${name}: no reply to ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      proc.send({ id, type, arg } satisfies Request, socket);
    });
  };

  return {
    name,
    proc,
    ready,
    request<T>(type: string, arg?: unknown, timeoutMs = 60_000): Promise<T> {
      return send<T>(type, arg, timeoutMs);
    },
    handOver<T>(type: string, arg: unknown, socket: Socket): Promise<T> {
      return send<T>(type, arg, 60_000, socket);
    },
    onPush(fn) {
      pushHandlers.push(fn);
    },
    async stop(graceMs = 10_000) {
      if (exited) return;
      const gone = new Promise<void>((resolve) => exitWaiters.push(resolve));
      try {
        proc.send({ id: 0, type: 'stop' } satisfies Request);
      } catch {
        // The channel is already closed: the kill below settles it.
      }
      const timer = setTimeout(() => {
        if (!exited) proc.kill('SIGKILL');
      }, graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** `handle`: a socket handed over with the request (Child.handOver). */
type Handler = (arg: unknown, handle?: Socket) => unknown;

/**
 * Child side: answer requests with `handlers[type]` (sync or async); `stop` is handled by the
 * `onStop` callback, which must end the process. The child also exits when the parent goes away.
 */
export function serveParent(handlers: Record<string, Handler>, onStop: () => Promise<void> | void): void {
  process.on('disconnect', () => process.exit(0));
  process.on('message', (raw: Request, handle?: Socket) => {
    if (raw.type === 'stop') {
      void Promise.resolve(onStop()).finally(() => process.exit(0));
      return;
    }
    const handler = handlers[raw.type];
    if (!handler) {
      process.send?.({ reply: raw.id, ok: false, error: `unknown request ${raw.type}` } satisfies Reply);
      return;
    }
    Promise.resolve()
      .then(() => handler(raw.arg, handle))
      .then(
        (data) => process.send?.({ reply: raw.id, ok: true, data } satisfies Reply),
        (err: unknown) => process.send?.({ reply: raw.id, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies Reply),
      );
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll `check` every `stepMs` until it returns a value other than undefined, or throw after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs: number, stepMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(stepMs);
  }
}
