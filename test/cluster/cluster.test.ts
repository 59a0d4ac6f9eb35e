/**
 * The cluster end to end on loopback: the simulator with 2,000 agents, 2 gateway processes and
 * 2 web node processes joined by a private redis-server, users in a private PostgreSQL database,
 * boards through a TCP balancer (what nginx does). Phases run in order on one cluster.
 */
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS_BY_CODE } from '@/lib/domain/status';
import { type ClusterFeedState, SOCKET_PATH } from '@/lib/protocol';
import { type Simulator, startSimulator } from '@/server/simulator/index';
import { waitUntil } from '../integration/live-harness';
import { BoardMirror } from '../realtime/board-mirror';
import type { ClientSocket } from '../realtime/helpers';
import { type NodeProcess, privateDatabase, signIn, startBalancer, startNode } from './cluster-kit';
import { type PrivateRedis, startPrivateRedis } from './redis-server';

const AGENTS = 2000;
const PASSWORD = 'cluster-test-password-1';
let sim: Simulator;
let redis: PrivateRedis;
let db: Awaited<ReturnType<typeof privateDatabase>>;
let dir: string;
let balancer: Awaited<ReturnType<typeof startBalancer>>;
const nodes = new Map<string, NodeProcess>();
const boards: ClientSocket[] = [];
let cookie: string;

function portOf(node: NodeProcess | undefined): number[] {
  return node && node.child.exitCode === null && node.child.signalCode === null ? [Number(new URL(node.url).port)] : [];
}

function board(url: string): { socket: ClientSocket; mirror: BoardMirror } {
  const socket = io(url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    extraHeaders: { cookie },
  }) as ClientSocket;
  boards.push(socket);
  return { socket, mirror: new BoardMirror(socket) };
}

/** Every agent live on the board with the simulator's status (or the simulator moved on since it was sampled). */
async function matchesSimulator(mirror: BoardMirror, what: string, timeoutMs: number): Promise<void> {
  const expected = new Map(sim.roster.map((r) => [r.extno, STATUS_BY_CODE[sim.control.status(r.extno)]]));
  const describeBoard = (): string => {
    const views = [...mirror.agents.values()];
    const wrong = sim.roster.filter((r) => mirror.agents.get(r.extno)?.status !== STATUS_BY_CODE[sim.control.status(r.extno)]);
    const sample = wrong.slice(0, 3).map((r) => `${r.extno}: board ${JSON.stringify(mirror.agents.get(r.extno)?.status)}/${mirror.agents.get(r.extno)?.link} sim ${STATUS_BY_CODE[sim.control.status(r.extno)]}`);
    return `board: ${views.length} agents, ${views.filter((v) => v.link === 'live').length} live, ${wrong.length} differ (${sample.join('; ')}), snapshots ${mirror.counts.snapshots}, connected ${mirror.socket.connected}; monitor sockets ${sim.monitorSockets()}`;
  };
  await waitUntil(
    () =>
      sim.roster.every((r) => {
        const v = mirror.agents.get(r.extno);
        const now = STATUS_BY_CODE[sim.control.status(r.extno)];
        return v !== undefined && v.link === 'live' && (v.status === expected.get(r.extno) || now !== expected.get(r.extno));
      }),
    what,
    timeoutMs,
    50,
  ).catch((err: Error) => {
    const logs = [...nodes.values()].map((n) => `${n.name}:\n  ${n.log.filter((l) => !l.includes('roster applied')).slice(-6).join('\n  ')}`);
    throw new Error(`${err.message}\n${describeBoard()}\n${logs.join('\n')}`);
  });
}

const monitorSocketsPerAgent = (): number[] => sim.roster.map((r) => sim.monitorSockets(r.extno));

beforeAll(async () => {
  [sim, redis, db, dir] = await Promise.all([
    startSimulator({ agents: AGENTS, teams: 20, seed: 8, speed: 2, tickMs: 0 }),
    startPrivateRedis(),
    privateDatabase(),
    mkdtemp(path.join(os.tmpdir(), 'fb-cluster-')),
  ]);
  const roster = path.join(dir, 'roster.csv');
  await writeFile(roster, ['extno,name,team,token', ...sim.roster.map((r) => `${r.extno},${r.name},${r.team},${r.token}`)].join('\n'));
  const common = {
    CALL_SYSTEM_URL: sim.url,
    ROSTER_FILE: roster,
    REDIS_URL: redis.url,
    DATABASE_URL: db.url,
    FLOORBOARD_ADMIN_PASSWORD: PASSWORD,
    LEASE_TTL_MS: '4000',
    UPSTREAM_CONNECT_RATE: '500',
    DATA_DIR: dir,
  };
  // Gateways record no history here (the test machine is shared and loaded, and the recorder has
  // its own tests), so they start with web1; web1 migrates the fresh database before web2 starts.
  const [web1, g1, g2] = await Promise.all([
    startNode('web1', { ...common, FLOORBOARD_ROLE: 'web' }),
    startNode('g1', { ...common, FLOORBOARD_ROLE: 'gateway', GATEWAY_ID: 'g1', HISTORY: 'off' }),
    startNode('g2', { ...common, FLOORBOARD_ROLE: 'gateway', GATEWAY_ID: 'g2', HISTORY: 'off' }),
  ]);
  nodes.set('web1', web1).set('g1', g1).set('g2', g2);
  nodes.set('web2', await startNode('web2', { ...common, FLOORBOARD_ROLE: 'web' }));
  balancer = await startBalancer(() => [...portOf(nodes.get('web1')), ...portOf(nodes.get('web2'))]);
  cookie = await signIn(nodes.get('web1')!.url, 'admin', PASSWORD);
}, 180_000);

