'use client';
/**
 * One agent's states of today as a horizontal bar coloured by status (from agent_transitions
 * through GET /api/history/agents/:extno/timeline). Hovering or focusing a segment shows its
 * status, start, end and length under the bar; every segment also carries them as a tooltip.
 * The bar spans whole hours around the recorded states, so a morning is not a sliver of 24 h.
 */
import { useState } from 'react';
import type { AgentStatus } from '@/lib/domain/status';
import { useAgentTimeline } from '@/lib/client/history-queries';
import { formatClockMinutes, formatClockTime } from '@/lib/format/centre-time';
import { formatDuration } from '@/lib/format/duration';
import type { MessageKey } from '@/lib/i18n/dictionaries';
import type { HistoryTimeline } from '@/lib/history/types';
import { useT } from '@/components/i18n/I18nProvider';

const HOUR = 3_600_000;

/** Whole hours around the segments (the day's own bounds at most). */
export function timelineRange(t: Pick<HistoryTimeline, 'start' | 'end' | 'segments'>): { from: number; to: number } | null {
  if (t.segments.length === 0) return null;
  const first = t.segments[0]!.from;
  const last = t.segments[t.segments.length - 1]!.to;
  const from = Math.max(t.start, t.start + Math.floor((first - t.start) / HOUR) * HOUR);
  const to = Math.min(t.end, t.start + Math.ceil((last - t.start) / HOUR) * HOUR);
  return { from, to: Math.max(to, from + HOUR) };
}

function statusLabel(status: AgentStatus): MessageKey {
  return `status.${status}` as MessageKey;
}

function TimelineBar({ data }: { data: HistoryTimeline }) {
  const t = useT();
  const [hovered, setHovered] = useState<number | null>(null);
  const range = timelineRange(data);
  if (!range) return <p className="text-muted">{t('history.timeline.empty')}</p>;
  const span = range.to - range.from;
  const pct = (ms: number) => `${((ms - range.from) / span) * 100}%`;
  const describe = (i: number) => {
    const s = data.segments[i]!;
    return t('history.timeline.segment', {
      status: t(statusLabel(s.status)),
      from: formatClockTime(s.from, data.timeZone),
      to: s.open ? t('history.timeline.now') : formatClockTime(s.to, data.timeZone),
      duration: formatDuration((s.to - s.from) / 1000),
    });
  };
  const hours: number[] = [];
  for (let h = range.from; h <= range.to; h += HOUR) hours.push(h);
  return (
    <div className="flex flex-col gap-1">
      <ul className="relative h-8 overflow-hidden rounded border border-line bg-bg" aria-label={t('history.timeline.title')} data-testid="agent-timeline">
        {data.segments.map((s, i) => (
          <li
            key={`${s.from}-${s.status}`}
            tabIndex={0}
            title={describe(i)}
            aria-label={describe(i)}
            data-status={s.status}
            className="absolute top-0 h-full outline-none focus-visible:ring-2 focus-visible:ring-accent"
            style={{ left: pct(s.from), width: `max(1px, ${((s.to - s.from) / span) * 100}%)`, background: `var(--st-${s.status})` }}
            onMouseEnter={() => setHovered(i)}
            onMouseLeave={() => setHovered(null)}
            onFocus={() => setHovered(i)}
            onBlur={() => setHovered(null)}
          />
        ))}
      </ul>
      <div className="relative h-4 text-xs text-muted" aria-hidden="true">
        {hours.map((h, i) => (
          // The end labels stay inside the bar's width: the first starts at its tick, the last ends there.
          <span key={h} className={`absolute tabular ${i === 0 ? '' : i === hours.length - 1 ? '-translate-x-full' : '-translate-x-1/2'}`} style={{ left: pct(h) }}>
            {formatClockMinutes(h, data.timeZone)}
          </span>
        ))}
      </div>
      <p className="min-h-5 text-sm tabular" aria-live="polite">
        {hovered !== null && data.segments[hovered] ? describe(hovered) : ''}
      </p>
      <ul className="flex flex-wrap gap-3 text-xs text-muted">
        {(['idle', 'on_call', 'wrap_up', 'signed_out', 'unknown'] as const).map((s) => (
          <li key={s} className="inline-flex items-center gap-1">
            <span className="inline-block h-3 w-3 rounded-sm" style={{ background: `var(--st-${s})` }} />
            {t(statusLabel(s))}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function AgentTimeline({ extno }: { extno: string }) {
  const t = useT();
  const q = useAgentTimeline(extno);
  if (q.isPending) return <p className="text-muted">{t('history.timeline.loading')}</p>;
  if (q.isError) {
    const code = (q.error as { code?: string }).code;
    const text =
      code === 'HISTORY_UNAVAILABLE' ? t('history.timeline.unavailable') : code === 'FORBIDDEN' ? t('history.forbidden') : t('history.error', { message: q.error.message });
    return <p className="text-muted">{text}</p>;
  }
  return <TimelineBar data={q.data} />;
}
