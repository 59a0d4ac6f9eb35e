'use client';
/**
 * The rules editor: every rule with its main threshold, severity and on/off. Managers and
 * admins edit and save the whole set (`PUT /api/alert-rules` with `{rules}`, the GET answer
 * edited); everyone else reads. The other fields (quiet hours, hysteresis...) travel unchanged.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { authFetch } from '@/lib/auth/client';
import { ALERT_SEVERITIES, type AlertRule, type AlertRuleKind, type AlertSeverity } from '@/lib/alerts/rules';
import { useLang, useT } from '@/components/i18n/I18nProvider';

interface RuleSet {
  rules: AlertRule[];
  updatedAt: number | null;
  updatedBy: { id: string; name: string } | null;
}

/** The parameter the editor calls "threshold", per kind, and its unit. */
export const THRESHOLD_PARAM: Readonly<Record<AlertRuleKind, { key: string; unit: string }>> = {
  wrap_up_long: { key: 'thresholdSec', unit: 's' },
  idle_long: { key: 'thresholdSec', unit: 's' },
  call_long: { key: 'thresholdSec', unit: 's' },
  feed_lost: { key: 'thresholdSec', unit: 's' },
  team_signed_out: { key: 'maxSignedOut', unit: '' },
  team_occupancy_low: { key: 'minPercent', unit: '%' },
  floor_no_calls: { key: 'thresholdSec', unit: 's' },
  links_down: { key: 'minPercent', unit: '%' },
};

export function thresholdOf(rule: AlertRule): number {
  return Number((rule.params as Record<string, unknown>)[THRESHOLD_PARAM[rule.kind].key] ?? 0);
}

export function withEdit(rule: AlertRule, edit: { threshold?: number; severity?: AlertSeverity; enabled?: boolean }): AlertRule {
  const next = { ...rule } as AlertRule;
  if (edit.threshold !== undefined) next.params = { ...rule.params, [THRESHOLD_PARAM[rule.kind].key]: edit.threshold } as never;
  if (edit.severity !== undefined) next.severity = edit.severity;
  if (edit.enabled !== undefined) next.enabled = edit.enabled;
  return next;
}

const input = 'rounded border border-line bg-raised px-2 py-1 text-fg';

export function AlertRulesEditor({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const lang = useLang();
  const client = useQueryClient();
  const rules = useQuery({ queryKey: ['alert-rules'], queryFn: () => authFetch<RuleSet>('/api/alert-rules') });
  const [draft, setDraft] = useState<AlertRule[] | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (rules.data) setDraft(rules.data.rules);
  }, [rules.data]);
  const save = useMutation({
    mutationFn: (next: AlertRule[]) => authFetch<RuleSet>('/api/alert-rules', { method: 'PUT', body: { rules: next } }),
    onSuccess: (data) => {
      client.setQueryData(['alert-rules'], data);
      setSaved(true);
    },
  });
  const time = useMemo(() => new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short' }), [lang]);

  const edit = (i: number, change: Parameters<typeof withEdit>[1]) => {
    setSaved(false);
    setDraft((d) => (d ? d.map((r, j) => (j === i ? withEdit(r, change) : r)) : d));
  };
  const err = (rules.error ?? save.error) as { code?: string; message?: string } | null;

  return (
    <section aria-labelledby="rules-h" className="flex flex-col gap-2" data-testid="alert-rules">
      <h2 id="rules-h" className="text-lg font-semibold">
        {t('alerts.rules.title')}
      </h2>
      {!canEdit ? <p className="text-muted">{t('alerts.rules.readOnly')}</p> : null}
      {rules.data?.updatedBy && rules.data.updatedAt ? (
        <p className="text-sm text-muted">{t('alerts.rules.updated', { at: time.format(rules.data.updatedAt), name: rules.data.updatedBy.name })}</p>
      ) : null}
      {err ? (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {t('alerts.page.error', { code: err.code ?? 'ERROR', message: err.message ?? '' })}
        </p>
      ) : null}
      {draft ? (
        <table className="w-full border-collapse text-sm">
          <thead>
            <tr className="border-b border-line text-left">
              <th className="p-1">{t('alerts.rules.id')}</th>
              <th className="p-1">{t('alerts.rules.kind')}</th>
              <th className="p-1">{t('alerts.rules.threshold')}</th>
              <th className="p-1">{t('alerts.rules.severity')}</th>
              <th className="p-1">{t('alerts.rules.enabled')}</th>
            </tr>
          </thead>
          <tbody>
            {draft.map((r, i) => (
              <tr key={r.id} className="border-b border-line" data-rule={r.id}>
                <td className="p-1 font-mono">
                  {r.id}
                  {r.name ? <span className="ml-2 font-sans text-muted">{r.name}</span> : null}
                </td>
                <td className="p-1 font-mono">{r.kind}</td>
                <td className="p-1">
                  <input
                    type="number"
                    min={0}
                    aria-label={`${r.id} ${t('alerts.rules.threshold')}`}
                    className={`${input} w-24`}
                    disabled={!canEdit}
                    value={thresholdOf(r)}
                    onChange={(e) => edit(i, { threshold: Number(e.target.value) })}
                  />{' '}
                  {THRESHOLD_PARAM[r.kind].unit}
                </td>
                <td className="p-1">
                  <select
                    aria-label={`${r.id} ${t('alerts.rules.severity')}`}
                    className={input}
                    disabled={!canEdit}
                    value={r.severity}
                    onChange={(e) => edit(i, { severity: e.target.value as AlertSeverity })}
                  >
                    {ALERT_SEVERITIES.map((s) => (
                      <option key={s} value={s}>
                        {t(`alerts.severity.${s}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="p-1">
                  <input
                    type="checkbox"
                    aria-label={`${r.id} ${t('alerts.rules.enabled')}`}
                    disabled={!canEdit}
                    checked={r.enabled}
                    onChange={(e) => edit(i, { enabled: e.target.checked })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('alerts.page.loading')}</p>
      )}
      {canEdit && draft ? (
        <div className="flex items-center gap-3">
          <button
            type="button"
            className="rounded border border-line bg-raised px-3 py-1 font-semibold text-fg hover:brightness-110"
            disabled={save.isPending}
            onClick={() => save.mutate(draft)}
          >
            {save.isPending ? t('alerts.rules.saving') : t('alerts.rules.save')}
          </button>
          {saved ? <span role="status">{t('alerts.rules.saved')}</span> : null}
        </div>
      ) : null}
    </section>
  );
}
