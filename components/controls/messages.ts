/** Readable wording for an ack, from the stable error codes (never from message text). */
import type { Translate, MessageKey } from '@/lib/i18n/dictionaries';
import { CONTROL_ERROR_CODES } from '@/lib/control/errors';

const KNOWN = new Set<string>([...CONTROL_ERROR_CODES, 'NETWORK']);

export function failureText(t: Translate, code: string, message: string): string {
  if (KNOWN.has(code)) return t(`ctl.err.${code}` as MessageKey, { message });
  return t('ctl.err.other', { code, message });
}

/** success | a refusal by the call system | nothing happened | may have happened | other. */
export type Tone = 'ok' | 'refused' | 'unreachable' | 'unknown' | 'error';

export function toneOf(ack: { ok: true } | { ok: false; code: string }): Tone {
  if (ack.ok) return 'ok';
  switch (ack.code) {
    case 'CALL_SYSTEM_REFUSED':
      return 'refused';
    case 'CALL_SYSTEM_UNREACHABLE':
    case 'NETWORK':
      return 'unreachable';
    case 'OUTCOME_UNKNOWN':
    case 'CALL_SYSTEM_ERROR':
      return 'unknown';
    default:
      return 'error';
  }
}

export const TONE_CLASS: Record<Tone, string> = {
  ok: 'border-green-600 text-fg',
  refused: 'border-red-600 text-fg',
  unreachable: 'border-orange-500 text-fg',
  unknown: 'border-yellow-500 text-fg',
  error: 'border-red-600 text-fg',
};
