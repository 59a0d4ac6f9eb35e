/**
 * The roster: which agents Floorboard monitors, and their access tokens.
 *
 * The call system has no endpoint that hands out agents' tokens, so the roster is a CSV file
 * the centre keeps (header `extno,name,team,token`, any column order, extra columns ignored).
 * Parsing is RFC 4180 (quoted fields may hold commas, quotes as "" and line breaks), UTF-8
 * with an optional BOM, CRLF or LF. Every error names the file and the line, because the
 * person fixing it has the file open in a spreadsheet, not this code.
 */
import { readFile } from 'node:fs/promises';
import type { RosterEntry } from '@/server/state/types';

export const REQUIRED_COLUMNS = ['extno', 'name', 'team', 'token'] as const;

export class RosterError extends Error {
  override name = 'RosterError';
  constructor(
    readonly source: string,
    /** 1-based physical line in the file. */
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${source}:${line}: ${problem}`);
  }
}

interface CsvRecord {
  /** Line the record starts on (a quoted field may span several). */
  line: number;
  fields: string[];
}

/** Split CSV text into records per RFC 4180, tracking line numbers. */
function readRecords(text: string, source: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;

  const endRecord = () => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };

  while (i < n) {
    const ch = text[i];
    if (ch === '"') {
      // Spaces before an opening quote are tolerated (hand-edited files); anything else is not.
      if (field.trim() !== '') {
        throw new RosterError(source, line, 'malformed quoting: a quote inside an unquoted field (quote the whole field and double the quote)');
      }
      const openLine = line;
      field = '';
      i++;
      for (;;) {
        if (i >= n) throw new RosterError(source, openLine, 'malformed quoting: a quoted field is never closed');
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        else if (c === '\r' && text[i + 1] !== '\n') line++;
        field += c;
        i++;
      }
      // After a closing quote only spaces, then a separator or the end of the record, may follow.
      while (text[i] === ' ' || text[i] === '\t') i++;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new RosterError(source, line, 'malformed quoting: text after a closing quote');
      }
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += ch;
    i++;
  }
  // The last record, unless the text ended with a line break.
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

function isBlank(record: CsvRecord): boolean {
  return record.fields.every((f) => f.trim() === '');
}

/**
 * Parse roster CSV text. `source` names the file in errors.
 * Throws RosterError on: no header, a missing required column, a duplicate column, a row
 * without a required field, an empty extno or token, a duplicate extno, malformed quoting.
 * Values are trimmed; name and team may be empty (the board shows the extension then).
 */
export function parseRosterCsv(text: string, source = 'roster'): RosterEntry[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records = readRecords(body, source).filter((r) => !isBlank(r));
  const header = records.shift();
  if (!header) throw new RosterError(source, 1, `empty file: expected a header ${REQUIRED_COLUMNS.join(',')}`);

  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const index = {} as Record<(typeof REQUIRED_COLUMNS)[number], number>;
  for (const name of REQUIRED_COLUMNS) {
    const at = columns.indexOf(name);
    if (at < 0) throw new RosterError(source, header.line, `missing required column "${name}" (header needs ${REQUIRED_COLUMNS.join(',')})`);
    if (columns.indexOf(name, at + 1) >= 0) throw new RosterError(source, header.line, `column "${name}" appears twice`);
    index[name] = at;
  }
  const needed = Math.max(...Object.values(index)) + 1;

  const entries: RosterEntry[] = [];
  const firstLine = new Map<string, number>();
  for (const record of records) {
    if (record.fields.length < needed) {
      throw new RosterError(source, record.line, `has ${record.fields.length} fields, needs at least ${needed} to reach every required column`);
    }
    const get = (name: (typeof REQUIRED_COLUMNS)[number]) => (record.fields[index[name]] ?? '').trim();
    const entry: RosterEntry = { extno: get('extno'), name: get('name'), team: get('team'), token: get('token') };
    if (entry.extno === '') throw new RosterError(source, record.line, 'empty extno');
    if (entry.token === '') throw new RosterError(source, record.line, `empty token for extno ${entry.extno}`);
    const seen = firstLine.get(entry.extno);
    if (seen !== undefined) {
      throw new RosterError(source, record.line, `duplicate extno ${entry.extno} (first on line ${seen})`);
    }
    firstLine.set(entry.extno, record.line);
    entries.push(entry);
  }
  return entries;
}

/** Read and parse a roster file (UTF-8). Errors name the path. */
export async function loadRosterFile(path: string): Promise<RosterEntry[]> {
  const text = await readFile(path, 'utf8');
  return parseRosterCsv(text, path);
}

export interface RosterChange {
  prev: RosterEntry;
  next: RosterEntry;
  /** A new token means the monitor link must be re-opened; a name or team change does not. */
  tokenChanged: boolean;
}

export interface RosterDiff {
  added: RosterEntry[];
  removed: RosterEntry[];
  changed: RosterChange[];
}

/** What a reload changes, so links open and close for the difference only. Order follows `next` (then `prev` for removals). */
export function diffRoster(prev: readonly RosterEntry[], next: readonly RosterEntry[]): RosterDiff {
  const before = new Map(prev.map((e) => [e.extno, e]));
  const after = new Set<string>();
  const diff: RosterDiff = { added: [], removed: [], changed: [] };
  for (const e of next) {
    after.add(e.extno);
    const old = before.get(e.extno);
    if (!old) diff.added.push(e);
    else if (old.name !== e.name || old.team !== e.team || old.token !== e.token) {
      diff.changed.push({ prev: old, next: e, tokenChanged: old.token !== e.token });
    }
  }
  for (const e of prev) if (!after.has(e.extno)) diff.removed.push(e);
  return diff;
}
