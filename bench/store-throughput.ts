/**
 * History store benchmark: sustained transitions per second through the recorder into PGlite
 * (on disk) and into PostgreSQL, and what the embedded store costs (RSS, start time, disk).
 *
 *   npx tsx bench/store-throughput.ts            # 100 000 transitions per run
 *   ROWS=300000 npx tsx bench/store-throughput.ts
 *   DATABASE_URL=postgres://... npx tsx bench/store-throughput.ts
 *
 * Prints a Markdown table and writes it under "## History store" in BENCHMARKS.md (replacing
 * only that section when it is already there; other sections are left alone).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openDb, type Db } from '@/server/store/db';
import { migrate } from '@/server/store/migrate';
import type { RecordItem } from '@/server/store/record-items';
import { createRecorder } from '@/server/store/recorder';
import { createLogger } from '@/server/log';

const ROWS = Number(process.env.ROWS ?? 100_000);
const AGENTS = 10_000;
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = createLogger({ level: 'silent' });
const MB = 1024 * 1024;

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? await dirSize(p) : (await stat(p)).size;
  }
  return total;
}

/** The floor's churn: each agent cycles idle -> on call -> wrap-up -> idle; a call per cycle. */
function* floorItems(n: number, withCalls: boolean, day: number): Generator<RecordItem> {
  // Each run gets its own day: a replayed transition would be skipped as a duplicate (cheap).
  const t0 = Date.parse('2025-03-10T01:00:00Z') + day * 86_400_000;
  const cycle: ['idle' | 'on_call' | 'wrap_up', 'idle' | 'on_call' | 'wrap_up', number][] = [
    ['idle', 'on_call', 40_000],
    ['on_call', 'wrap_up', 90_000],
    ['wrap_up', 'idle', 20_000],
  ];
  for (let i = 0; i < n; i++) {
    const a = i % AGENTS;
    const step = Math.floor(i / AGENTS);
    const [from, to, dur] = cycle[step % 3]!;
    const at = t0 + step * 50_000 + a * 3;
    const extno = String(10_000 + a);
    const team = `T${a % 40}`;
    yield { kind: 'transition', extno, team, from, to, at, prevDurationMs: dur };
    if (withCalls && to === 'on_call') {
      yield { kind: 'call', phase: 'connect', sessionId: `${extno}-${step}`, extno, team, at, projectId: 1, taskId: 1, city: null, recordUuid: null };
    }
  }
}

interface RunResult {
  items: number;
  transitions: number;
  seconds: number;
  recordNsPerItem: number;
  maxQueued: number;
  /** Event-loop delay while it ran (ms): what the live path on the same thread would feel. */
  loopP99Ms: number;
  loopMaxMs: number;
}

function loopMonitor(): { stop(): { p99: number; max: number } } {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  return {
    stop() {
      h.disable();
      return { p99: h.percentile(99) / 1e6, max: h.max / 1e6 };
    },
  };
}

/**
 * A floor-like pace instead of a flood: `rate` items/s for `seconds`, fed every 10 ms like the
 * live path would. Reports the event-loop delay and the longest time an item waited.
 */
async function paced(db: Db, rate: number, seconds: number): Promise<{ loopP99Ms: number; loopMaxMs: number; maxWaitMs: number }> {
  runNo += 1;
  const rec = createRecorder({ db, log });
  const gen = floorItems(rate * seconds, true, runNo);
  const mon = loopMonitor();
  const start = performance.now();
  let sent = 0;
  let maxWaitMs = 0;
  while (performance.now() - start < seconds * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    for (; sent < due; sent++) {
      const next = gen.next();
      if (next.done) break;
      rec.record(next.value);
    }
    const oldest = rec.stats().oldestQueuedAt;
    if (oldest !== null) maxWaitMs = Math.max(maxWaitMs, Date.now() - oldest);
    await new Promise((r) => setTimeout(r, 10));
  }
  if (!(await rec.flush(60_000))) throw new Error('flush timed out');
  const loop = mon.stop();
  await rec.close();
  return { loopP99Ms: loop.p99, loopMaxMs: loop.max, maxWaitMs };
}

