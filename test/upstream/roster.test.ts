import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffRoster, loadRosterFile, parseRosterCsv, RosterError } from '@/server/upstream/roster';

function errorOf(text: string, source = 'agents.csv'): RosterError {
  try {
    parseRosterCsv(text, source);
  } catch (err) {
    if (err instanceof RosterError) return err;
    throw err;
  }
  throw new Error('expected a RosterError');
}

describe('roster CSV parsing', () => {
  it('ROSTER-parse: reads extno,name,team,token rows, trimming values', () => {
    expect(parseRosterCsv('extno,name,team,token\n1001, Alice ,Team A,t1\n1002,Bob,Team B,t2\n')).toEqual([
      { extno: '1001', name: 'Alice', team: 'Team A', token: 't1' },
      { extno: '1002', name: 'Bob', team: 'Team B', token: 't2' },
    ]);
  });

  it('ROSTER-bom-crlf: a UTF-8 BOM and CRLF line ends are accepted; blank trailing lines are ok', () => {
    const text = '\uFEFFextno,name,team,token\r\n1001,张三,一组,t1\r\n1002,李四,二组,t2\r\n\r\n\r\n';
    expect(parseRosterCsv(text)).toEqual([
      { extno: '1001', name: '张三', team: '一组', token: 't1' },
      { extno: '1002', name: '李四', team: '二组', token: 't2' },
    ]);
  });

  it('ROSTER-columns: column order is free, header case is ignored, extra columns are ignored', () => {
    const text = 'Token,team,EXTNO,phone,name\nt1,A,1001,123,Alice';
    expect(parseRosterCsv(text)).toEqual([{ extno: '1001', name: 'Alice', team: 'A', token: 't1' }]);
  });

  it('ROSTER-quoting: quoted fields hold commas, doubled quotes and line breaks (RFC 4180)', () => {
    const text = [
      'extno,name,team,token',
      '1001,"Wang, Fang","Team ""North""",t1',
      '1002,"two',
      'lines",B,"a,b"',
      '1003,"",C,t3',
    ].join('\n');
    expect(parseRosterCsv(text)).toEqual([
      { extno: '1001', name: 'Wang, Fang', team: 'Team "North"', token: 't1' },
      { extno: '1002', name: 'two\nlines', team: 'B', token: 'a,b' },
      { extno: '1003', name: '', team: 'C', token: 't3' },
    ]);
  });

  it('ROSTER-error-column: a missing required column names the header line', () => {
    const err = errorOf('extno,name,token\n1001,A,t1\n');
    expect(err.line).toBe(1);
    expect(err.message).toMatch(/^agents\.csv:1: missing required column "team"/);
  });

  it('ROSTER-error-duplicate: a duplicate extno names its line and the first one', () => {
    const err = errorOf('extno,name,team,token\n1001,A,T,t1\n1002,B,T,t2\n1001,C,T,t3\n');
    expect(err.line).toBe(4);
    expect(err.message).toBe('agents.csv:4: duplicate extno 1001 (first on line 2)');
  });

  it('ROSTER-error-empty: an empty extno or token names its line', () => {
    expect(errorOf('extno,name,team,token\n1001,A,T,t1\n ,B,T,t2\n').line).toBe(3);
    const err = errorOf('extno,name,team,token\n1001,A,T,t1\n1002,B,T,  \n');
    expect(err.line).toBe(3);
    expect(err.message).toContain('empty token for extno 1002');
  });

  it('ROSTER-error-quoting: malformed quoting names the line', () => {
    // A quote inside an unquoted field.
    expect(errorOf('extno,name,team,token\n1001,Al"ice,T,t1\n').line).toBe(2);
    // Text after a closing quote.
    expect(errorOf('extno,name,team,token\n1001,A,T,t1\n1002,"B"x,T,t2\n').line).toBe(3);
    // A quote never closed: the line where it opened.
    const err = errorOf('extno,name,team,token\n1001,A,T,t1\n1002,"B,T,t2\n1003,C,T,t3\n');
    expect(err.line).toBe(3);
    expect(err.message).toContain('never closed');
  });

  it('ROSTER-error-short-row: a row too short to reach every required column names its line', () => {
    expect(errorOf('extno,name,team,token\n1001,A\n').line).toBe(2);
  });

  it('ROSTER-error-lines: line numbers count the physical lines of multi-line quoted fields', () => {
    const err = errorOf('extno,name,team,token\n1001,"multi\nline\nname",T,t1\n1001,B,T,t2\n');
    expect(err.line).toBe(5);
  });

  it('ROSTER-empty: an empty file is an error naming line 1', () => {
    expect(errorOf('\uFEFF\n\n').line).toBe(1);
  });

  it('ROSTER-load: loadRosterFile names the path in its errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roster-'));
    try {
      const good = join(dir, 'good.csv');
      await writeFile(good, 'extno,name,team,token\n1001,A,T,t1\n');
      expect(await loadRosterFile(good)).toEqual([{ extno: '1001', name: 'A', team: 'T', token: 't1' }]);
      const bad = join(dir, 'bad.csv');
      await writeFile(bad, 'extno,name,team\n');
      await expect(loadRosterFile(bad)).rejects.toThrow(`${bad}:1: missing required column "token"`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('roster diff', () => {
  const a = { extno: '1', name: 'A', team: 'T', token: 'ta' };
  const b = { extno: '2', name: 'B', team: 'T', token: 'tb' };
  const c = { extno: '3', name: 'C', team: 'T', token: 'tc' };
  const d = { extno: '4', name: 'D', team: 'T', token: 'td' };

  it('ROSTER-diff: added, removed and changed are the difference only; a token change is flagged', () => {
    const next = [{ ...a, name: 'A2' }, { ...c, token: 'tc2' }, d];
    expect(diffRoster([a, b, c], next)).toEqual({
      added: [d],
      removed: [b],
      changed: [
        { prev: a, next: { ...a, name: 'A2' }, tokenChanged: false },
        { prev: c, next: { ...c, token: 'tc2' }, tokenChanged: true },
      ],
    });
  });

  it('ROSTER-diff-same: an identical roster (in any order) changes nothing', () => {
    expect(diffRoster([a, b, c], [c, a, b])).toEqual({ added: [], removed: [], changed: [] });
  });

  it('ROSTER-diff-team: a team change is a change without a token change', () => {
    expect(diffRoster([a], [{ ...a, team: 'U' }]).changed).toEqual([{ prev: a, next: { ...a, team: 'U' }, tokenChanged: false }]);
  });
});
