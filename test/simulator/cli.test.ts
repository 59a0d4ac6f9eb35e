import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '@/server/simulator/cli-args';

describe('CLI arguments', () => {
  it('parses the documented flags', () => {
    const args = parseCliArgs(['--agents', '200', '--teams', '8', '--seed', '7', '--speed', '1', '--tick', '1000', '--port', '4000', '--roster', 'roster.csv', '--extno-start', '1001']);
    expect(args).toMatchObject({ agents: 200, teams: 8, seed: 7, speed: 1, tick: 1000, port: 4000, roster: 'roster.csv', 'extno-start': 1001 });
  });

  it('refuses unknown flags, positionals and bad values', () => {
    expect(() => parseCliArgs(['--agnets', '5'])).toThrow();
    expect(() => parseCliArgs(['extra'])).toThrow();
    expect(() => parseCliArgs(['--agents', 'many'])).toThrow(/--agents/);
    expect(() => parseCliArgs(['--speed', '0'])).toThrow(/--speed/);
  });

  it('prints the URL and admin token, writes the roster, and exits cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-cli-'));
    const roster = join(dir, 'roster.csv');
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/simulator/cli.ts', '--agents', '6', '--teams', '2', '--port', '0', '--roster', roster, '--admin-token', 'cli-admin-token'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('admin token')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`exited early (${code})`)));
      });
      expect(out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
      expect(out).toContain('cli-admin-token');
      const csv = await readFile(roster, 'utf8');
      expect(csv.split('\n')[0]).toBe('extno,name,team,token');
      expect(csv.trim().split('\n')).toHaveLength(7);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