/** Feed the recorder as fast as the queue allows and time until everything is committed. */
let runNo = 0;
async function run(db: Db, withCalls: boolean): Promise<RunResult> {
  runNo += 1;
  const rec = createRecorder({ db, log, capacity: 200_000 });
  let items = 0;
  let transitions = 0;
  let recordNs = 0;
  let maxQueued = 0;
  const mon = loopMonitor();
  const started = performance.now();
  for (const item of floorItems(ROWS, withCalls, runNo)) {
    // Stay under the capacity: this measures the writer, not the drop counter.
    while (rec.stats().queued >= 150_000) await new Promise((r) => setTimeout(r, 5));
    const t = process.hrtime.bigint();
    rec.record(item);
    recordNs += Number(process.hrtime.bigint() - t);
    items += 1;
    if (item.kind === 'transition') transitions += 1;
    if (items % 5_000 === 0) {
      maxQueued = Math.max(maxQueued, rec.stats().queued);
      await new Promise((r) => setImmediate(r)); // let the writer's timers run, as the live path would
    }
  }
  if (!(await rec.flush(600_000))) throw new Error('flush timed out');
  const seconds = (performance.now() - started) / 1000;
  const loop = mon.stop();
  const s = rec.stats();
  if (s.written !== items || s.dropped !== 0 || s.rejected !== 0) throw new Error(`lost items: ${JSON.stringify(s)}`);
  await rec.close();
  return { items, transitions, seconds, recordNsPerItem: recordNs / items, maxQueued, loopP99Ms: loop.p99, loopMaxMs: loop.max };
}

async function countRows(db: Db): Promise<number> {
  const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM agent_transitions`);
  return r.rows[0]?.n ?? 0;
}

const rows: string[][] = [];
const pacedRows: string[][] = [];
const costs: [string, string][] = [];
/** Items/s of the paced run: about 3x the churn of a 10,000-agent predictive floor (~350/s). */
const PACE = Number(process.env.PACE ?? 1_000);
const PACE_SECONDS = 10;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const row = (store: string, workload: string, r: RunResult): string[] => [
  store,
  workload,
  fmt(r.items),
  fmt(r.transitions / r.seconds),
  fmt(r.items / r.seconds),
  fmt(r.recordNsPerItem),
  fmt(r.maxQueued),
  `${fmt(r.loopP99Ms)} / ${fmt(r.loopMaxMs)}`,
];
const pacedRow = (store: string, p: Awaited<ReturnType<typeof paced>>): string[] => [
  store,
  `${fmt(PACE)} items/s for ${PACE_SECONDS} s`,
  `${fmt(p.loopP99Ms)} / ${fmt(p.loopMaxMs)}`,
  fmt(p.maxWaitMs),
];

// --- PGlite on disk -------------------------------------------------------------------------
{
  const dir = await mkdtemp(path.join(os.tmpdir(), 'floorboard-bench-'));
  try {
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let t = performance.now();
    let db = await openDb({ dataDir: dir, log });
    await migrate(db, log);
    const startMs = performance.now() - t;
    const rssOpen = process.memoryUsage().rss;
    const emptyDisk = await dirSize(path.join(dir, 'pglite'));

    const plain = await run(db, false);
    const mixed = await run(db, true);
    const pace = await paced(db, PACE, PACE_SECONDS);
    const rssAfter = process.memoryUsage().rss;
    const stored = await countRows(db);
    await db.close();
    const disk = await dirSize(path.join(dir, 'pglite'));

    t = performance.now();
    db = await openDb({ dataDir: dir, log });
    await migrate(db, log);
    const reopenMs = performance.now() - t;
    if ((await countRows(db)) !== stored) throw new Error('rows missing after reopen');
    await db.close();

    rows.push(row('PGlite (disk)', 'transitions only', plain));
    rows.push(row('PGlite (disk)', 'transitions + call connects', mixed));
    pacedRows.push(pacedRow('PGlite (disk)', pace));
    costs.push(
      ['RSS before opening PGlite', `${fmt(rssBefore / MB)} MB`],
      ['RSS after open + migrate', `${fmt(rssOpen / MB)} MB (+${fmt((rssOpen - rssBefore) / MB)} MB)`],
      ['RSS after the two runs', `${fmt(rssAfter / MB)} MB`],
      ['Start (new DATA_DIR: initdb + migrate)', `${fmt(startMs / 1000, 1)} s`],
      ['Start (existing DATA_DIR, reopen + migrate check)', `${fmt(reopenMs / 1000, 1)} s`],
      ['Disk, empty schema', `${fmt(emptyDisk / MB, 1)} MB`],
      [`Disk after ${fmt(stored)} transitions (+ rollups, calls)`, `${fmt(disk / MB, 1)} MB (~${fmt((disk - emptyDisk) / stored)} B per transition)`],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// --- PostgreSQL ----------------------------------------------------------------------------
{
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  let db: Db | null = null;
  try {
    db = await openDb({ databaseUrl: PG_URL, dataDir: 'memory://', log, schema });
    await migrate(db, log);
    const plain = await run(db, false);
    const mixed = await run(db, true);
    const pace = await paced(db, PACE, PACE_SECONDS);
    const size = await db.query<{ b: number }>(
      `SELECT sum(pg_total_relation_size(c.oid))::float8 AS b FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [schema],
    );
    const stored = await countRows(db);
    const version = await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    const label = `PostgreSQL ${version.rows[0]?.v.split(' ')[0] ?? ''}`;
    rows.push(row(label, 'transitions only', plain));
    rows.push(row(label, 'transitions + call connects', mixed));
    pacedRows.push(pacedRow(label, pace));
    costs.push([`PostgreSQL tables after ${fmt(stored)} transitions`, `${fmt((size.rows[0]?.b ?? 0) / MB, 1)} MB`]);
  } catch (err) {
    console.error(err);
    rows.push(['PostgreSQL', `not measured: ${(err as Error).message}`, '', '', '', '', '', '']);
  } finally {
    if (db) {
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
      await db.close();
    }
  }
}

