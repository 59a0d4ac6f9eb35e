/**
 * The board's view settings, kept in the URL so a wall display is set up by opening a link
 * (docs/board.md lists every parameter). Parsing is forgiving: an unknown value falls back to
 * the default rather than breaking a kiosk that nobody is standing next to.
 */
import { AGENT_STATUSES, type AgentStatus } from '@/lib/domain/status';
import { parseLang, type Lang } from '@/lib/i18n/locales';

export const SORT_KEYS = ['attention', 'time', 'name', 'extno', 'status'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const GROUP_KEYS = ['none', 'team', 'status'] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];

/** `auto` picks the richest tile that lets every agent fit the screen. */
export const DENSITIES = ['auto', 'full', 'compact', 'micro'] as const;
export type Density = (typeof DENSITIES)[number];

export const THEMES = ['auto', 'dark', 'light'] as const;
export type Theme = (typeof THEMES)[number];

export const MIN_PAGE_SECONDS = 5;
export const MAX_PAGE_SECONDS = 300;
export const DEFAULT_PAGE_SECONDS = 15;

export interface BoardOptions {
  /** Teams shown (empty: every team the user may see). Sent to the server as the socket's `teams`. */
  teams: readonly string[];
  /** Status filter (empty: all). */
  statuses: readonly AgentStatus[];
  /** Free-text filter on name or extension. */
  query: string;
  sort: SortKey;
  group: GroupKey;
  density: Density;
  /** Chosen in the URL; null means "the browser's language". */
  lang: Lang | null;
  /** Wall mode: no controls, page through what does not fit instead of scrolling. */
  kiosk: boolean;
  theme: Theme;
  /** Kiosk paging interval. */
  pageSeconds: number;
}

export type SearchParamsLike = URLSearchParams | Readonly<Record<string, string | string[] | undefined>>;

function read(params: SearchParamsLike, key: string): string | null {
  if (params instanceof URLSearchParams) return params.get(key);
  const v = params[key];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function list(value: string | null): string[] {
  if (!value) return [];
  return [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
}

function truthy(value: string | null): boolean | null {
  if (value === null) return null;
  return !['0', 'false', 'no', 'off'].includes(value.trim().toLowerCase());
}

export interface OptionDefaults {
  /** The /board route is a kiosk by default; the floor view at / is not. */
  kiosk?: boolean;
}

export function parseBoardOptions(params: SearchParamsLike, defaults: OptionDefaults = {}): BoardOptions {
  const kiosk = truthy(read(params, 'kiosk')) ?? defaults.kiosk ?? false;
  const page = Number(read(params, 'page') ?? DEFAULT_PAGE_SECONDS);
  return {
    teams: list(read(params, 'team')),
    statuses: list(read(params, 'status')).filter((s): s is AgentStatus =>
      (AGENT_STATUSES as readonly string[]).includes(s),
    ),
    query: (read(params, 'q') ?? '').trim().slice(0, 64),
    sort: oneOf(read(params, 'sort'), SORT_KEYS, 'attention'),
    group: oneOf(read(params, 'group'), GROUP_KEYS, 'none'),
    density: oneOf(read(params, 'density'), DENSITIES, 'auto'),
    lang: parseLang(read(params, 'lang')),
    kiosk,
    theme: oneOf(read(params, 'theme'), THEMES, 'auto'),
    pageSeconds: Number.isFinite(page)
      ? Math.min(MAX_PAGE_SECONDS, Math.max(MIN_PAGE_SECONDS, Math.round(page)))
      : DEFAULT_PAGE_SECONDS,
  };
}

/** The query string for these options, leaving defaults out so links stay short. */
export function serializeBoardOptions(o: BoardOptions, defaults: OptionDefaults = {}): string {
  const p = new URLSearchParams();
  if (o.teams.length) p.set('team', o.teams.join(','));
  if (o.statuses.length) p.set('status', o.statuses.join(','));
  if (o.query) p.set('q', o.query);
  if (o.sort !== 'attention') p.set('sort', o.sort);
  if (o.group !== 'none') p.set('group', o.group);
  if (o.density !== 'auto') p.set('density', o.density);
  if (o.lang) p.set('lang', o.lang);
  if (o.kiosk !== (defaults.kiosk ?? false)) p.set('kiosk', o.kiosk ? '1' : '0');
  if (o.theme !== 'auto') p.set('theme', o.theme);
  if (o.pageSeconds !== DEFAULT_PAGE_SECONDS) p.set('page', String(o.pageSeconds));
  // URLSearchParams encodes commas; they are safe in a query and keep links readable.
  return p.toString().replace(/%2C/g, ',');
}

/** The theme actually used: kiosks are walls, and walls are dark unless told otherwise. */
export function resolvedTheme(o: Pick<BoardOptions, 'theme' | 'kiosk'>): Theme {
  if (o.theme !== 'auto') return o.theme;
  return o.kiosk ? 'dark' : 'auto';
}
