/**
 * The simulated floor's roster: extension, Chinese name, team and access token per agent.
 * Everything is derived from the seed, so the same seed gives the same roster (and the
 * same tokens) across restarts; the extension is mixed in so that several simulator
 * processes with their own `extnoStart` never share a token.
 */
import { mixSeed, Rng } from './prng';
import { personName, teamName } from './zh-data';

export interface SimRosterEntry {
  extno: string;
  name: string;
  team: string;
  token: string;
}

export interface RosterOptions {
  agents: number;
  teams: number;
  seed: number;
  extnoStart: number;
  tokenPrefix: string;
}

/** Token stream purpose ids: keep them distinct from every other stream's. */
const NAME_STREAM = 0x6e616d65;
const TOKEN_STREAM = 0x746f6b6e;

export interface BuiltRoster {
  entries: SimRosterEntry[];
  /** Team index of each agent (same order as `entries`). */
  teamOf: Uint16Array;
  teamNames: string[];
}

export function buildRoster(opts: RosterOptions): BuiltRoster {
  const names = new Rng(mixSeed(opts.seed, NAME_STREAM + opts.extnoStart));
  const teamNames = Array.from({ length: opts.teams }, (_, i) => teamName(i));
  const teamOf = new Uint16Array(opts.agents);
  const entries: SimRosterEntry[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < opts.agents; i++) {
    const extno = String(opts.extnoStart + i);
    // Contiguous blocks of extensions per team, as floors are usually numbered.
    const team = Math.min(opts.teams - 1, Math.floor((i * opts.teams) / opts.agents));
    teamOf[i] = team;
    const tokens = new Rng(mixSeed(mixSeed(opts.seed, TOKEN_STREAM), opts.extnoStart + i));
    let token = opts.tokenPrefix + tokens.hex(24);
    // A 32-bit-state stream can in principle repeat; a token must name one agent only.
    while (seen.has(token)) token = opts.tokenPrefix + tokens.hex(24);
    seen.add(token);
    entries.push({ extno, name: personName(names), team: teamNames[team] ?? teamName(team), token });
  }
  return { entries, teamOf, teamNames };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The roster as CSV with header `extno,name,team,token` (the format Floorboard's ROSTER_FILE reads). */
export function rosterToCsv(roster: readonly SimRosterEntry[]): string {
  const lines = ['extno,name,team,token'];
  for (const r of roster) lines.push([r.extno, r.name, r.team, r.token].map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}
