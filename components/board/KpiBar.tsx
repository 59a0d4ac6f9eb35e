'use client';
/**
 * The live KPI header. Each figure carries its definition on hover (title) and in docs/kpi.md;
 * the formulas live in lib/domain/kpi.ts. Status counts show their icon as well as colour.
 */
import type { ReactNode } from 'react';
import { useFloorStore } from '@/lib/client/floor-provider';
import { useFloorKpis, useRollingKpis } from '@/lib/client/hooks';
import type { KpiId } from '@/lib/domain/kpi';
import { formatDuration } from '@/lib/format/duration';
import { formatCount, formatPercent } from '@/lib/format/number';
import { Icon, type IconName } from '@/components/ui/icons';
import { useT } from '@/components/i18n/I18nProvider';

function Kpi({
  id,
  value,
  sub,
  icon,
  tone,
  alert = false,
}: {
  id: KpiId;
  value: ReactNode;
  sub?: ReactNode;
  icon?: IconName;
  tone?: string;
  alert?: boolean;
}) {
  const t = useT();
  return (
    <div
      title={t(`kpi.${id}.def`)}
      className={`flex min-w-[5.5em] flex-[1_0_auto] flex-col justify-center rounded-md border px-[0.5em] py-[0.2em] ${
        alert ? 'border-[var(--t-alert)] bg-[var(--t-wrap_up-3)] text-[var(--t-fg)]' : 'border-line bg-surface'
      }`}
      data-kpi={id}
    >
      <dt className={`flex items-center gap-[0.3em] whitespace-nowrap text-[0.78em] ${alert ? '' : 'text-muted'}`}>
        {icon ? <Icon name={icon} className="h-[1.1em] w-[1.1em] flex-none" /> : null}
        <span>{t(`kpi.${id}`)}</span>
      </dt>
      <dd className="tabular text-[1.55em] leading-[1.1] font-bold whitespace-nowrap" style={tone ? { color: tone } : undefined}>
        {value}
      </dd>
      {sub !== undefined ? <dd className={`truncate text-[0.74em] ${alert ? '' : 'text-muted'}`}>{sub || '\u00a0'}</dd> : null}
    </div>
  );
}

export function KpiBar({ teams }: { teams: readonly string[] }) {
  const t = useT();
  const store = useFloorStore();
  const k = useFloorKpis(teams);
  const rolling = useRollingKpis();
  const who = (extno: string | undefined) => {
    if (!extno) return '';
    const a = store.getAgent(extno);
    return a ? t('kpi.who', { name: a.name, extno }) : extno;
  };
  // Averages as MM:SS like the timers: short, fixed width, the same in both languages.
  const avg = (s: number | null) => (s === null ? '—' : formatDuration(s));
  const tone = (status: string) => `var(--st-${status})`;

  return (
    <dl className="flex min-w-0 flex-1 flex-wrap gap-[0.35em]" aria-label={t('app.subtitle')}>
      <Kpi id="signedIn" value={formatCount(k.signedIn)} sub={`/ ${formatCount(k.total)}`} />
      <Kpi id="idle" icon="idle" tone={tone('idle')} value={formatCount(k.counts.idle)} />
      <Kpi id="onCall" icon="on_call" tone={tone('on_call')} value={formatCount(k.counts.on_call)} />
      <Kpi id="wrapUp" icon="wrap_up" tone={tone('wrap_up')} value={formatCount(k.counts.wrap_up)} />
      <Kpi id="signedOut" icon="signed_out" value={formatCount(k.counts.signed_out)} />
      <Kpi id="unknown" icon="unknown" value={formatCount(k.counts.unknown)} />
      <Kpi id="noData" icon="no_data" value={formatCount(k.noData)} />
      <Kpi id="longestIdle" value={k.longestIdle ? formatDuration(k.longestIdle.seconds) : '—'} sub={who(k.longestIdle?.extno)} />
      <Kpi id="longestWrap" value={k.longestWrap ? formatDuration(k.longestWrap.seconds) : '—'} sub={who(k.longestWrap?.extno)} />
      <Kpi id="callsToday" value={formatCount(k.callsToday)} />
      {rolling ? <Kpi id="callsLast15m" value={formatCount(rolling.callsConnected)} /> : null}
      <Kpi id="avgTalk" value={avg(k.avgTalkSeconds)} />
      <Kpi id="avgWrap" value={avg(k.avgWrapSeconds)} />
      <Kpi
        id="occupancy"
        value={formatPercent(k.occupancyToday ?? k.occupancyNow)}
        sub={k.occupancyToday === null ? t('kpi.occupancyNow', { value: '' }).trim() : t('kpi.occupancyNow', { value: formatPercent(k.occupancyNow) })}
      />
      <Kpi id="attention" icon="alert" value={formatCount(k.attention)} alert={k.attention > 0} />
    </dl>
  );
}
