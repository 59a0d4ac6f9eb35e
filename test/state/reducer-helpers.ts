/** Builders for reducer tests: a small roster, frame events, and a clock in epoch ms. */
import { createFloorState, reduce } from '@/server/state/reducer';
import type { AgentState, FloorEvent, FloorOptions, FloorState } from '@/server/state/types';
import type { StatusCode } from '@/lib/domain/status';
import type { CustomerRecord } from '@/lib/domain/customer';

/** 2024-03-05 10:00:00 in Asia/Shanghai (02:00 UTC). */
export const T0 = Date.UTC(2024, 2, 5, 2, 0, 0);
export const SEC = 1000;
export const MIN = 60 * SEC;

export function floorWith(extnos: string[] = ['1001'], options: Partial<FloorOptions> = {}, now = T0): FloorState {
  const state = createFloorState(options);
  reduce(state, { type: 'roster', entries: extnos.map((extno) => ({ extno, name: `Agent ${extno}`, team: 'A' })) }, now);
  return state;
}

/** A floor whose agents are live (the link manager reported the socket open). */
export function liveFloor(extnos: string[] = ['1001'], options: Partial<FloorOptions> = {}, now = T0): FloorState {
  const state = floorWith(extnos, options, now);
  for (const extno of extnos) reduce(state, { type: 'link', extno, link: 'live' }, now);
  return state;
}

export function agent(state: FloorState, extno = '1001'): AgentState {
  const a = state.agents.get(extno);
  if (a === undefined) throw new Error(`no agent ${extno}`);
  return a;
}

export function notice(status: StatusCode, timeSeconds: number, extno = '1001'): FloorEvent {
  return { type: 'frame', extno, frame: { method: 'notice', status, timeSeconds } };
}

export function record(overrides: Partial<CustomerRecord> = {}): CustomerRecord {
  return {
    uuid: 'rec-1',
    name: '王五',
    telephone: '13812345678',
    adminId: 1,
    projectId: 7,
    taskId: 3,
    recordStatus: 0,
    group: 'default',
    ownerExtno: '1009',
    editStamp: '2024-03-05 09:59:00',
    importStamp: '2024-03-01 08:00:00',
    fields: { ok: true, values: { 年龄: '39' } },
    ...overrides,
  };
}

export function info(sessionId: string, extno = '1001', outerExtno = extno): FloorEvent {
  return { type: 'frame', extno, frame: { method: 'info', sessionId, city: '北京-北京', extno: outerExtno, record: record() } };
}
