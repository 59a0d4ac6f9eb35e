/**
 * The one client for the call system's REST endpoints (docs/control-api.md, section "Call
 * system"). Every call ends in exactly one outcome and is never retried here: a supervisor's
 * action must happen at most once, so a timeout is reported as `unknown`, not repeated.
 *
 *   ok          envelope code 0
 *   refused     envelope code != 0 (the call system's `msg` is the reason)
 *   unreachable nothing reached the call system: connection refused, DNS, HTTP 502/503/504
 *   failed      an answer we cannot read: non-JSON, wrong shape, other HTTP errors
 *   unknown     no answer in time, or the connection dropped after the request went out
 *
 * The agent's token is a secret: it goes on the wire only, never into a result, reason or log.
 */
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { assertNever } from '@/lib/domain/status';
import type { Logger } from '@/server/log';
import { redactSecrets } from './redact';

export const CALL_SYSTEM_ENDPOINTS = [
  'logon',
  'logout',
  'nextCall',
  'hold',
  'meeting',
  'addBlack',
  'getMsg',
  'smsSend',
  'announce',
] as const;
export type CallSystemEndpoint = (typeof CALL_SYSTEM_ENDPOINTS)[number];

export const DEFAULT_PATHS: Readonly<Record<CallSystemEndpoint, string>> = {
  logon: '/admin/agent/logon',
  logout: '/admin/agent/logout',
  nextCall: '/admin/agent/nextCall',
  hold: '/admin/agent/hold',
  meeting: '/admin/agent/meeting',
  addBlack: '/admin/agent/addBlack',
  getMsg: '/admin/agent/getMsg',
  smsSend: '/admin/sms_api/send',
  // Not in the call system's document: the simulator's design, configurable (ANNOUNCE_PATH).
  announce: '/admin/message/send',
};

export type TokenPlacement = 'query' | 'header' | 'cookie';
export type BodyEncoding = 'form' | 'json';

export interface CallSystemClientOptions {
  /** e.g. http://callsystem.local:8080 (a path prefix is kept). */
  baseUrl: string;
  /** Where the token goes (CALL_SYSTEM_TOKEN_IN). Default query. */
  tokenIn?: TokenPlacement;
  /** Parameter, header or cookie name (CALL_SYSTEM_TOKEN_NAME). Default access_token, or Authorization for a header. */
  tokenName?: string;
  /** Default form (application/x-www-form-urlencoded). */
  bodyEncoding?: BodyEncoding;
  /** Per request, including reading the answer. Default 5000. */
  timeoutMs?: number;
  /** The administrator token the announcement endpoint takes. */
  adminToken?: string;
  paths?: Partial<Record<CallSystemEndpoint, string>>;
  /** Parameter names of the announcement endpoint. Defaults msg and extnos (comma list). */
  announceParams?: { msg?: string; extnos?: string };
  /** Answers larger than this are not read (failed). Default 256 KiB. */
  maxResponseBytes?: number;
  fetch?: typeof fetch;
  logger?: Logger;
}

interface Timed {
  durationMs: number;
}
export type CallResult<T = unknown> =
  | ({ outcome: 'ok'; data: T } & Timed)
  | ({ outcome: 'refused'; callSystemCode: number; reason: string } & Timed)
  | ({ outcome: 'unreachable'; reason: string } & Timed)
  | ({ outcome: 'failed'; reason: string; httpStatus?: number } & Timed)
  | ({ outcome: 'unknown'; reason: string } & Timed);
export type CallOutcome = CallResult['outcome'];

export interface CallSystemClient {
  logon(token: string, extno: string): Promise<CallResult>;
  logout(token: string, extno: string): Promise<CallResult>;
  nextCall(token: string): Promise<CallResult>;
  hold(token: string): Promise<CallResult>;
  meeting(token: string, tel: string): Promise<CallResult>;
  addBlack(token: string, infoUuid: string): Promise<CallResult>;
  /** The SMS template text (`data`). */
  getMsg(token: string): Promise<CallResult<string>>;
  sendSms(token: string, telephone: string, msg: string): Promise<CallResult>;
  /** Announcement to these extensions, with the administrator token. */
  announce(msg: string, extnos: readonly string[]): Promise<CallResult>;
}

/** The call system's envelope. `code` sometimes arrives as a numeric string. */
const envelopeSchema = z.object({
  code: z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]),
  msg: z.string().optional(),
  data: z.unknown().optional(),
});

/** Errors that mean the request never left: safe to say "nothing happened". */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

class TooLarge extends Error {}

