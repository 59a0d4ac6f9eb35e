import { AuditPage } from '@/components/audit/AuditPage';
import { readPageOptions, type SearchParams } from '../page-options';

/** The audit trail of control actions and announcements, filtered, paged, exportable as CSV. */
export default async function Audit({ searchParams }: { searchParams: SearchParams }) {
  const { options, lang } = await readPageOptions(searchParams);
  return <AuditPage options={options} lang={lang} />;
}
