import { describe, expect, it } from 'vitest';
import { rolePlan } from '@/server/cluster/roles';
import { ConfigError, parseConfig } from '@/server/config';

const cluster = { CALL_SYSTEM_URL: 'http://cs:8000', ROSTER_FILE: './roster.csv', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('cluster configuration', () => {
  it('one process with no Redis stays the default, and changes nothing in the boot', () => {
    const config = parseConfig({});
    expect(config.FLOORBOARD_ROLE).toBe('all');
    expect(config.REDIS_URL).toBeUndefined();
    const plan = rolePlan(config);
    expect(plan).toMatchObject({ upstream: 'links', serveWeb: true, recordHistory: true, clustered: false });
    const roster = [{ extno: '1', name: 'a', team: 't', token: 'x' }];
    expect(plan.floorRoster(roster)).toBe(roster);
  });

  it('a gateway or web node without REDIS_URL or CALL_SYSTEM_URL refuses to start, naming the role', () => {
    expect(() => parseConfig({ FLOORBOARD_ROLE: 'gateway', CALL_SYSTEM_URL: 'http://cs:8000', ROSTER_FILE: 'r.csv' })).toThrow(/FLOORBOARD_ROLE=gateway: needs REDIS_URL/);
    expect(() => parseConfig({ FLOORBOARD_ROLE: 'web', REDIS_URL: 'redis://r:6379' })).toThrow(ConfigError);
  });

  it('bad cluster values are refused with the variable named', () => {
    expect(() => parseConfig({ ...cluster, FLOORBOARD_ROLE: 'router' })).toThrow(/FLOORBOARD_ROLE/);
    expect(() => parseConfig({ ...cluster, FLOORBOARD_ROLE: 'web', REDIS_URL: 'http://r:6379' })).toThrow(/REDIS_URL/);
    expect(() => parseConfig({ ...cluster, FLOORBOARD_ROLE: 'gateway', GATEWAY_ID: 'a b' })).toThrow(/GATEWAY_ID/);
    expect(() => parseConfig({ ...cluster, FLOORBOARD_ROLE: 'gateway', LEASE_TTL_MS: '100' })).toThrow(/LEASE_TTL_MS/);
  });

  it('gateways start with no agents and serve no pages; web nodes open no links and record nothing', () => {
    const roster = [{ extno: '1', name: 'a', team: 't', token: 'x' }];
    const gateway = rolePlan(parseConfig({ ...cluster, FLOORBOARD_ROLE: 'gateway' }));
    expect(gateway.floorRoster(roster)).toEqual([]);
    expect(gateway).toMatchObject({ upstream: 'links', serveWeb: false, recordHistory: true, clustered: true });
    const web = rolePlan(parseConfig({ ...cluster, FLOORBOARD_ROLE: 'web' }));
    expect(web.floorRoster(roster)).toBe(roster);
    expect(web).toMatchObject({ upstream: 'external', serveWeb: true, recordHistory: false, clustered: true });
  });
});