afterAll(async () => {
  for (const b of boards) b.disconnect();
  await Promise.all([...nodes.values()].map((n) => n.stop()));
  await balancer?.close();
  await sim?.close();
  await redis?.stop();
  await db?.drop().catch(() => undefined);
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

let viaBalancer: BoardMirror;
let onWeb2: BoardMirror;

describe('cluster: 2 gateways, 2 web nodes, 2,000 agents', () => {
  it('boards on both web nodes match the simulator, and every agent has exactly one monitor socket', async () => {
    viaBalancer = board(`http://127.0.0.1:${balancer.port}`).mirror; // lands on web1 (first upstream)
    onWeb2 = board(nodes.get('web2')!.url).mirror; // a session made on web1, accepted on web2
    await matchesSimulator(viaBalancer, 'the board on web1 matching the simulator', 60_000);
    await matchesSimulator(onWeb2, 'the board on web2 matching the simulator', 30_000);
    expect(monitorSocketsPerAgent().every((n) => n === 1)).toBe(true);
  }, 120_000);

  it('kill -9 of a gateway: every agent is live again within 10 s on both boards, one socket each', async () => {
    const killedAt = Date.now();
    await nodes.get('g1')!.kill9();
    // The simulator notices the dead gateway's sockets close.
    await waitUntil(() => monitorSocketsPerAgent().some((n) => n === 0), 'the dead gateway’s links gone', 10_000);
    await waitUntil(() => monitorSocketsPerAgent().every((n) => n === 1), 'every agent linked again', 10_000, 50);
    await matchesSimulator(viaBalancer, 'the board on web1 after the takeover', 10_000 - (Date.now() - killedAt));
    await matchesSimulator(onWeb2, 'the board on web2 after the takeover', 2_000);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
  }, 60_000);

  it("kill -9 of a web node: its boards reconnect to the other node and resync from a snapshot", async () => {
    const snapshotsBefore = viaBalancer.counts.snapshots;
    await nodes.get('web1')!.kill9();
    await waitUntil(() => viaBalancer.counts.snapshots > snapshotsBefore, 'a fresh snapshot from web2', 20_000);
    await matchesSimulator(viaBalancer, 'the moved board matching the simulator', 10_000);
    await matchesSimulator(onWeb2, 'the board that stayed on web2', 2_000);
  }, 60_000);

  it('a Redis restart (empty): everything resumes, and changes after it reach the boards', async () => {
    await redis.stop();
    await new Promise((r) => setTimeout(r, 500));
    await redis.start();
    await exercise('after the Redis restart');
  }, 60_000);

  it('CL3: Redis down for longer: the board gets the feed-down state (banner) and every agent stale, both clear when Redis returns', async () => {
    const feed: ClusterFeedState[] = [];
    viaBalancer.socket.on('cluster:feed', (s) => feed.push(s));
    const stoppedAt = Date.now();
    await redis.stop();
    await waitUntil(() => feed.at(-1)?.redis === 'down', 'the feed-down state on the board', 15_000);
    expect(feed.at(-1)!.since).toBeGreaterThanOrEqual(stoppedAt - 1000);
    await waitUntil(() => [...viaBalancer.agents.values()].every((v) => v.link === 'stale'), 'every agent shown stale', 15_000);
    // A board that connects meanwhile is told at once.
    const late = board(nodes.get('web2')!.url);
    const lateFeed: ClusterFeedState[] = [];
    late.socket.on('cluster:feed', (s) => lateFeed.push(s));
    await waitUntil(() => lateFeed.at(-1)?.redis === 'down', 'the feed-down state on a board connecting during the outage', 15_000);
    await redis.start();
    await waitUntil(() => feed.at(-1)?.redis === 'ok' && lateFeed.at(-1)?.redis === 'ok', 'the feed back on both boards', 20_000);
    await exercise('after Redis came back');
  }, 90_000);
});

/** Visible changes made now must reach both boards, every agent live, one monitor socket each. */
async function exercise(when: string): Promise<void> {
  const moved = sim.roster.slice(0, 20).map((r) => r.extno);
  for (const extno of moved) {
    const status = sim.control.status(extno);
    if (status === 0) sim.control.signIn(extno);
    else if (status === 1) sim.control.signOut(extno);
  }
  await matchesSimulator(viaBalancer, `the board matching the simulator ${when}`, 30_000);
  await matchesSimulator(onWeb2, `the other board ${when}`, 5_000);
  expect(monitorSocketsPerAgent().every((n) => n === 1)).toBe(true);
}
