'use client';
/**
 * What the board shows of alerts above the grid: the banner, and the per-display switches
 * (sound for wall displays, notifications for team leads). Kiosks hide the notification switch.
 */
import { AlertBanner } from './AlertBanner';
import { AlertNotifier } from './AlertNotifier';
import { AlertSound } from './AlertSound';
import './alerts.css';

export function AlertArea({ kiosk }: { kiosk: boolean }) {
  return (
    <>
      <AlertBanner />
      <div className="fb-alert-tools">
        <AlertSound />
        {kiosk ? null : <AlertNotifier />}
      </div>
    </>
  );
}
