/**
 * Alert text in both languages, from a message key and language-neutral params. The server
 * renders the spoken text with these once per change (Alert.speech); the board may render the
 * banner with the same function, so what is heard and what is read never drift apart.
 * Shared by server and browser: no node:* imports here.
 */
import type { AlertMessage, AlertMessageKey, AlertMessageParams } from './types';

export type AlertLang = 'zh-CN' | 'en';

/** `5分钟`, `30秒`, `1分30秒`, `1小时`, `1小时5分钟`. */
function zhDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return m > 0 ? `${h}小时${m}分钟` : `${h}小时`;
  if (m > 0) return r > 0 ? `${m}分${r}秒` : `${m}分钟`;
  return `${r}秒`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `5 minutes`, `30 seconds`, `1 minute 30 seconds`, `1 hour 5 minutes`. */
function enDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const parts: string[] = [];
  if (h > 0) parts.push(plural(h, 'hour', 'hours'));
  if (m > 0) parts.push(plural(m, 'minute', 'minutes'));
  if (r > 0 || parts.length === 0) parts.push(plural(r, 'second', 'seconds'));
  return parts.join(' ');
}

type Params = AlertMessageParams;
type Template = (p: Params) => string;

const str = (p: Params, k: string): string => String(p[k] ?? '');
const num = (p: Params, k: string): number => Number(p[k] ?? 0);

const ZH: Readonly<Record<AlertMessageKey, Template>> = {
  'wrap_up_long.agent': (p) => `${str(p, 'team')} ${str(p, 'name')}（${str(p, 'extno')}）话后处理超过${zhDuration(num(p, 'seconds'))}`,
  'wrap_up_long.team': (p) => `${str(p, 'team')} 有${num(p, 'count')}名坐席话后处理超过${zhDuration(num(p, 'seconds'))}`,
  'idle_long.agent': (p) => `${str(p, 'team')} ${str(p, 'name')}（${str(p, 'extno')}）空闲超过${zhDuration(num(p, 'seconds'))}`,
  'idle_long.team': (p) => `${str(p, 'team')} 有${num(p, 'count')}名坐席空闲超过${zhDuration(num(p, 'seconds'))}`,
  'call_long.agent': (p) => `${str(p, 'team')} ${str(p, 'name')}（${str(p, 'extno')}）通话超过${zhDuration(num(p, 'seconds'))}`,
  'call_long.team': (p) => `${str(p, 'team')} 有${num(p, 'count')}名坐席通话超过${zhDuration(num(p, 'seconds'))}`,
  'feed_lost.agent': (p) => `${str(p, 'team')} ${str(p, 'name')}（${str(p, 'extno')}）数据中断超过${zhDuration(num(p, 'seconds'))}`,
  'feed_lost.team': (p) => `${str(p, 'team')} 有${num(p, 'count')}名坐席数据中断超过${zhDuration(num(p, 'seconds'))}`,
  'team_signed_out.team': (p) => `${str(p, 'team')} 班内有${num(p, 'count')}名坐席签出`,
  // With no sustained time there is no "for how long" to say.
  'team_occupancy_low.team': (p) =>
    `${str(p, 'team')} 占用率低于${num(p, 'percent')}%` + (num(p, 'seconds') > 0 ? `已持续${zhDuration(num(p, 'seconds'))}` : ''),
  'floor_no_calls.floor': (p) => `全场已${zhDuration(num(p, 'seconds'))}没有接通电话，请检查外呼系统`,
  'links_down.floor': (p) => `${num(p, 'percent')}%的坐席连接中断（${num(p, 'down')}/${num(p, 'total')}），呼叫系统可能故障`,
};

const agents = (p: Params): string => plural(num(p, 'count'), 'agent', 'agents');
const who = (p: Params): string => `${str(p, 'team')}: ${str(p, 'name')} (${str(p, 'extno')})`;

const EN: Readonly<Record<AlertMessageKey, Template>> = {
  'wrap_up_long.agent': (p) => `${who(p)} in wrap-up over ${enDuration(num(p, 'seconds'))}`,
  'wrap_up_long.team': (p) => `${str(p, 'team')}: ${agents(p)} in wrap-up over ${enDuration(num(p, 'seconds'))}`,
  'idle_long.agent': (p) => `${who(p)} idle over ${enDuration(num(p, 'seconds'))}`,
  'idle_long.team': (p) => `${str(p, 'team')}: ${agents(p)} idle over ${enDuration(num(p, 'seconds'))}`,
  'call_long.agent': (p) => `${who(p)} on a call over ${enDuration(num(p, 'seconds'))}`,
  'call_long.team': (p) => `${str(p, 'team')}: ${agents(p)} on a call over ${enDuration(num(p, 'seconds'))}`,
  'feed_lost.agent': (p) => `${who(p)}: feed lost for over ${enDuration(num(p, 'seconds'))}`,
  'feed_lost.team': (p) => `${str(p, 'team')}: feed lost for ${agents(p)} for over ${enDuration(num(p, 'seconds'))}`,
  'team_signed_out.team': (p) => `${str(p, 'team')}: ${agents(p)} signed out during the shift`,
  'team_occupancy_low.team': (p) =>
    `${str(p, 'team')}: occupancy under ${num(p, 'percent')}%` + (num(p, 'seconds') > 0 ? ` for ${enDuration(num(p, 'seconds'))}` : ''),
  'floor_no_calls.floor': (p) => `No calls connected on the floor for ${enDuration(num(p, 'seconds'))}: check the dialler`,
  'links_down.floor': (p) => `${num(p, 'percent')}% of agent links are down (${num(p, 'down')}/${num(p, 'total')}): the call system may be failing`,
};

export function renderAlertText(message: AlertMessage, lang: AlertLang): string {
  return (lang === 'en' ? EN : ZH)[message.key](message.params);
}

/** Both languages at once (the server stores this as Alert.speech). */
export function alertSpeech(message: AlertMessage): { 'zh-CN': string; en: string } {
  return { 'zh-CN': renderAlertText(message, 'zh-CN'), en: renderAlertText(message, 'en') };
}

export { enDuration, zhDuration };
