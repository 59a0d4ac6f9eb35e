'use client';
/**
 * The agent grid: tile size from the area and the head count (lib/client/tile-fit.ts), every
 * agent on screen when they fit; above that a kiosk pages through teams on a timer and a
 * laptop scrolls (mounting only the rows near the viewport, lib/client/grid-window.ts).
 * Re-renders only when the id order, the area, the page or the scrolled row changes: tiles
 * update themselves.
 */
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type MouseEvent, type ReactNode } from 'react';
import type { Density } from '@/lib/client/board-options';
import { useAgentGroups } from '@/lib/client/hooks';
import { layoutGroups, visibleSegments } from '@/lib/client/grid-window';
import type { AgentGroup, ViewSpec } from '@/lib/client/ordering';
import { fitLegibly, legibleScale } from '@/lib/client/legible-fit';
import { TILE_GAP, paginate, type PageSlice, type TileFit } from '@/lib/client/tile-fit';
import { useT } from '@/components/i18n/I18nProvider';
import { GridSlice } from './GridSlice';
import { GroupHeader } from './GroupHeader';
import { PageGate, PageGateContext, pageMode } from './page-gate';
import { PageIndicator } from './PageIndicator';
import { useElementSize } from './use-element-size';
import { revealSections } from './reveal-sections';
import { stageSections } from './stage-sections';

/** How long before its turn the next kiosk page starts writing its timers (rule V6). */
const WARM_MS = 2500;

export interface AgentGridProps {
  spec: ViewSpec;
  density: Density;
  kiosk: boolean;
  pageSeconds: number;
  /** Query string carried into tile links (language, theme), e.g. `?lang=en`. */
  hrefQuery: string;
  /** Cap on tile growth (the team view asks for bigger tiles than the floor). */
  maxScale?: number;
  /** Text while there is nothing to show. */
  emptyText: string;
}

function groupLabel(g: AgentGroup | undefined, t: ReturnType<typeof useT>): string {
  if (!g) return '';
  if (g.kind === 'team') return g.team;
  if (g.kind === 'status') return t(`status.${g.status}`);
  return '';
}

