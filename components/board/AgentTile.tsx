'use client';
/**
 * One agent on the wall. Subscribes to its own agent only (a delta re-renders the tiles it
 * touches), is memoized on its extension, and leaves everything that changes with time to the
 * shared clock (tile-ticker.ts), so a second passing re-renders nothing.
 */
import { LateResultMark } from '@/components/controls/LateResultMark';
import { memo, useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import { useAgentAlertMark } from '@/lib/client/alert-hooks';
import { useTicker } from '@/lib/client/hooks';
import type { TileDensity } from '@/lib/client/tile-fit';
import { useT } from '@/components/i18n/I18nProvider';
import { useTileRegistry } from './GridSlice';
import { useGatedAgent, usePageGate } from './page-gate';
import { tileLabel, writeTile } from './tile-ticker';

export const AgentTile = memo(function AgentTile({
  extno,
  hrefQuery,
  density,
}: {
  extno: string;
  hrefQuery: string;
  density: TileDensity;
}) {
  const a = useGatedAgent(extno);
  const gate = usePageGate();
  // Alerts on this agent (outline + bell, a check once acknowledged): only this mark re-renders it.
  const alertMark = useAgentAlertMark(extno);
  const t = useT();
  const root = useRef<HTMLAnchorElement>(null);
  const timer = useRef<HTMLSpanElement>(null);
  const noData = useRef<HTMLSpanElement>(null);

  // The accessible name's stable part, built once per change of the agent, not once a second.
  const label = useMemo(() => (a ? tileLabel(a, t) : ''), [a, t]);
  const tick = useCallback(
    (el: HTMLAnchorElement, now: number): boolean => {
      // A page neither on screen nor next skips the clock's writes (rule V6), and its tiles do
      // not use up the clock's slice of writes for the frame.
      if (!a || (gate && !gate.ticks())) return false;
      writeTile({ root: el, timer: timer.current, noData: noData.current }, a, now, t, label);
      return true;
    },
    [a, t, label, gate],
  );
  useTicker(root, tick);

  // Let the grid slice place this tile (CSS order) without re-rendering it.
  const registry = useTileRegistry();
  useLayoutEffect(() => {
    const el = root.current;
    if (!registry || !el) return;
    registry.set(extno, el);
    return () => {
      if (registry.get(extno) === el) registry.delete(extno);
    };
  }, [registry, extno, a]);

  if (!a) return <div className="tile" aria-hidden />;

  const link = a.link;
  const live = link === 'live';
  const statusLabel = t(`status.${a.status}`) + (link === 'live' ? '' : ` (${t(`tile.link.${link}`)})`);
  const call = a.call;
  const [alertSeverity, alertAcked] = alertMark ? (alertMark.split(':') as [string, string | undefined]) : [null, undefined];
  const alertLabel = alertSeverity
    ? t(`alerts.tile.${alertSeverity as 'warning' | 'critical' | 'info'}`) + (alertAcked ? ` (${t('alerts.tile.acked')})` : '')
    : '';
  const title = [`${a.name} (${a.extno})`, a.team, statusLabel, call?.city, call?.phoneMasked, call?.held ? t('tile.held') : '', alertLabel]
    .filter(Boolean)
    .join(' · ');

  // Each density renders only what it shows (fewer nodes: less style and layout per change).
  // The status and alert icons are CSS masks keyed on data-status / data-link / data-attn.
  return (
    <a
      ref={root}
      href={`/agent/${encodeURIComponent(a.extno)}${hrefQuery}`}
      className="tile"
      data-extno={a.extno}
      data-status={a.status}
      data-link={live ? 'live' : 'off'}
      data-alert={alertSeverity ?? undefined}
      data-alert-ack={alertAcked ? '1' : undefined}
      title={title}
    >
      <span className="tile-name">{a.name || a.extno}</span>
      {density !== 'micro' ? <span className="tile-ext">{a.extno}</span> : null}
      <span className="tile-state">
        {alertSeverity ? <span className="tile-alert" role="img" aria-label={alertLabel} /> : null}
        {call?.held && density !== 'micro' ? <span className="tile-held" /> : null}
        {density === 'full' ? <span className="tile-label">{statusLabel}</span> : null}
        {/* The late result of an "after this call" sign-out this user asked for (rare; not on micro tiles). */}
        {density !== 'micro' ? <LateResultMark extno={a.extno} /> : null}
      </span>
      {/* Owned by the ticker: React renders it empty and never touches it again. */}
      <span ref={timer} className="tile-timer" />
      {density !== 'micro' ? (
        // Third line: where the caller is (then number and team where there is room), or
        // "no data for N s" when the feed is lost.
        <span className="tile-meta">
          <span ref={noData} className="tile-nodata" />
          <span className="tile-call">
            {call ? (call.city || call.phoneMasked) + (density === 'full' ? ` · ${call.phoneMasked} · ${a.team}` : '') : a.team}
          </span>
        </span>
      ) : null}
    </a>
  );
});
