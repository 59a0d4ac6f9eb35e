/**
 * The REST pipeline of the simulated call system: route -> method -> body (size limit)
 * -> fault knobs -> parameters -> token -> endpoint -> envelope `{msg, code, data}` ->
 * request log. Token failures answer HTTP 401 (envelope code 401); business refusals and
 * bad parameters answer HTTP 200 with a non-zero code, as the real system does.
 */
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { AGENT_ENDPOINTS, CODE, ok, type AgentEndpointContext, type Reply } from './agent-endpoints';
import { type FaultState } from './faults';
import { BodyTooLarge, findToken, parseParams, readBody, type Params } from './http-body';

/** The announcement endpoint (not in the call system's document; this is the simulator's design). */
export const ANNOUNCE_PATH = '/admin/message/send';
const ANNOUNCE_MAX_CHARS = 2000;

export interface RestDeps extends AgentEndpointContext {
  faults: FaultState;
  adminToken: string;
  bodyLimit: number;
  agentForToken(token: string): number | undefined;
  /** Sends an announcement; returns the number of monitor sockets written to. */
  announce(msg: string, extnos: string[] | null): number;
}

interface Outcome {
  status: number;
  reply: Reply | null;
  extno: string | null;
  params: Params;
}

function envelope(status: number, code: number, msg: string, params: Params = {}, extno: string | null = null): Outcome {
  return { status, reply: { code, msg, data: null }, extno, params };
}

export function createRestHandler(deps: RestDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req)
      .catch((): Outcome => envelope(500, 500, '服务器内部错误'))
      .then((out) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        deps.records.logRequest({
          at: Date.now(),
          path,
          extno: out.extno,
          params: out.params,
          httpStatus: out.status,
          code: out.reply?.code ?? null,
        });
        if (res.destroyed) return;
        const body = JSON.stringify(out.reply ?? {});
        res.writeHead(out.status, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          ...(out.status === 413 ? { connection: 'close' } : {}),
          ...(out.status === 405 ? { allow: 'POST' } : {}),
        });
        res.end(body);
      });
  };
}

async function handle(deps: RestDeps, req: IncomingMessage): Promise<Outcome> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const path = url.pathname;
  const isAnnounce = path === ANNOUNCE_PATH;
  const handler = Object.hasOwn(AGENT_ENDPOINTS, path) ? AGENT_ENDPOINTS[path] : undefined;
  if (!isAnnounce && !handler) return envelope(404, 404, '接口不存在');
  if (req.method !== 'POST') return envelope(405, 405, '仅支持POST请求');

  let body: Buffer;
  try {
    body = await readBody(req, deps.bodyLimit);
  } catch (err) {
    if (err instanceof BodyTooLarge) return envelope(413, 413, '请求体过大');
    throw err;
  }

  // Faults strike before anything is looked at, like an overloaded front end.
  const fault = deps.faults.restFault(path);
  if (fault && 'delayMs' in fault) await sleep(fault.delayMs);
  if (fault && 'status' in fault) return envelope(fault.status, fault.status, '服务器繁忙，请稍后再试');

  const params = parseParams(req.headers['content-type'], body, url.searchParams);
  if (params === null) return envelope(400, 400, '请求参数格式错误');
  const token = findToken(req, url.searchParams);
  if (token === null) return envelope(401, 401, '缺少访问令牌', params);

  if (isAnnounce) {
    if (token !== deps.adminToken) return envelope(401, 401, '访问令牌无效或已过期', params);
    return { status: 200, reply: announce(deps, params), extno: null, params };
  }
  const idx = deps.agentForToken(token);
  if (idx === undefined || deps.faults.isRefused(deps.floor.extno(idx))) {
    return envelope(401, 401, '访问令牌无效或已过期', params);
  }
  const extno = deps.floor.extno(idx);
  const reply = handler ? handler(deps, idx, params, Date.now()) : ok();
  return { status: 200, reply, extno, params };
}

/** `msg` (required) to `extnos` (comma-separated; empty = every agent). Unknown extensions are skipped. */
function announce(deps: RestDeps, params: Params): Reply {
  const msg = params.msg?.trim();
  if (!msg) return { code: CODE.badParam, msg: '缺少参数msg', data: null };
  if (msg.length > ANNOUNCE_MAX_CHARS) return { code: CODE.badParam, msg: '公告内容过长', data: null };
  const list = (params.extnos ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const sent = deps.announce(msg, list.length > 0 ? list : null);
  return ok({ sent });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
