/**
 * The monitor socket URL for one agent, built from a configurable template.
 *
 * The call system's document opens `ws://<ip>/agent/monitor?<access_token>`: the query string
 * is the token itself. Deployments differ (a path prefix, wss behind a proxy, `?token=`), so
 * the URL is a template (MONITOR_URL_TEMPLATE) with these placeholders:
 *   {scheme}  ws or wss, from CALL_SYSTEM_URL's http or https
 *   {host}    CALL_SYSTEM_URL's host with its port, e.g. 127.0.0.1:4000
 *   {token}   the agent's access token, URL-encoded
 *   {extno}   the agent's extension, URL-encoded
 * The template is used literally otherwise: `ws://{host}` stays ws even for an https call
 * system; write `{scheme}://{host}` to follow it.
 */
import type { RosterEntry } from '@/server/state/types';

export const DEFAULT_MONITOR_URL_TEMPLATE = 'ws://{host}/agent/monitor?{token}';

const PLACEHOLDER = /\{([a-z]+)\}/g;
const KNOWN = new Set(['scheme', 'host', 'token', 'extno']);

/** Throws naming the problem when a template has an unknown placeholder or is not a ws(s) URL shape. */
export function validateMonitorUrlTemplate(template: string): void {
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (!KNOWN.has(m[1] ?? '')) {
      throw new Error(`monitor URL template: unknown placeholder {${m[1]}} (known: {scheme} {host} {token} {extno})`);
    }
  }
  if (!/^(ws|wss|\{scheme\}):\/\//.test(template)) {
    throw new Error('monitor URL template must start with ws://, wss:// or {scheme}://');
  }
}

/** `{scheme}` and `{host}` from the call system's base URL. */
export function callSystemParts(callSystemUrl: string): { scheme: 'ws' | 'wss'; host: string } {
  const url = new URL(callSystemUrl);
  return { scheme: url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss' : 'ws', host: url.host };
}

export function buildMonitorUrl(template: string, callSystemUrl: string, entry: Pick<RosterEntry, 'extno' | 'token'>): string {
  const { scheme, host } = callSystemParts(callSystemUrl);
  return fillTemplate(template, scheme, host, entry);
}

/**
 * A `urlFor` for the link manager: parses the base URL once, not once per agent and reconnect.
 * Validates the template up front so a typo fails at boot rather than on every connect.
 */
export function monitorUrlFor(
  template: string,
  callSystemUrl: string,
): (entry: Pick<RosterEntry, 'extno' | 'token'>) => string {
  validateMonitorUrlTemplate(template);
  const { scheme, host } = callSystemParts(callSystemUrl);
  return (entry) => fillTemplate(template, scheme, host, entry);
}

function fillTemplate(
  template: string,
  scheme: string,
  host: string,
  entry: Pick<RosterEntry, 'extno' | 'token'>,
): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    switch (name) {
      case 'scheme':
        return scheme;
      case 'host':
        return host;
      case 'token':
        return encodeURIComponent(entry.token);
      case 'extno':
        return encodeURIComponent(entry.extno);
      default:
        // Unknown placeholders stay as written (validateMonitorUrlTemplate reports them).
        return whole;
    }
  });
}

/**
 * Replace the token in a URL or any text (an error message that quotes the URL) with ***,
 * in both its raw and URL-encoded forms, so a log line never carries a credential.
 */
export function redactUrl(url: string, token: string): string {
  if (token === '') return url;
  let out = url.split(token).join('***');
  const encoded = encodeURIComponent(token);
  if (encoded !== token) out = out.split(encoded).join('***');
  return out;
}
