import { describe, expect, it } from 'vitest';
import { parseBoardOptions, resolvedTheme, serializeBoardOptions } from '@/lib/client/board-options';
import { negotiateLang, parseLang } from '@/lib/i18n/locales';

describe('board options live in the URL', () => {
  it('parses every parameter', () => {
    const o = parseBoardOptions(
      new URLSearchParams('team=A,B&status=idle,wrap_up,bogus&q=张&sort=time&group=team&density=micro&lang=en&kiosk=1&theme=light&page=30'),
    );
    expect(o).toEqual({
      teams: ['A', 'B'],
      statuses: ['idle', 'wrap_up'],
      query: '张',
      sort: 'time',
      group: 'team',
      density: 'micro',
      lang: 'en',
      kiosk: true,
      theme: 'light',
      pageSeconds: 30,
    });
  });

  it('falls back to defaults for unknown or missing values (a kiosk must not break)', () => {
    const o = parseBoardOptions({ sort: 'nope', group: ['status', 'team'], page: 'x', density: '' });
    expect(o.sort).toBe('attention');
    expect(o.group).toBe('status');
    expect(o.pageSeconds).toBe(15);
    expect(o.density).toBe('auto');
    expect(o.kiosk).toBe(false);
    expect(parseBoardOptions({ page: '1' }).pageSeconds).toBe(5);
  });

  it('the /board route is a kiosk unless kiosk=0', () => {
    expect(parseBoardOptions({}, { kiosk: true }).kiosk).toBe(true);
    expect(parseBoardOptions({ kiosk: '0' }, { kiosk: true }).kiosk).toBe(false);
  });

  it('round-trips through the query string, leaving defaults out', () => {
    const o = parseBoardOptions(new URLSearchParams('team=A,B&sort=name&lang=zh-CN'));
    const q = serializeBoardOptions(o);
    expect(q).toBe('team=A,B&sort=name&lang=zh-CN');
    expect(parseBoardOptions(new URLSearchParams(q))).toEqual(o);
    expect(serializeBoardOptions(parseBoardOptions({}))).toBe('');
  });

  it('walls are dark unless told otherwise', () => {
    expect(resolvedTheme({ theme: 'auto', kiosk: true })).toBe('dark');
    expect(resolvedTheme({ theme: 'auto', kiosk: false })).toBe('auto');
    expect(resolvedTheme({ theme: 'light', kiosk: true })).toBe('light');
  });
});

describe('language', () => {
  it('the lang parameter is read loosely', () => {
    expect(parseLang('zh')).toBe('zh-CN');
    expect(parseLang('zh-Hans-CN')).toBe('zh-CN');
    expect(parseLang('en-GB')).toBe('en');
    expect(parseLang('fr')).toBeNull();
  });

  it('else the browser language by q weight, else zh-CN', () => {
    expect(negotiateLang('fr-FR,en;q=0.8,zh;q=0.9')).toBe('zh-CN');
    expect(negotiateLang('en-US,en;q=0.9')).toBe('en');
    expect(negotiateLang('fr, de')).toBe('zh-CN');
    expect(negotiateLang(null)).toBe('zh-CN');
  });
});
