import { AlertsPage } from '@/components/alerts/AlertsPage';
import { readPageOptions, type SearchParams } from '../page-options';

/** Alert history (filters, CSV export) and, for managers, the alert rules (docs/alerts.md). */
export default async function AlertsRoute({ searchParams }: { searchParams: SearchParams }) {
  const { options, lang } = await readPageOptions(searchParams);
  return <AlertsPage lang={lang} theme={options.theme} />;
}
