import { FloorBoard } from '@/components/board/FloorBoard';
import { readPageOptions, type SearchParams } from './page-options';

const DEFAULTS = { kiosk: false };

/** The floor view: the wall-board with laptop controls (add `kiosk=1` for a wall). */
export default async function FloorPage({ searchParams }: { searchParams: SearchParams }) {
  const { options, lang } = await readPageOptions(searchParams, DEFAULTS);
  return <FloorBoard options={options} lang={lang} defaults={DEFAULTS} />;
}
