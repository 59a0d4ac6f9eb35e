/** Small JSON helpers for the server's own HTTP routes. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, code, message });
}

/** Read a request body up to `limit` bytes; larger bodies are refused (413) without buffering them. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `body over ${limit} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Why a JSON body was refused, with the stable code every API surface shares for it. */
export interface JsonBodyRefusal {
  ok: false;
  code: 'UNSUPPORTED_MEDIA_TYPE' | 'BAD_REQUEST';
  message: string;
}

/**
 * A state-changing request's JSON body. Only `application/json` is read: a cross-site HTML form
 * cannot send that without a CORS preflight, so a session cookie cannot be used to act from
 * another site. An empty body reads as `{}`. A body over `limit` throws `HttpError` 413, which
 * the router answers (the body is never buffered whole).
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<{ ok: true; body: unknown } | JsonBodyRefusal> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return { ok: false, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json' };
  const raw = await readBody(req, limit);
  try {
    return { ok: true, body: raw.length === 0 ? {} : (JSON.parse(raw.toString('utf8')) as unknown) };
  } catch {
    return { ok: false, code: 'BAD_REQUEST', message: 'The body is not valid JSON' };
  }
}
