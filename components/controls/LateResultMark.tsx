'use client';
/**
 * A small mark for an agent's tile: the late outcome of an "after this call" sign-out this
 * user asked for (done or failed), for a minute after it arrived. The tile integrates it with
 * one line: `<LateResultMark extno={agent.extno} />`.
 */
import { useEffect, useState } from 'react';
import { useT } from '@/components/i18n/I18nProvider';
import { TILE_MARK_MS, useLateResult } from './use-late-result';

export function LateResultMark({ extno }: { extno: string }) {
  const t = useT();
  const late = useLateResult(extno);
  const [, setExpired] = useState(0);
  const left = late ? late.receivedAt + TILE_MARK_MS - Date.now() : 0;
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setExpired((n) => n + 1), left);
    return () => clearTimeout(timer);
  }, [left]);
  if (!late || left <= 0) return null;
  const ok = late.ack.ok;
  const text = ok ? t('ctl.late.tileDone') : t('ctl.late.tileFailed');
  return (
    <span
      role="status"
      data-testid="late-result"
      data-result={ok ? 'ok' : 'failed'}
      title={late.ack.ok ? text : `${text}: ${late.ack.message}`}
      className={`rounded px-1 text-xs font-semibold ${ok ? 'bg-green-700 text-white' : 'bg-red-700 text-white'}`}
    >
      {ok ? '✓' : '✗'} {text}
    </span>
  );
}