// --- Report ----------------------------------------------------------------------------------
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const table = [
  '| store | workload (flood) | items | transitions/s | items/s | record() ns/item | max queued | event-loop delay p99 / max (ms) |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
const pacedTable = [
  '| store | paced workload (floor-like) | event-loop delay p99 / max (ms) | longest wait in queue (ms) |',
  '|---|---|---:|---:|',
  ...pacedRows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
const costTable = ['| embedded store cost | value |', '|---|---|', ...costs.map((c) => `| ${c[0]} | ${c[1]} |`)].join('\n');
const section = [
  '## History store',
  '',
  `Command: \`npx tsx bench/store-throughput.ts\` (ROWS=${ROWS} per run, ${AGENTS.toLocaleString('en-US')} agents, recorder defaults:`,
  'batches of 1,000 (250 on PGlite) every 250 ms, queue 200,000). Flood: the recorder is fed as fast',
  'as its queue allows and the clock stops when the last batch is committed (sustained throughput).',
  'Paced: a floor-like rate fed every 10 ms. Event-loop delay is what the live path, on the same',
  'thread, would feel; PGlite runs its SQL on that thread. Measured',
  `${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${cpu}, Node ${process.version}, load average`,
  `${os.loadavg()[0]?.toFixed(1)} at the end (a shared box: read delays as upper bounds).`,
  '',
  table,
  '',
  pacedTable,
  '',
  costTable,
  '',
].join('\n');

console.log(section);

const file = path.resolve(import.meta.dirname, '..', 'BENCHMARKS.md');
let text = existsSync(file) ? await readFile(file, 'utf8') : '# Benchmarks\n\nFigures measured by the scripts in bench/; each section names its command.\n';
const start = text.indexOf('\n## History store');
if (start >= 0) {
  const next = text.indexOf('\n## ', start + 1);
  text = text.slice(0, start + 1) + section + (next >= 0 ? `\n${text.slice(next + 1)}` : '');
} else {
  text = `${text.trimEnd()}\n\n${section}`;
}
await writeFile(file, text);
console.log(`written to ${path.relative(process.cwd(), file)}`);
