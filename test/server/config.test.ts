import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/server/config';

describe('configuration is parsed once and fails fast', () => {
  it('CFG1: defaults start the embedded simulator on port 3000 in Asia/Shanghai', () => {
    const c = parseConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.CALL_SYSTEM_URL).toBeUndefined();
    expect(c.TZ).toBe('Asia/Shanghai');
    expect(c.MONITOR_URL_TEMPLATE).toBe('ws://{host}/agent/monitor?{token}');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('CFG2: a bad value names the variable and the value', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT="eighty"/);
    expect(() => parseConfig({ TZ: 'Mars/Olympus' })).toThrow(/TZ="Mars\/Olympus": not a known IANA time zone/);
    expect(() => parseConfig({ CALL_SYSTEM_URL: 'ftp://x' })).toThrow(/CALL_SYSTEM_URL/);
  });

  it('CFG3: every bad variable is reported at once', () => {
    try {
      parseConfig({ PORT: '-1', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/LOG_LEVEL/);
    }
  });

  it('CFG4: a real call system needs a roster file', () => {
    expect(() => parseConfig({ CALL_SYSTEM_URL: 'http://10.0.0.5:8000' })).toThrow(/ROSTER_FILE/);
    const c = parseConfig({ CALL_SYSTEM_URL: 'http://10.0.0.5:8000', ROSTER_FILE: './r.csv' });
    expect(c.CALL_SYSTEM_URL).toBe('http://10.0.0.5:8000');
  });

  it('CFG5: a blank variable counts as unset', () => {
    const c = parseConfig({ PORT: '', CALL_SYSTEM_URL: '  ', ROSTER_FILE: '' });
    expect(c.PORT).toBe(3000);
    expect(c.CALL_SYSTEM_URL).toBeUndefined();
  });
});
