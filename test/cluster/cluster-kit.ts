/**
 * A cluster on loopback for integration tests: real Floorboard processes (test/cluster/node-entry.ts,
 * so kill -9 is real) as gateways and web nodes, a private database on the shared PostgreSQL,
 * and a tiny TCP balancer in front of the web nodes (what nginx does: next upstream when one
 * refuses), so a board whose node died reconnects to another one through the same address.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Simulator, startSimulator } from '@/server/simulator/index';
import { PG_URL } from '../store/helpers';
import { type PrivateRedis, startPrivateRedis } from './redis-server';

export interface NodeProcess {
  name: string;
  url: string;
  child: ChildProcess;
  log: string[];
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Start a Floorboard node process with `env`; resolves once it logs that it listens. */
export function startNode(name: string, env: Record<string, string>, timeoutMs = 90_000): Promise<NodeProcess> {
  // node --import tsx, not the tsx CLI: the CLI runs the program in a grandchild that a kill -9
  // of the CLI would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/cluster/node-entry.ts'], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const node = (url: string): NodeProcess => ({
    name,
    url,
    child,
    log,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${log.slice(-20).join('\n')}`));
    }, timeoutMs);
    const onLine = (line: string): void => {
      log.push(line);
      if (log.length > 500) log.shift();
      const m = /Floorboard listening on (http:\/\/[^"\s]+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(node(m[1]!));
      }
    };
    let buf = '';
    const feed = (chunk: Buffer): void => {
      buf += chunk.toString('utf8');
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) onLine(l);
    };
    child.stdout!.on('data', feed);
    child.stderr!.on('data', feed);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before listening:\n${log.slice(-20).join('\n')}`));
    });
  });
}

/** A TCP front for the web nodes: each connection goes to the first upstream that accepts it. */
export async function startBalancer(upstreams: () => readonly number[]): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const tryNext = (list: readonly number[]): void => {
      const [port, ...rest] = list;
      if (port === undefined) return void client.destroy();
      const upstream = net.connect(port, '127.0.0.1');
      upstream.once('error', () => (upstream.connecting ? tryNext(rest) : client.destroy()));
      upstream.once('connect', () => {
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryNext(upstreams());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A database of its own on the shared PostgreSQL server, dropped by `drop()`. */
export async function privateDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `fb_cluster_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Sign in on a web node; returns the session cookie (valid on every node: users live in PostgreSQL). */
export async function signIn(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('fb_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}

/**
 * A still floor for cluster tests: a simulator whose agents move only when told (all signed in),
 * a private redis-server, a private PostgreSQL database and a folder with the roster CSV.
 */
export interface StillFloor {
  sim: Simulator;
  redis: PrivateRedis;
  db: Awaited<ReturnType<typeof privateDatabase>>;
  dir: string;
  rosterFile: string;
  close(): Promise<void>;
}

export async function startStillFloor(opts: { agents: number; seed: number }): Promise<StillFloor> {
  const [sim, redis, db, dir] = await Promise.all([
    startSimulator({ agents: opts.agents, teams: 2, seed: opts.seed, dynamics: false, tickMs: 1000 }),
    startPrivateRedis(),
    privateDatabase(),
    mkdtemp(path.join(os.tmpdir(), 'fb-cluster-still-')),
  ]);
  for (const r of sim.roster) sim.control.signIn(r.extno);
  const rosterFile = path.join(dir, 'roster.csv');
  await writeFile(rosterFile, ['extno,name,team,token', ...sim.roster.map((r) => `${r.extno},${r.name},${r.team},${r.token}`)].join('\n'));
  return {
    sim,
    redis,
    db,
    dir,
    rosterFile,
    async close() {
      await sim.close();
      await redis.stop();
      await db.drop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
