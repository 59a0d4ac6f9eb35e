import { FloorBoard } from '@/components/board/FloorBoard';
import { readPageOptions, type SearchParams } from '../page-options';

const DEFAULTS = { kiosk: true };

/**
 * The wall display: kiosk by default (no controls, dark, pages through what does not fit).
 * Set it up by opening a link, e.g. `/board?team=A,B&group=team&lang=zh-CN&page=20`.
 */
export default async function KioskPage({ searchParams }: { searchParams: SearchParams }) {
  const { options, lang } = await readPageOptions(searchParams, DEFAULTS);
  return <FloorBoard options={options} lang={lang} defaults={DEFAULTS} />;
}
