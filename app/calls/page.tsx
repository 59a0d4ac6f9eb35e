import { CallsPage } from '@/components/calls/CallsPage';
import { readPageOptions, type SearchParams } from '../page-options';

/** Every open call on the floor (or the `team` parameter's teams), sortable. */
export default async function ActiveCallsPage({ searchParams }: { searchParams: SearchParams }) {
  const { options, lang } = await readPageOptions(searchParams);
  return <CallsPage options={options} lang={lang} />;
}
