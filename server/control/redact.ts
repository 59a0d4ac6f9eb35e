/**
 * Keeping secrets out of anything a person can read. `scrubText` (server/log.ts) knows token
 * shapes in URLs and phone-like digit runs; here we also remove the exact secret values we
 * hold, because a call system may echo a token anywhere in an error text.
 */
import { scrubText } from '@/server/log';

/** Longest reason text we pass on: a call system's error page is not a reason. */
const MAX_REASON = 300;

export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    // Very short "secrets" would mangle ordinary text and protect nothing.
    if (s && s.length >= 4) out = out.split(s).join('***');
  }
  out = scrubText(out);
  return out.length > MAX_REASON ? `${out.slice(0, MAX_REASON)}…` : out;
}
