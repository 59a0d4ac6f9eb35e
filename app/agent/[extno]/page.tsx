import { AgentPage } from '@/components/agent/AgentPage';
import { readPageOptions, type SearchParams } from '../../page-options';
import { routeParam } from '../../route-param';

/** One agent: status, today's figures and the open call's screen pop. */
export default async function AgentDetailPage({ params, searchParams }: { params: Promise<{ extno: string }>; searchParams: SearchParams }) {
  const { extno } = await params;
  const { options, lang } = await readPageOptions(searchParams);
  return <AgentPage extno={routeParam(extno)} options={options} lang={lang} />;
}
