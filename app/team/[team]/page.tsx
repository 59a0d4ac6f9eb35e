import { TeamView } from '@/components/team/TeamView';
import { readPageOptions, type SearchParams } from '../../page-options';
import { routeParam } from '../../route-param';

/** A team's own view: larger tiles and each agent's figures for today. */
export default async function TeamPage({ params, searchParams }: { params: Promise<{ team: string }>; searchParams: SearchParams }) {
  const { team } = await params;
  const { options, lang } = await readPageOptions(searchParams);
  return <TeamView team={routeParam(team)} options={options} lang={lang} />;
}
