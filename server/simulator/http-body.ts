/**
 * Reading a REST request: the body under a size limit, its parameters (form-urlencoded
 * or JSON, over the query string's), and the access token wherever the caller put it.
 */
import { type IncomingMessage } from 'node:http';

export type Params = Record<string, string>;

export class BodyTooLarge extends Error {
  constructor(limit: number) {
    super(`request body over ${limit} bytes`);
  }
}

/** The whole body; rejects with BodyTooLarge as soon as it passes `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new BodyTooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** The token parameter's name in every placement (query, header, cookie). */
export const TOKEN_PARAM = 'access_token';

/**
 * The access token: query `access_token`, `Authorization: Bearer <t>`, header
 * `access_token`, or cookie `access_token`, in that order. Null when none is present.
 */
export function findToken(req: IncomingMessage, query: URLSearchParams): string | null {
  const fromQuery = query.get(TOKEN_PARAM);
  if (fromQuery) return fromQuery;
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m?.[1]) return m[1];
  }
  const header = req.headers[TOKEN_PARAM];
  if (typeof header === 'string' && header !== '') return header;
  const cookie = req.headers.cookie;
  if (cookie) {
    for (const part of cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== TOKEN_PARAM) continue;
      const value = part.slice(eq + 1).trim();
      if (value) return safeDecode(value);
    }
  }
  return null;
}

/**
 * Parameters from the query string, overridden by the body's (JSON when the content
 * type says so, form-urlencoded otherwise). Null when a JSON body is not an object.
 */
export function parseParams(contentType: string | undefined, body: Buffer, query: URLSearchParams): Params | null {
  const params: Params = {};
  for (const [k, v] of query) if (k !== TOKEN_PARAM) params[k] = v;
  const text = body.toString('utf8');
  if (text.trim() === '') return params;
  if (contentType?.toLowerCase().includes('json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return null;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
      if (k === TOKEN_PARAM || v === null || v === undefined) continue;
      params[k] = Array.isArray(v) ? v.map(String).join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    return params;
  }
  for (const [k, v] of new URLSearchParams(text)) if (k !== TOKEN_PARAM) params[k] = v;
  return params;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
