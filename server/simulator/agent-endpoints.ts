/**
 * The call system's eight agent endpoints (call-system-api.md section 2), each acting for
 * the agent whose token was presented, with real effects on the floor and the records.
 * A refusal is `code != 0` with a Chinese reason, as the real system answers.
 */
import { type AgentOps } from './agent-ops';
import { type SimFloor } from './floor';
import { type Params } from './http-body';
import { type SimRecords } from './records';
import { smsTemplate } from './zh-data';

export interface Reply {
  code: number;
  msg: string;
  data: unknown;
}

/** Envelope codes: 0 success; business refusals and bad parameters answer with HTTP 200. */
export const CODE = {
  ok: 0,
  /** The agent's state does not allow it (no call, not in wrap-up, already signed in...). */
  refused: 1,
  /** A required parameter is missing or malformed. */
  badParam: 2,
} as const;

export function ok(data: unknown = 1): Reply {
  return { code: CODE.ok, msg: 'success', data };
}

function refused(msg: string): Reply {
  return { code: CODE.refused, msg, data: null };
}

function missing(name: string): Reply {
  return { code: CODE.badParam, msg: `缺少参数${name}`, data: null };
}

export interface AgentEndpointContext {
  floor: SimFloor;
  ops: AgentOps;
  records: SimRecords;
  /** Agent names by index (for the SMS template's signature). */
  names: readonly string[];
}

type AgentHandler = (ctx: AgentEndpointContext, idx: number, params: Params, now: number) => Reply;

function param(params: Params, name: string): string | null {
  const v = params[name]?.trim();
  return v ? v : null;
}

/** logon/logout name the agent again: it must be the token's own. */
function checkExtno(ctx: AgentEndpointContext, idx: number, params: Params): Reply | null {
  const extno = param(params, 'extno');
  if (extno === null) return missing('extno');
  if (extno !== ctx.floor.extno(idx)) return refused('工号与访问令牌不匹配');
  return null;
}

const MOBILE = /^\+?\d{5,20}$/;

export const AGENT_ENDPOINTS: Readonly<Record<string, AgentHandler>> = {
  '/admin/agent/logon': (ctx, idx, params) => {
    const bad = checkExtno(ctx, idx, params);
    if (bad) return bad;
    if (ctx.floor.statusOf(idx) !== 0) return refused('坐席已签入，请勿重复签入');
    ctx.ops.signIn(idx, 'rest');
    return ok();
  },

  '/admin/agent/logout': (ctx, idx, params) => {
    const bad = checkExtno(ctx, idx, params);
    if (bad) return bad;
    if (ctx.floor.statusOf(idx) === 0) return refused('坐席未签入');
    ctx.ops.signOut(idx, 'rest');
    return ok();
  },

  '/admin/agent/nextCall': (ctx, idx) => {
    if (ctx.floor.statusOf(idx) !== 3) return refused('当前不在事务状态，无法进入下一个');
    ctx.ops.nextCall(idx, 'rest');
    return ok();
  },

  // There is no un-hold endpoint: hold toggles. data is the new flag (1 held, 0 resumed).
  '/admin/agent/hold': (ctx, idx) => {
    const held = ctx.floor.toggleHold(idx);
    if (held === null) return refused('当前没有通话，无法保持');
    return ok(held ? 1 : 0);
  },

  '/admin/agent/meeting': (ctx, idx, params, now) => {
    const call = ctx.floor.call(idx);
    if (!call || ctx.floor.statusOf(idx) !== 2) return refused('当前没有通话，无法发起多方通话');
    const tel = param(params, 'tel');
    if (tel === null) return missing('tel');
    ctx.records.meetings.push({ at: now, extno: ctx.floor.extno(idx), sessionId: call.sessionId, tel });
    return ok();
  },

  '/admin/agent/addBlack': (ctx, idx, params, now) => {
    const infoUuid = param(params, 'info_uuid');
    if (infoUuid === null) return missing('info_uuid');
    const sessionId = ctx.floor.call(idx)?.sessionId ?? null;
    ctx.records.blacklist.push({ at: now, extno: ctx.floor.extno(idx), infoUuid, sessionId });
    return ok();
  },

  '/admin/agent/getMsg': (ctx, idx) => ok(smsTemplate(ctx.names[idx] ?? '')),

  '/admin/sms_api/send': (ctx, idx, params, now) => {
    const telephone = param(params, 'telephone');
    if (telephone === null) return missing('telephone');
    const msg = param(params, 'msg');
    if (msg === null) return missing('msg');
    if (!MOBILE.test(telephone)) return { code: CODE.badParam, msg: '手机号码格式错误', data: null };
    ctx.records.sms.push({ at: now, extno: ctx.floor.extno(idx), telephone, msg });
    return ok();
  },
};
