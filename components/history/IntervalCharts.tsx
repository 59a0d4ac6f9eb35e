'use client';
/**
 * The day in intervals (15 minutes unless the URL says otherwise; recharts): agents by status (stacked, an average head-count),
 * calls connected, average talk and wrap-up with the longest idle, occupancy. Only the active part of the day is
 * drawn (first to last interval with anyone signed in or a call, one interval either side), so a
 * morning shift is not a sliver on a 24-hour axis. Colours are the board's status colours.
 */
import type { ReactNode } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistoryInterval } from '@/lib/history/types';
import { useT } from '@/components/i18n/I18nProvider';
import { formatAgents, formatPercent, formatSeconds, intervalLabel } from './format';

interface Point {
  label: string;
  idle: number;
  onCall: number;
  wrapUp: number;
  calls: number;
  avgTalk: number | null;
  avgWrap: number | null;
  longestIdle: number;
  occupancy: number | null;
}

/** The active part of the day, or [] when nothing happened. */
export function activeIntervals(intervals: readonly HistoryInterval[]): HistoryInterval[] {
  const active = (i: HistoryInterval) => i.agents.signedIn > 0 || i.callsConnected > 0;
  const first = intervals.findIndex(active);
  if (first < 0) return [];
  let last = first;
  intervals.forEach((i, n) => {
    if (active(i)) last = n;
  });
  const elapsed = intervals.filter((i) => i.elapsedSeconds > 0).length;
  return intervals.slice(Math.max(0, first - 1), Math.min(Math.max(elapsed, last + 1), last + 2));
}

const AXIS = { fill: 'var(--fb-muted)', fontSize: 12 };
const TOOLTIP = {
  contentStyle: { background: 'var(--fb-raised)', border: '1px solid var(--fb-line)', color: 'var(--fb-fg)' },
  labelStyle: { color: 'var(--fb-fg)' },
};

function Chart({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <figure className="flex min-w-0 flex-col rounded-md border border-line bg-surface p-2" aria-labelledby={id} data-chart={id}>
      <figcaption id={id} className="px-1 text-sm font-semibold">
        {title}
      </figcaption>
      <div className="h-52 min-w-0">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export function IntervalCharts({ intervals, timeZone, minutes }: { intervals: readonly HistoryInterval[]; timeZone: string; minutes: number }) {
  const t = useT();
  const shown = activeIntervals(intervals);
  const data: Point[] = shown.map((i) => ({
    label: intervalLabel(i.start, timeZone),
    idle: i.agents.idle,
    onCall: i.agents.onCall,
    wrapUp: i.agents.wrapUp,
    calls: i.callsConnected,
    avgTalk: i.avgTalkSeconds,
    avgWrap: i.avgWrapSeconds,
    longestIdle: i.longestIdleSeconds,
    occupancy: i.occupancy,
  }));
  // A step holds an interval's value from its start to the next start: the last interval needs
  // a closing point at its end, or the interval in progress would have no width.
  const last = shown[shown.length - 1];
  const steps: Point[] = last && data.length > 0 ? [...data, { ...data[data.length - 1]!, label: intervalLabel(last.end, timeZone) }] : data;
  // With a handful of intervals (the first hour of a day) a line between two points is easy to
  // miss and a single point draws nothing: mark the points.
  const dot = data.length <= 12 ? { r: 3 } : false;
  const agents = (v: unknown) => formatAgents(Number(v));
  const seconds = (v: unknown) => formatSeconds(v === null || v === undefined ? null : Number(v));
  const grid = <CartesianGrid stroke="var(--fb-line)" strokeDasharray="3 3" vertical={false} />;
  const x = <XAxis dataKey="label" tick={AXIS} minTickGap={24} />;
  return (
    <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
      <Chart title={t('history.chart.agents', { n: minutes })} id="chart-agents">
        <AreaChart data={steps} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          {grid}
          {x}
          <YAxis tick={AXIS} width={36} allowDecimals={false} />
          <Tooltip {...TOOLTIP} formatter={agents} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Area type="stepAfter" dataKey="onCall" name={t('status.on_call')} stackId="s" stroke="var(--st-on_call)" fill="var(--st-on_call)" fillOpacity={0.7} isAnimationActive={false} />
          <Area type="stepAfter" dataKey="wrapUp" name={t('status.wrap_up')} stackId="s" stroke="var(--st-wrap_up)" fill="var(--st-wrap_up)" fillOpacity={0.7} isAnimationActive={false} />
          <Area type="stepAfter" dataKey="idle" name={t('status.idle')} stackId="s" stroke="var(--st-idle)" fill="var(--st-idle)" fillOpacity={0.7} isAnimationActive={false} />
        </AreaChart>
      </Chart>
      <Chart title={t('history.chart.calls')} id="chart-calls">
        <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          {grid}
          {x}
          <YAxis tick={AXIS} width={36} allowDecimals={false} />
          <Tooltip {...TOOLTIP} cursor={{ fill: 'var(--fb-line)', opacity: 0.4 }} />
          <Bar dataKey="calls" name={t('history.col.callsConnected')} fill="var(--st-on_call)" isAnimationActive={false} />
        </BarChart>
      </Chart>
      <Chart title={t('history.chart.handle')} id="chart-handle">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          {grid}
          {x}
          <YAxis tick={AXIS} width={48} tickFormatter={seconds} />
          <Tooltip {...TOOLTIP} formatter={seconds} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line type="linear" dataKey="avgTalk" name={t('history.col.avgTalk')} stroke="var(--st-on_call)" strokeWidth={2} dot={dot} connectNulls isAnimationActive={false} />
          <Line type="linear" dataKey="avgWrap" name={t('history.col.avgWrap')} stroke="var(--st-wrap_up)" strokeWidth={2} dot={dot} connectNulls isAnimationActive={false} />
          <Line type="linear" dataKey="longestIdle" name={t('history.col.longestIdle')} stroke="var(--st-idle)" strokeWidth={1.5} strokeDasharray="4 3" dot={dot} isAnimationActive={false} />
        </LineChart>
      </Chart>
      <Chart title={t('history.chart.occupancy')} id="chart-occupancy">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          {grid}
          {x}
          <YAxis tick={AXIS} width={44} domain={[0, 1]} tickFormatter={(v: number) => formatPercent(v)} />
          <Tooltip {...TOOLTIP} formatter={(v: unknown) => formatPercent(v === null || v === undefined ? null : Number(v))} />
          <Line type="linear" dataKey="occupancy" name={t('history.col.occupancy')} stroke="var(--fb-accent)" strokeWidth={2} dot={dot} connectNulls isAnimationActive={false} />
        </LineChart>
      </Chart>
    </div>
  );
}