export function createCallSystemClient(options: CallSystemClientOptions): CallSystemClient {
  const tokenIn = options.tokenIn ?? 'query';
  const tokenName = options.tokenName ?? (tokenIn === 'header' ? 'Authorization' : 'access_token');
  const encoding = options.bodyEncoding ?? 'form';
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBytes = options.maxResponseBytes ?? 256 * 1024;
  const paths = { ...DEFAULT_PATHS, ...options.paths };
  const msgParam = options.announceParams?.msg ?? 'msg';
  const extnosParam = options.announceParams?.extnos ?? 'extnos';
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call<T>(
    endpoint: CallSystemEndpoint,
    token: string,
    params: Record<string, string>,
    readData: (data: unknown) => T | undefined = (d) => d as T,
  ): Promise<CallResult<T>> {
    const started = performance.now();
    const secrets = [token, encodeURIComponent(token)];
    const elapsed = () => Math.round(performance.now() - started);
    const url = new URL(base + paths[endpoint]);
    const headers: Record<string, string> = { accept: 'application/json' };
    switch (tokenIn) {
      case 'query':
        url.searchParams.set(tokenName, token);
        break;
      case 'header':
        headers[tokenName] = tokenName.toLowerCase() === 'authorization' ? `Bearer ${token}` : token;
        break;
      case 'cookie':
        headers.cookie = `${tokenName}=${encodeURIComponent(token)}`;
        break;
      default:
        assertNever(tokenIn, 'token placement');
    }
    let body: string;
    if (encoding === 'json') {
      headers['content-type'] = 'application/json; charset=utf-8';
      body = JSON.stringify(params);
    } else {
      headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
      body = new URLSearchParams(params).toString();
    }

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let result: CallResult<T>;
    try {
      const res = await doFetch(url, { method: 'POST', headers, body, signal: controller.signal, redirect: 'manual' });
      const text = await readLimited(res, maxBytes);
      result = interpret(res.status, text, readData, secrets, elapsed());
    } catch (err) {
      result = classifyError(err, timedOut, timeoutMs, secrets, elapsed());
    } finally {
      clearTimeout(timer);
    }
    options.logger?.debug(
      { endpoint, outcome: result.outcome, durationMs: result.durationMs, ...('reason' in result ? { reason: result.reason } : {}) },
      'call system request',
    );
    return result;
  }

  return {
    logon: (token, extno) => call('logon', token, { extno }),
    logout: (token, extno) => call('logout', token, { extno }),
    nextCall: (token) => call('nextCall', token, {}),
    hold: (token) => call('hold', token, {}),
    meeting: (token, tel) => call('meeting', token, { tel }),
    addBlack: (token, infoUuid) => call('addBlack', token, { info_uuid: infoUuid }),
    getMsg: (token) => call('getMsg', token, {}, (d) => (typeof d === 'string' ? d : undefined)),
    sendSms: (token, telephone, msg) => call('smsSend', token, { telephone, msg }),
    announce: async (msg, extnos) => {
      if (!options.adminToken) {
        return { outcome: 'failed', reason: 'no administrator token configured for announcements (CALL_SYSTEM_ADMIN_TOKEN)', durationMs: 0 };
      }
      return call('announce', options.adminToken, { [msgParam]: msg, [extnosParam]: extnos.join(',') });
    },
  };
}

function interpret<T>(
  status: number,
  text: string,
  readData: (data: unknown) => T | undefined,
  secrets: readonly string[],
  durationMs: number,
): CallResult<T> {
  const envelope = parseEnvelope(text);
  const said = envelope?.msg ? `: ${redactSecrets(envelope.msg, secrets)}` : '';
  if (status >= 500) {
    // A gateway saying the backend is away means the action never ran.
    if (status === 502 || status === 503 || status === 504) {
      return { outcome: 'unreachable', reason: `call system unavailable (HTTP ${status})${said}`, durationMs };
    }
    return { outcome: 'failed', reason: `call system error (HTTP ${status})${said}`, httpStatus: status, durationMs };
  }
  if (envelope === null) {
    const kind = isJson(text) ? 'JSON without the {msg, code, data} envelope' : 'a body that is not JSON';
    return { outcome: 'failed', reason: `call system answered HTTP ${status} with ${kind}`, httpStatus: status, durationMs };
  }
  if (envelope.code !== 0) {
    const reason = envelope.msg ? redactSecrets(envelope.msg, secrets) : `code ${envelope.code}`;
    return { outcome: 'refused', callSystemCode: envelope.code, reason, durationMs };
  }
  if (status < 200 || status >= 300) {
    return { outcome: 'failed', reason: `call system answered HTTP ${status} with code 0`, httpStatus: status, durationMs };
  }
  const data = readData(envelope.data);
  if (data === undefined) {
    return { outcome: 'failed', reason: 'call system answered code 0 without the expected data', httpStatus: status, durationMs };
  }
  return { outcome: 'ok', data, durationMs };
}

function parseEnvelope(text: string): z.output<typeof envelopeSchema> | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = envelopeSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function classifyError<T>(err: unknown, timedOut: boolean, timeoutMs: number, secrets: readonly string[], durationMs: number): CallResult<T> {
  if (timedOut) {
    return { outcome: 'unknown', reason: `no answer within ${timeoutMs} ms: the action may or may not have happened`, durationMs };
  }
  if (err instanceof TooLarge) return { outcome: 'failed', reason: err.message, durationMs };
  const code = errorCode(err);
  if (code !== undefined && NOT_CONNECTED.has(code)) {
    return { outcome: 'unreachable', reason: `call system unreachable (${code})`, durationMs };
  }
  // The request may have been received before the connection dropped.
  const detail = code ?? redactSecrets(err instanceof Error ? err.message : String(err), secrets);
  return { outcome: 'unknown', reason: `connection lost before an answer (${detail}): the action may or may not have happened`, durationMs };
}

/** undici wraps the socket error: `TypeError('fetch failed', { cause: { code } })`, sometimes nested. */
function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      e = errors[0];
      continue;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

async function readLimited(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new TooLarge(`call system answer over ${maxBytes} bytes`);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new TooLarge(`call system answer over ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
