'use client';
/**
 * Browser notifications for the team leads (and above) who allow them: a button asks for the
 * permission; afterwards a new or re-raised banner alert makes a notification while the page
 * is hidden (in view, the banner says it already).
 */
import { useEffect, useRef, useState } from 'react';
import { AttentionTracker } from '@/lib/client/alert-attention';
import { useBannerAlerts } from '@/lib/client/alert-hooks';
import { renderAlertText } from '@/lib/alerts/messages';
import { useLang, useT } from '@/components/i18n/I18nProvider';
import { useAlertUser } from './use-alert-user';

type Permission = NotificationPermission | 'unsupported';

export function AlertNotifier() {
  const t = useT();
  const lang = useLang();
  const user = useAlertUser();
  const banner = useBannerAlerts();
  const [permission, setPermission] = useState<Permission>('unsupported');
  const tracker = useRef(new AttentionTracker());

  useEffect(() => setPermission(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission), []);

  useEffect(() => {
    // Track always, so what was seen while in view is not notified once the page is hidden.
    const due = tracker.current.take(banner);
    if (permission !== 'granted' || !document.hidden) return;
    for (const a of due) {
      try {
        new Notification(t(`alerts.severity.${a.severity}`), { body: renderAlertText(a.message, lang), tag: a.id, requireInteraction: a.severity === 'critical' });
      } catch {
        // Some browsers allow notifications from a service worker only: the banner still shows it.
      }
    }
  }, [banner, permission, lang, t]);

  if (permission === 'unsupported' || !user.canAck) return null;
  if (permission === 'granted') return <span className="fb-alert-tool" data-on="1">{t('alerts.notifyOn')}</span>;
  if (permission === 'denied') return <span className="fb-alert-tool" data-on="1">{t('alerts.notifyDenied')}</span>;
  return (
    <button type="button" className="fb-alert-tool" onClick={() => void Notification.requestPermission().then(setPermission)}>
      {t('alerts.enableNotify')}
    </button>
  );
}
