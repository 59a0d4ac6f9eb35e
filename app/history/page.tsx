import { HistoryPage } from '@/components/history/HistoryPage';
import { isCalendarDay } from '@/lib/history/days';
import { readPageOptions, type SearchParams } from '../page-options';

/** History and KPIs of a day (issue #7): `day=YYYY-MM-DD` (absent: today), `team=` (absent: every team the user may see). */
export default async function History({ searchParams }: { searchParams: SearchParams }) {
  const { options, lang } = await readPageOptions(searchParams);
  const raw = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
  const day = one(raw.day);
  const team = one(raw.team).trim();
  return <HistoryPage options={options} lang={lang} params={{ day: isCalendarDay(day) ? day : null, team: team || null }} />;
}
