'use client';
/**
 * Per-team colour tiers (issue #4): for each team on the floor, the seconds at which a tile of
 * an idle, on-call or wrap-up agent turns to tiers 1, 2 and 3. An empty row uses the defaults.
 * Saving replaces the whole table; boards pick it up at once (`settings:thresholds`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { authFetch } from '@/lib/auth/client';
import type { AuthTranslate } from '@/lib/auth/i18n';
import { createTranslator } from '@/lib/i18n/dictionaries';
import type { Lang } from '@/lib/i18n/locales';
import { TIERED_STATUSES, type TeamThresholds, type ThresholdSettings, type TieredStatus } from '@/lib/settings/thresholds';
import { Button, ErrorLine, Section, formatTime, inputClass } from './AdminParts';

const KEY = ['settings', 'thresholds'] as const;

interface ThresholdsReply extends ThresholdSettings {
  defaults: Record<TieredStatus, [number, number, number]>;
  floorTeams: string[];
}

/** The form's text per team, status and tier ('' = default). */
type Draft = Record<string, Record<TieredStatus, [string, string, string]>>;

function draftOf(reply: ThresholdsReply): Draft {
  const teams = [...new Set([...reply.floorTeams, ...Object.keys(reply.teams)])].sort();
  const draft: Draft = {};
  for (const team of teams) {
    const row = {} as Draft[string];
    for (const s of TIERED_STATUSES) {
      const v = reply.teams[team]?.[s];
      row[s] = v ? [String(v[0]), String(v[1]), String(v[2])] : ['', '', ''];
    }
    draft[team] = row;
  }
  return draft;
}

/** A status is overridden only when all three tiers are filled in; the server checks the values. */
function tableOf(draft: Draft): Record<string, TeamThresholds> {
  const out: Record<string, TeamThresholds> = {};
  for (const [team, row] of Object.entries(draft)) {
    const entry: TeamThresholds = {};
    for (const s of TIERED_STATUSES) {
      const cells = row[s];
      if (cells.every((c) => c.trim() !== '')) entry[s] = cells.map((c) => Number(c)) as [number, number, number];
    }
    if (Object.keys(entry).length > 0) out[team] = entry;
  }
  return out;
}

export function ThresholdsPanel({ t: ta, lang }: { t: AuthTranslate; lang: Lang }) {
  const t = createTranslator(lang);
  const qc = useQueryClient();
  const current = useQuery({ queryKey: KEY, queryFn: () => authFetch<ThresholdsReply>('/api/settings/thresholds') });
  const [draft, setDraft] = useState<Draft>({});
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (current.data) setDraft(draftOf(current.data));
  }, [current.data]);
  const save = useMutation({
    mutationFn: () => authFetch<ThresholdSettings>('/api/settings/thresholds', { method: 'PUT', body: { teams: tableOf(draft) } }),
    onSuccess: () => {
      setSaved(true);
      void qc.invalidateQueries({ queryKey: KEY });
    },
  });
  const set = (team: string, s: TieredStatus, i: number, value: string) => {
    setSaved(false);
    setDraft((d) => {
      const cells = [...d[team]![s]] as [string, string, string];
      cells[i] = value;
      return { ...d, [team]: { ...d[team]!, [s]: cells } };
    });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const defaults = current.data?.defaults;

  return (
    <Section id="thresholds" title={t('thresholds.title')}>
      <p className="text-sm text-muted">{t('thresholds.help')}</p>
      <ErrorLine error={current.error ?? save.error} t={ta} />
      <form onSubmit={submit} className="flex flex-col gap-3">
        <div className="overflow-x-auto">
          <table className="text-sm">
            <thead>
              <tr className="text-left text-muted">
                <th className="pr-3">{t('thresholds.team')}</th>
                {TIERED_STATUSES.map((s) => (
                  <th key={s} className="pr-3">
                    {t(`status.${s}`)}
                    {defaults ? <span className="block text-xs font-normal">{t('thresholds.defaults', { tiers: defaults[s].join(' / ') })}</span> : null}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Object.entries(draft).map(([team, row]) => (
                <tr key={team}>
                  <th scope="row" className="pr-3 text-left font-medium">
                    {team}
                  </th>
                  {TIERED_STATUSES.map((s) => (
                    <td key={s} className="pr-3">
                      <span className="flex gap-1">
                        {row[s].map((v, i) => (
                          <input
                            key={i}
                            value={v}
                            inputMode="numeric"
                            placeholder={defaults ? String(defaults[s][i]) : ''}
                            onChange={(e) => set(team, s, i, e.target.value)}
                            aria-label={t('thresholds.cell', { team, status: t(`status.${s}`), tier: i + 1 })}
                            className={`${inputClass} w-16`}
                          />
                        ))}
                      </span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="flex items-center gap-3">
          <Button kind="primary" type="submit" disabled={save.isPending || !current.data}>
            {t('thresholds.save')}
          </Button>
          {saved ? <span role="status">{ta('admin.saved')}</span> : null}
          {current.data?.updatedAt ? (
            <span className="text-xs text-muted">{t('thresholds.updated', { name: current.data.updatedBy?.name ?? '', at: formatTime(current.data.updatedAt, lang, ta) })}</span>
          ) : null}
        </div>
      </form>
    </Section>
  );
}
