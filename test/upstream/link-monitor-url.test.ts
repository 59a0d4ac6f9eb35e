import { describe, expect, it } from 'vitest';
import {
  buildMonitorUrl,
  DEFAULT_MONITOR_URL_TEMPLATE,
  monitorUrlFor,
  redactUrl,
  validateMonitorUrlTemplate,
} from '@/server/upstream/monitor-url';

const agent = { extno: '1001', token: 'abc/def+g=h' };

describe('monitor URL', () => {
  it('URL-default: the default template follows the document (the query string is the token)', () => {
    expect(buildMonitorUrl(DEFAULT_MONITOR_URL_TEMPLATE, 'http://127.0.0.1:4000', { extno: '1', token: 'tok' })).toBe(
      'ws://127.0.0.1:4000/agent/monitor?tok',
    );
  });

  it('URL-encode: {token} and {extno} are URL-encoded', () => {
    expect(buildMonitorUrl('ws://{host}/m/{extno}?token={token}', 'http://h:1', { extno: '10 01', token: agent.token })).toBe(
      'ws://h:1/m/10%2001?token=abc%2Fdef%2Bg%3Dh',
    );
  });

  it('URL-scheme: {scheme} is wss for https and ws for http; a literal ws:// template stays ws', () => {
    expect(buildMonitorUrl('{scheme}://{host}/agent/monitor?{token}', 'https://cc.example.com', agent)).toMatch(/^wss:\/\/cc\.example\.com\//);
    expect(buildMonitorUrl('{scheme}://{host}/x', 'http://cc.example.com:8080/base', agent)).toBe('ws://cc.example.com:8080/x');
    expect(buildMonitorUrl(DEFAULT_MONITOR_URL_TEMPLATE, 'https://cc.example.com', agent)).toMatch(/^ws:\/\//);
  });

  it('URL-validate: an unknown placeholder or a non-ws scheme fails fast', () => {
    expect(() => validateMonitorUrlTemplate('ws://{host}/m?{tokn}')).toThrow(/unknown placeholder \{tokn\}/);
    expect(() => validateMonitorUrlTemplate('http://{host}/m?{token}')).toThrow(/must start with/);
    expect(() => monitorUrlFor('ws://{hots}/', 'http://h')).toThrow();
    expect(monitorUrlFor(DEFAULT_MONITOR_URL_TEMPLATE, 'http://h:9')({ extno: '1', token: 't' })).toBe('ws://h:9/agent/monitor?t');
  });

  it('URL-redact: the token is replaced by *** in raw and encoded form', () => {
    const url = buildMonitorUrl(DEFAULT_MONITOR_URL_TEMPLATE, 'http://h', agent);
    expect(redactUrl(url, agent.token)).toBe('ws://h/agent/monitor?***');
    expect(redactUrl(`Invalid URL: x?${agent.token}`, agent.token)).toBe('Invalid URL: x?***');
    expect(redactUrl('no token here', '')).toBe('no token here');
  });
});
