'use client';
/**
 * Sound and speech on wall displays, opt-in per display: `sound=1` beeps, `speech=1` speaks
 * `alert.speech[lang]`, `soundRepeat=<seconds>` sets how often an unacknowledged critical alert
 * beeps again (default 30; 0: never). Browsers allow sound only after a first interaction,
 * hence the one-time "Enable alert sound" button.
 */
import { useEffect, useRef, useState } from 'react';
import type { Alert } from '@/lib/alerts/types';
import { AttentionTracker, repeatingAlerts } from '@/lib/client/alert-attention';
import { useBannerAlerts } from '@/lib/client/alert-hooks';
import { beepDataUri, speechLang } from '@/lib/client/alert-sound';
import { useLang, useT } from '@/components/i18n/I18nProvider';

export interface SoundOptions {
  sound: boolean;
  speech: boolean;
  repeatSec: number;
}

const truthy = (v: string | null) => v !== null && ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());

export function parseSoundOptions(search: string): SoundOptions {
  const p = new URLSearchParams(search);
  const repeat = Number(p.get('soundRepeat') ?? '30');
  return { sound: truthy(p.get('sound')), speech: truthy(p.get('speech')), repeatSec: Number.isFinite(repeat) && repeat >= 0 ? repeat : 30 };
}

export function AlertSound() {
  const t = useT();
  const lang = useLang();
  const banner = useBannerAlerts();
  const [opts, setOpts] = useState<SoundOptions | null>(null);
  const [enabled, setEnabled] = useState(false);
  const audio = useRef<HTMLAudioElement>(null);
  const tracker = useRef(new AttentionTracker());
  const latest = useRef<readonly Alert[]>(banner);
  const plays = useRef(0);

  // The URL is read in the browser only (the server render shows nothing of this).
  useEffect(() => setOpts(parseSoundOptions(window.location.search)), []);

  const beep = () => {
    const el = audio.current;
    if (!el) return;
    plays.current += 1;
    el.dataset.plays = String(plays.current);
    el.currentTime = 0;
    void el.play().catch(() => undefined);
  };

  useEffect(() => {
    latest.current = banner;
    if (!enabled || !opts) return;
    const due = tracker.current.take(banner);
    if (due.length === 0) return;
    if (opts.sound) beep();
    if (opts.speech && typeof window !== 'undefined' && 'speechSynthesis' in window) {
      for (const a of due) {
        const text = a.speech[lang === 'zh-CN' ? 'zh-CN' : 'en'];
        const u = new SpeechSynthesisUtterance(text);
        u.lang = speechLang(lang);
        window.speechSynthesis.speak(u);
      }
    }
  }, [banner, enabled, opts, lang]);

  // Unacknowledged critical alerts call again every repeatSec.
  useEffect(() => {
    if (!enabled || !opts?.sound || opts.repeatSec <= 0) return;
    const id = setInterval(() => {
      if (repeatingAlerts(latest.current).length > 0) beep();
    }, opts.repeatSec * 1000);
    return () => clearInterval(id);
  }, [enabled, opts]);

  if (!opts || (!opts.sound && !opts.speech)) return null;

  const enable = () => {
    // The click is the interaction browsers ask for: prime the audio element (silently).
    const el = audio.current;
    if (el) {
      el.muted = true;
      void el
        .play()
        .then(() => {
          el.pause();
          el.currentTime = 0;
        })
        .catch(() => undefined)
        .finally(() => {
          el.muted = false;
        });
    }
    setEnabled(true);
  };

  return (
    <>
      <audio ref={audio} src={beepDataUri()} preload="auto" data-testid="alert-audio" data-plays="0" />
      {enabled ? (
        <span className="fb-alert-tool" data-on="1" role="status">
          🔔 {t('alerts.soundOn')}
        </span>
      ) : (
        <button type="button" className="fb-alert-tool" onClick={enable} data-testid="enable-sound">
          🔔 {t('alerts.enableSound')}
        </button>
      )}
    </>
  );
}
