/**
 * The `info` frame (通话弹屏) pushed when a call connects, in exactly the shape of the call
 * system's document: outer sessionId/city/extno and the customer record in `info`, whose
 * `fields` is itself a JSON-encoded string.
 */
import { type Rng } from './prng';
import { CITIES, crmFields, mobileNumber, personName } from './zh-data';

export interface SimCustomerRecord {
  admin_id: number;
  edit_stamp: string;
  /** The record's owner: usually the agent, sometimes another extension. */
  extno: string;
  /** JSON-encoded object of strings and string arrays. */
  fields: string;
  group: string;
  import_stamp: string;
  name: string;
  project_id: number;
  status: number;
  task_id: number;
  telephone: string;
  uuid: string;
}

export interface SimInfoFrame {
  method: 'info';
  sessionId: string;
  city: string;
  extno: string;
  info: SimCustomerRecord | string;
}

export interface ScreenPopContext {
  /** The agent taking the call. */
  extno: string;
  /** The agent's team, used as the record's tag group. */
  team: string;
  /** Extension range of this simulator, to draw another owner from. */
  extnoStart: number;
  agents: number;
  /** Real clock, epoch ms. */
  now: number;
}

const DAY_MS = 86_400_000;
/** Asia/Shanghai has no daylight saving time: a fixed offset renders its local time. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** `YYYY-MM-DD HH:mm:ss` in the call system's local time (Asia/Shanghai). */
export function shanghaiStamp(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export function buildScreenPop(rng: Rng, ctx: ScreenPopContext): { sessionId: string; record: SimCustomerRecord; city: string } {
  const sessionId = rng.uuid();
  const imported = ctx.now - (1 + rng.int(30)) * DAY_MS - rng.int(DAY_MS);
  const edited = imported + rng.int(Math.max(1, ctx.now - imported));
  // One record in five was imported under another agent's name (the document's 1003/1001 case).
  const owner = rng.next() < 0.2 ? String(ctx.extnoStart + rng.int(ctx.agents)) : ctx.extno;
  const record: SimCustomerRecord = {
    admin_id: 1,
    edit_stamp: shanghaiStamp(edited),
    extno: owner,
    fields: JSON.stringify(crmFields(rng)),
    group: ctx.team,
    import_stamp: shanghaiStamp(imported),
    // Many imported lists carry numbers only.
    name: rng.next() < 0.15 ? '' : personName(rng),
    project_id: 1 + rng.int(5),
    status: rng.int(4),
    task_id: 1 + rng.int(20),
    telephone: mobileNumber(rng),
    uuid: rng.uuid(),
  };
  return { sessionId, record, city: rng.pick(CITIES) };
}

/** The frame's JSON text; `infoAsString` sends the record as a JSON string (the document allows both). */
export function infoFrameText(
  pop: { sessionId: string; record: SimCustomerRecord; city: string },
  extno: string,
  infoAsString: boolean,
): string {
  const frame: SimInfoFrame = {
    method: 'info',
    sessionId: pop.sessionId,
    city: pop.city,
    extno,
    info: infoAsString ? JSON.stringify(pop.record) : pop.record,
  };
  return JSON.stringify(frame);
}
