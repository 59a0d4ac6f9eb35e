import { HistoryPage } from '@/components/history/HistoryPage';
import { DEFAULT_INTERVAL, INTERVAL_CHOICES } from '@/lib/client/history-queries';
import { isCalendarDay } from '@/lib/history/days';
import { readPageOptions, type SearchParams } from '../page-options';

/** History and KPIs of a day (issue #7): `day=YYYY-MM-DD` (absent: today), `team=` (absent: every team the user may see), `interval=` minutes (default 15). */
export default async function History({ searchParams }: { searchParams: SearchParams }) {
  const { options, lang } = await readPageOptions(searchParams);
  const raw = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
  const day = one(raw.day);
  const team = one(raw.team).trim();
  const interval = Number(one(raw.interval));
  const params = {
    day: isCalendarDay(day) ? day : null,
    team: team || null,
    interval: (INTERVAL_CHOICES as readonly number[]).includes(interval) ? interval : DEFAULT_INTERVAL,
  };
  return <HistoryPage options={options} lang={lang} params={params} />;
}
