'use client';
/** A duration since `since` (server epoch ms) that ticks with the shared clock, outside React renders. */
import { useCallback, useRef } from 'react';
import { useTicker } from '@/lib/client/hooks';
import { elapsedSeconds, formatDuration } from '@/lib/format/duration';

export function Elapsed({ since, className = '' }: { since: number; className?: string }) {
  const ref = useRef<HTMLSpanElement>(null);
  const write = useCallback(
    (el: HTMLSpanElement, now: number) => {
      const text = formatDuration(elapsedSeconds(since, now));
      if (el.textContent !== text) el.textContent = text;
    },
    [since],
  );
  useTicker(ref, write);
  return <span ref={ref} className={`tabular font-mono ${className}`} />;
}
