/**
 * The history API's query strings, validated at the boundary (zod): a day, a team, the CSV
 * language and the interval length. Anything malformed is a 400 BAD_QUERY naming the field;
 * unknown parameters are ignored (links carry board options such as `theme`).
 */
import { z } from 'zod';
import { dayKey } from '@/lib/domain/day';
import { isCalendarDay } from '@/lib/history/days';
import { parseLang, type Lang } from '@/lib/i18n/locales';
import { HttpError } from '@/server/http/json';
import { firstIssueText } from '@/server/http/zod-text';

export const INTERVAL_MINUTES = [5, 10, 15, 30, 60] as const;

const schema = z.object({
  day: z.string().refine(isCalendarDay, 'day must be a calendar day YYYY-MM-DD').optional(),
  team: z.string().trim().min(1).max(64).optional(),
  lang: z.string().max(16).optional(),
  interval: z
    .string()
    .regex(/^\d{1,2}$/, 'interval must be minutes')
    .transform(Number)
    .refine((n) => (INTERVAL_MINUTES as readonly number[]).includes(n), `interval must be one of ${INTERVAL_MINUTES.join(', ')}`)
    .optional(),
});

export interface HistoryQuery {
  /** Centre-local day; today (in the centre's zone) when absent. */
  day: string;
  team: string | null;
  /** CSV headers' language: English unless zh-CN is asked for. */
  lang: Lang;
  intervalMinutes: number;
}

/** One value per key: a repeated parameter is ambiguous and refused. */
function singleValues(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['day', 'team', 'lang', 'interval']) {
    const all = url.searchParams.getAll(key);
    if (all.length > 1) throw new HttpError(400, 'BAD_QUERY', `${key} given more than once`);
    if (all.length === 1 && all[0] !== '') out[key] = all[0]!;
  }
  return out;
}

export function parseHistoryQuery(url: URL, now: number, timeZone: string): HistoryQuery {
  const parsed = schema.safeParse(singleValues(url));
  if (!parsed.success) {
    throw new HttpError(400, 'BAD_QUERY', firstIssueText(parsed.error, 'query'));
  }
  const q = parsed.data;
  return {
    day: q.day ?? dayKey(now, timeZone),
    team: q.team ?? null,
    lang: parseLang(q.lang) === 'zh-CN' ? 'zh-CN' : 'en',
    intervalMinutes: q.interval ?? 15,
  };
}

/** An extension in a path: digits and letters as rosters use them, nothing else reaches SQL. */
export function parseExtno(value: string | undefined): string {
  if (!value || !/^[0-9A-Za-z_-]{1,32}$/.test(value)) throw new HttpError(400, 'BAD_QUERY', 'extno: not an extension');
  return value;
}