export function AgentGrid({ spec, density, kiosk, pageSeconds, hrefQuery, maxScale, emptyText }: AgentGridProps) {
  const t = useT();
  const router = useRouter();
  const [areaRef, size] = useElementSize<HTMLDivElement>();
  // A kiosk that must page pages by team (rule V3), even when the view is not grouped, so each
  // page names the teams it shows. Whether it must page does not depend on the grouping.
  const [pageByTeam, setPageByTeam] = useState(false);
  const viewSpec: ViewSpec = useMemo(() => (pageByTeam && spec.group === 'none' ? { ...spec, group: 'team' } : spec), [pageByTeam, spec]);
  const groups = useAgentGroups(viewSpec);
  const headers = viewSpec.group !== 'none';
  const countsKey = groups.map((g) => g.ids.length).join(',');
  const total = groups.reduce((s, g) => s + g.ids.length, 0);

  // Text never under the legibility floor of this screen (rule V1, lib/client/legible-fit.ts).
  const minScale = size ? legibleScale(window.innerHeight) : 1;
  const fitArea = useCallback(
    (counts: readonly number[], withHeaders: boolean): TileFit | null => {
      if (!size || size.width < 10 || size.height < 10) return null;
      // A kiosk pages with the smallest tile (fewest pages); a laptop scrolls a readable one.
      const input = { width: size.width, height: size.height, groups: counts, headers: withHeaders, density, maxScale };
      return fitLegibly(input, kiosk ? 'micro' : 'compact', minScale);
    },
    [size, density, maxScale, kiosk, minScale],
  );
  const mustPage = kiosk && fitArea([total], false)?.fits === false;
  useEffect(() => setPageByTeam(mustPage), [mustPage]);
  // Until the grouping follows, draw nothing rather than mount 2,000 tiles to throw them away.
  const settling = spec.group === 'none' && mustPage !== pageByTeam;

  const fit: TileFit | null = useMemo(() => fitArea(countsKey ? countsKey.split(',').map(Number) : [], headers), [fitArea, countsKey, headers]);

  const byKey = useMemo(() => new Map(groups.map((g) => [g.key, g])), [groups]);
  const pages: PageSlice[][] | null = useMemo(() => {
    if (!fit || fit.fits || !kiosk || !size) return null;
    return paginate(groups, fit, size.height, headers).map((p) => [...p]);
  }, [fit, kiosk, size, groups, headers]);

  const [page, setPage] = useState(0);
  const pageCount = pages?.length ?? 1;
  useEffect(() => {
    if (pageCount <= 1) return;
    const id = setInterval(() => {
      // Someone tabbing through the tiles holds the page (the turn would hide the focused tile).
      if (areaRef.current?.contains(document.activeElement)) return;
      setPage((p) => (p + 1) % pageCount);
    }, pageSeconds * 1000);
    return () => clearInterval(id);
  }, [pageCount, pageSeconds, areaRef]);
  const current = page % pageCount;
  // The staged next page is out of view but its tiles are in the tab order (rule V9): focus
  // moving onto one of them turns to that page, so Tab walks through every agent, page by page.
  const onFocus = (e: FocusEvent<HTMLDivElement>) => {
    if (!pages) return;
    const pageEl = (e.target as Element).closest('.fb-page');
    const i = pageEl ? Array.prototype.indexOf.call(areaRef.current?.children ?? [], pageEl) : -1;
    if (i >= 0 && i !== current) setPage(i);
  };

  // The page on screen renders its tiles' changes at once, the next one on the frames after
  // (V7); the others hold them (V4).
  const gates = useRef(new Map<number, PageGate>()).current;
  const gateFor = (i: number): PageGate => {
    let gate = gates.get(i);
    if (!gate) gates.set(i, (gate = new PageGate(pageMode(i, current, pageCount))));
    return gate;
  };
  useEffect(() => {
    for (const [i, gate] of gates) gate.setMode(pageMode(i, current, pageCount));
  }, [gates, current, pageCount]);
  // The next page's timers are written from WARM_MS before its turn (V6): then every second,
  // so it shows fresh timers at the turn, but not for the whole showing of the page before it.
  useEffect(() => {
    if (pageCount <= 1) return;
    const id = setTimeout(() => gates.get((current + 1) % pageCount)?.setWarm(true), Math.max(0, pageSeconds * 1000 - WARM_MS));
    return () => clearTimeout(id);
  }, [gates, current, pageCount, pageSeconds]);

  // The next page is staged (laid out, invisible) a second after a turn, so the next turn only
  // paints it. A page hidden by content-visibility skips style and layout, and catching up on a
  // page's worth of timer and status writes cost a 150 ms frame at the turn. Staging it a second
  // later puts that catch-up in a frame of its own, where nothing on screen changes.
  // Its sections are laid out one per frame (V8), so no frame lays out a whole page.
  const [staged, setStaged] = useState(-1);
  useEffect(() => {
    if (pageCount <= 1) return;
    const next = (current + 1) % pageCount;
    let cancelStage = (): void => {};
    const id = setTimeout(() => {
      cancelStage = stageSections(areaRef.current?.children[next]);
      setStaged(next);
    }, 1000);
    return () => {
      clearTimeout(id);
      cancelStage();
    };
  }, [current, pageCount, areaRef]);

  // A turn shows the new page a section per frame, top first (rule V13): set up in the commit
  // that makes it current, before the browser paints it whole. Not on the first page shown.
  const shownPage = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (pageCount <= 1) {
      shownPage.current = null;
      return;
    }
    const turned = shownPage.current !== null && shownPage.current !== current;
    shownPage.current = current;
    return turned ? revealSections(areaRef.current?.children[current]) : undefined;
  }, [current, pageCount, areaRef]);

  const slices: PageSlice[] = useMemo(() => groups.map((g) => ({ groupKey: g.key, ids: g.ids, continued: false })), [groups]);

  // One listener for every tile: client-side navigation without a handler per tile.
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const link = (e.target as Element).closest<HTMLAnchorElement>('a[data-extno]');
    if (!link) return;
    e.preventDefault();
    router.push(link.getAttribute('href') ?? '/');
  };

  const scrolls = !!fit && !fit.fits && !kiosk;

  // Scroll position in whole rows: the window moves (and the grid re-renders) once per row.
  const rowH = fit ? fit.tileHeight + TILE_GAP : 1;
  const [scrollRow, setScrollRow] = useState(0);
  const rafRef = useRef(0);
  const onScroll = () => {
    if (rafRef.current) return;
    rafRef.current = requestAnimationFrame(() => {
      rafRef.current = 0;
      const el = areaRef.current;
      if (el) setScrollRow(Math.floor(el.scrollTop / rowH));
    });
  };
  useEffect(() => () => cancelAnimationFrame(rafRef.current), []);
  const layout = useMemo(() => (scrolls && fit ? layoutGroups(groups, fit, headers) : null), [scrolls, fit, groups, headers]);
  const windowed = useMemo(
    () => (layout && fit && size ? visibleSegments(layout, fit, scrollRow * rowH, size.height) : null),
    [layout, fit, size, scrollRow, rowH],
  );

  const renderSlice = (key: string, ids: readonly string[], header: boolean, continued: boolean): ReactNode => {
    const g = byKey.get(key);
    if (!g || !fit) return null;
    return (
      <>
        {header && headers ? <GroupHeader group={g} height={fit.headerHeight} continued={continued} /> : null}
        <GridSlice ids={ids} fit={fit} hrefQuery={hrefQuery} />
      </>
    );
  };

  const renderSection = (slice: PageSlice): ReactNode => (
    <section key={`${slice.groupKey}:${slice.continued ? 'c' : 'h'}`} aria-label={groupLabel(byKey.get(slice.groupKey), t) || undefined}>
      {renderSlice(slice.groupKey, slice.ids, true, slice.continued)}
    </section>
  );

  return (
    <>
      <div
        ref={areaRef}
        id="agents"
        tabIndex={-1}
        aria-label={t('grid.count', { shown: total })}
        onClick={onClick}
        onFocus={pages ? onFocus : undefined}
        onScroll={scrolls ? onScroll : undefined}
        className="fb-grid-area relative min-h-0 flex-1 outline-none"
        style={{ overflowX: 'hidden', overflowY: scrolls ? 'auto' : 'hidden', scrollbarGutter: scrolls ? 'stable' : undefined }}
      >
        {total === 0 ? (
          <p className="p-8 text-center text-[clamp(16px,1.6vw,40px)] text-muted">{emptyText}</p>
        ) : !fit || settling ? null : layout && windowed ? (
          <div style={{ position: 'relative', height: layout.height }}>
            {windowed.map((seg) => (
              <section
                key={seg.groupKey}
                aria-label={groupLabel(byKey.get(seg.groupKey), t) || undefined}
                style={{ position: 'absolute', top: seg.top, left: 0, right: 0 }}
              >
                {renderSlice(seg.groupKey, seg.ids, seg.header, false)}
              </section>
            ))}
          </div>
        ) : pages ? (
          // Every page stays mounted, so a page turn shows 500 ready tiles instead of creating
          // them (a few hundred ms of one frame on a wall: a visible stutter). How pages not on
          // screen are hidden: app/globals.css (rules V8, V9).
          pages.map((page, i) => (
            <div
              key={i}
              className="fb-page"
              data-current={i === current ? '1' : undefined}
              data-stage={i === staged && i !== current ? 'next' : undefined}
            >
              <PageGateContext value={gateFor(i)}>{page.map((slice) => renderSection(slice))}</PageGateContext>
            </div>
          ))
        ) : (
          slices.map((slice) => renderSection(slice))
        )}
      </div>
      {pages && pages.length > 1 ? (
        <PageIndicator
          page={current}
          pages={pages.length}
          seconds={pageSeconds}
          labels={[...new Set((pages[current] ?? []).map((s) => groupLabel(byKey.get(s.groupKey), t)).filter(Boolean))]}
        />
      ) : null}
    </>
  );
}
