'use client';
/**
 * The alert banner: the most pressing banner alert (team summaries, team and floor alerts), large
 * enough to read across the room, in the board's language, with how many more there are and an
 * Acknowledge button for the users who may. Critical is red, warning amber, and each also says
 * its severity in words with an icon (never colour alone).
 */
import { useState } from 'react';
import { renderAlertText } from '@/lib/alerts/messages';
import type { Alert } from '@/lib/alerts/types';
import { useAlertStore, useBannerAlerts } from '@/lib/client/alert-hooks';
import { useLang, useT } from '@/components/i18n/I18nProvider';
import { useAlertUser } from './use-alert-user';

/** Codes that mean this board may not acknowledge at all: hide the button for good. */
const NOT_ALLOWED = new Set(['FORBIDDEN', 'UNAUTHORIZED']);

function AlertIcon() {
  return (
    <svg className="fb-alert-icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2.4} strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d="M12 3.5l9.5 17h-19z" />
      <path d="M12 10v4.5" />
      <path d="M12 17.5h.01" />
    </svg>
  );
}

/** The alert the banner shows: the first one nobody has acknowledged yet, else the first. */
export function bannerTop(alerts: readonly Alert[]): Alert | null {
  return alerts.find((a) => a.acknowledged === null) ?? alerts[0] ?? null;
}

export function AlertBanner() {
  const t = useT();
  const lang = useLang();
  const alerts = useBannerAlerts();
  const store = useAlertStore();
  const user = useAlertUser();
  const [forbidden, setForbidden] = useState(false);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const top = bannerTop(alerts);
  const canAck = user.loaded && user.canAck && !forbidden && store !== null;

  const ack = async (alert: Alert) => {
    if (!store) return;
    setPending(alert.id);
    setError(null);
    const reply = await store.acknowledge(alert.id);
    setPending(null);
    if (reply.ok || reply.code === 'ALERT_CLOSED') return;
    if (NOT_ALLOWED.has(reply.code)) setForbidden(true);
    else setError(t('alerts.ackFailed', { code: reply.code }));
  };

  return (
    <div aria-live="assertive" aria-atomic="true" aria-label={t('alerts.region')} role="region">
      {top ? (
        <div
          className="fb-alert-banner"
          data-testid="alert-banner"
          data-severity={top.severity}
          data-acked={top.acknowledged ? '1' : '0'}
          data-alert-id={top.id}
        >
          <AlertIcon />
          <span className="fb-alert-sev">{t(`alerts.severity.${top.severity}`)}</span>
          <span className="fb-alert-text" title={renderAlertText(top.message, lang)}>
            {renderAlertText(top.message, lang)}
          </span>
          {top.acknowledged ? <span className="fb-alert-by">✓ {t('alerts.acked', { name: top.acknowledged.by.name })}</span> : null}
          {alerts.length > 1 ? <span className="fb-alert-more">{t('alerts.more', { count: alerts.length - 1 })}</span> : null}
          {error ? <span className="fb-alert-more">{error}</span> : null}
          {canAck && !top.acknowledged ? (
            <button type="button" className="fb-alert-btn" disabled={pending === top.id} onClick={() => void ack(top)}>
              {pending === top.id ? t('alerts.acking') : t('alerts.ack')}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
