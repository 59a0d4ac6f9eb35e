/**
 * The floor of scenario B: a bare process that holds one `ws` client socket per roster agent to
 * the simulator, with the same socket options as Floorboard's links (no compression, 64 KiB
 * maxPayload, UTF-8 checked), and does nothing with the frames but count them. Its CPU is what
 * the kernel, ws and the event plumbing cost for the same feed: Floorboard's ingest can only be
 * judged against it (issue 3: "what the socket plumbing alone costs").
 */
import { readFile } from 'node:fs/promises';
import WebSocket from 'ws';
import { buildMonitorUrl } from '@/server/upstream/monitor-url';
import { parseRosterCsv } from '@/server/upstream/roster';
import { procSample, serveParent } from './ipc';

interface BareOptions {
  callSystemUrl: string;
  rosterFile: string;
  /** Connects opened per second, like Floorboard's connect limiter (no storm on the simulator). */
  connectRate: number;
}

const opts = JSON.parse(process.env.BENCH_BARE ?? '{}') as BareOptions;
const roster = parseRosterCsv(await readFile(opts.rosterFile, 'utf8'), opts.rosterFile);
const sockets: WebSocket[] = [];
let open = 0;
let frames = 0;

function connect(url: string): void {
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 64 * 1024 });
  sockets.push(ws);
  ws.on('open', () => open++);
  ws.on('message', () => frames++);
  ws.on('error', () => undefined);
  ws.on('close', () => open--);
}

// Spread the connects over time in steps of 10 ms, as a rate limiter would.
const perStep = Math.max(1, Math.round(opts.connectRate / 100));
let next = 0;
const opener = setInterval(() => {
  for (let k = 0; k < perStep && next < roster.length; k++, next++) {
    connect(buildMonitorUrl('ws://{host}/agent/monitor?{token}', opts.callSystemUrl, roster[next]!));
  }
  if (next >= roster.length) clearInterval(opener);
}, 10);

serveParent(
  {
    sample: () => ({ proc: procSample(), open, frames }),
  },
  () => {
    clearInterval(opener);
    for (const ws of sockets) ws.terminate();
  },
);

process.send?.({ type: 'ready', agents: roster.length });
