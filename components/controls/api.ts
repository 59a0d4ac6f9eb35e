/**
 * Same-origin REST helpers for the control path (docs/control-api.md). Every answer is an
 * `Ack`: `{ok:true,data}` or `{ok:false,code,message}`. A request that never reached our server
 * becomes code `NETWORK` (retrying the same intent with the same requestId is safe).
 */
import type { Ack } from '@/lib/protocol';

export type ApiAck<T> = Ack<T>;

export async function apiJson<T>(path: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<ApiAck<T>> {
  const method = init.method ?? 'GET';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      ...(method === 'POST' ? { body: JSON.stringify(init.body ?? {}) } : {}),
    });
  } catch (err) {
    return { ok: false, code: 'NETWORK', message: err instanceof Error ? err.message : 'network error' };
  }
  const json = (await res.json().catch(() => null)) as ApiAck<T> | null;
  if (!json || typeof json !== 'object' || typeof json.ok !== 'boolean') {
    return { ok: false, code: res.ok ? 'CALL_SYSTEM_ERROR' : 'INTERNAL', message: `HTTP ${res.status}` };
  }
  return json;
}

/** For TanStack Query: the data, or a thrown error carrying the code. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function apiData<T>(path: string): Promise<T> {
  const ack = await apiJson<T>(path);
  if (!ack.ok) throw new ApiError(ack.code, ack.message);
  return ack.data;
}

/** A fresh request id: one per user intent. */
export function newRequestId(): string {
  return crypto.randomUUID();
}
