/**
 * The history recorder on gateways, across processes (rule CL5): two gateway processes with
 * HISTORY=on share a private PostgreSQL database; a call that starts on one gateway, goes on
 * while that gateway leaves and the other takes the agent over, and ends on the other, is one
 * row in `calls` (completed, ended when it really ended) and one transition into on_call.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendezvousOwner, slotOf } from '@/server/cluster/slots';
import type { Simulator } from '@/server/simulator/index';
import { waitUntil } from '../integration/live-harness';
import { waitFor } from '../store/helpers';
import { type NodeProcess, type StillFloor, startNode, startStillFloor } from './cluster-kit';

let floor: StillFloor;
let sim: Simulator;
let sql: pg.Client;
const gateways = new Map<string, NodeProcess>();

beforeAll(async () => {
  floor = await startStillFloor({ agents: 16, seed: 5 });
  sim = floor.sim;
  const env = (id: string) => ({
    FLOORBOARD_ROLE: 'gateway',
    GATEWAY_ID: id,
    CALL_SYSTEM_URL: sim.url,
    ROSTER_FILE: floor.rosterFile,
    REDIS_URL: floor.redis.url,
    DATABASE_URL: floor.db.url,
    HISTORY: 'on',
    LEASE_TTL_MS: '4000',
    DATA_DIR: floor.dir,
  });
  // g1 migrates the fresh database before g2 opens it.
  const g1 = await startNode('g1', env('g1'));
  await waitUntil(() => g1.log.some((l) => l.includes('history store open')), 'the history store open on g1', 60_000);
  gateways.set('g1', g1).set('g2', await startNode('g2', env('g2')));
  sql = new pg.Client({ connectionString: floor.db.url });
  await sql.connect();
}, 180_000);

afterAll(async () => {
  await sql?.end().catch(() => undefined);
  await Promise.all([...gateways.values()].map((g) => g.stop()));
  await floor?.close();
}, 60_000);

async function callRows(sessionId: string): Promise<{ outcome: string | null; connected_at: Date | null; ended_at: Date | null }[]> {
  return (await sql.query('SELECT outcome, connected_at, ended_at FROM calls WHERE session_id = $1', [sessionId])).rows;
}

describe('history recorder on gateways', () => {
  it('CL5: a call that outlives its gateway (clean leave, takeover) is recorded once, completed when it ended', async () => {
    const agent = sim.roster.find((r) => rendezvousOwner(slotOf(r.extno), ['g1', 'g2']) === 'g1')!;
    const extno = agent.extno;
    // Both gateways are members and every agent linked once.
    await waitUntil(() => sim.roster.every((r) => sim.monitorSockets(r.extno) === 1), 'every agent linked', 30_000);
    await waitFor(async () => (await sql.query(`SELECT count(*)::int AS n FROM agent_transitions WHERE extno = $1 AND to_status = 'idle'`, [extno])).rows[0].n > 0, 30_000, 'the sign-in recorded');

    const sessionId = sim.control.startCall(extno);
    await waitFor(async () => (await callRows(sessionId))[0]?.connected_at != null, 30_000, 'the call connected in the database');

    const g2 = gateways.get('g2')!;
    const takeovers = (): number => g2.log.filter((l) => l.includes('gateway share changed') && /"seeded":[1-9]/.test(l)).length;
    const before = takeovers();
    await gateways.get('g1')!.stop(); // releases its leases: g2 takes the agent over at once
    await waitUntil(() => takeovers() > before && sim.monitorSockets(extno) === 1, 'g2 seeded and linked the agent', 20_000);
    await new Promise((r) => setTimeout(r, 1500)); // a tick or two on g2 while the call goes on
    const endedAt = Date.now();
    sim.control.endCall(extno, { wrapUp: false });

    await waitFor(async () => (await callRows(sessionId))[0]?.outcome != null, 30_000, 'the call closed in the database');
    const rows = await callRows(sessionId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.outcome).toBe('completed');
    expect(rows[0]!.ended_at!.getTime()).toBeGreaterThanOrEqual(endedAt - 1000);
    const into = await sql.query(`SELECT from_status, to_status FROM agent_transitions WHERE extno = $1 ORDER BY at, id`, [extno]);
    expect(into.rows.filter((t: { to_status: string }) => t.to_status === 'on_call')).toHaveLength(1);
    expect(into.rows.filter((t: { to_status: string; from_status: string }) => t.to_status === 'unknown' || (t.from_status === 'unknown' && t.to_status !== 'idle'))).toEqual([]);
  }, 120_000);
});
