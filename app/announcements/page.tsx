import { AnnouncementsPage } from '@/components/announcements/AnnouncementsPage';
import { readPageOptions, type SearchParams } from '../page-options';

/** Compose an announcement, watch its delivery receipts, resend to the missing; the history. */
export default async function Announcements({ searchParams }: { searchParams: SearchParams }) {
  const { options, lang } = await readPageOptions(searchParams);
  return <AnnouncementsPage options={options} lang={lang} />;
}
