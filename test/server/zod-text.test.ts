import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { firstIssueText, parseListQuery } from '@/server/http/zod-text';

const schema = z.strictObject({
  team: z.string().max(4).optional(),
  limit: z.coerce.number().int().max(50).optional(),
  cursor: z.string().optional(),
});

describe('refusal text of a failed parse', () => {
  it('names the field of the first issue and never echoes the input', () => {
    const r = schema.safeParse({ team: 'secret-team-name' });
    expect(r.success).toBe(false);
    const text = firstIssueText(r.error!);
    expect(text.startsWith('team: ')).toBe(true);
    expect(text).not.toContain('secret');
  });

  it('names the input itself when the issue is at its top', () => {
    const r = schema.safeParse('not an object');
    expect(firstIssueText(r.error!)).toMatch(/^\(body\): /);
    expect(firstIssueText(r.error!, 'query')).toMatch(/^query: /);
  });
});

describe('list filters from the query string', () => {
  it('keeps limit and cursor for a page and drops them for a full export', () => {
    const url = new URL('http://x/api/list?team=a&limit=10&cursor=c1');
    expect(parseListQuery(url, schema, { paged: true })).toEqual({ ok: true, data: { team: 'a', limit: 10, cursor: 'c1' } });
    expect(parseListQuery(url, schema, { paged: false })).toEqual({ ok: true, data: { team: 'a' } });
  });

  it('removes the keys read separately before the strict schema sees them', () => {
    const url = new URL('http://x/api/list?state=open&team=a');
    expect(parseListQuery(url, schema, { paged: true }).ok).toBe(false);
    expect(parseListQuery(url, schema, { paged: true, omit: ['state'] })).toEqual({ ok: true, data: { team: 'a' } });
  });

  it('refuses an unknown or bad filter with the field named', () => {
    const bad = parseListQuery(new URL('http://x/api/list?limit=500'), schema, { paged: true });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message.startsWith('limit: ')).toBe(true);
    const unknown = parseListQuery(new URL('http://x/api/list?evil=1'), schema, { paged: true });
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.message).toMatch(/^\(query\): /);
  });
});
