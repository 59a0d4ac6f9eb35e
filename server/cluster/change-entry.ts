/**
 * Entries of the change stream (`fb:changes`) and the floor hash (`fb:floor`).
 *
 * Redis is inside the trust boundary but still a boundary: an entry written by another version,
 * a hand edit or a bug is validated (zod) and refused with a stable code, never applied.
 * Stream fields: k (a = agent, m = monitor message, p = pending sign-out set or cleared on a web
 * node), s slot, f fence (0 for p), g gateway (the web node for p), d JSON data.
 */
import { z } from 'zod';
import { AGENT_STATUSES, LINK_STATES } from '@/lib/domain/status';
import type { AgentState } from '@/server/state/types';

const num = z.number().finite();
const str = z.string().max(10_000);

const recordSchema = z.object({
  uuid: str,
  name: str,
  telephone: str,
  adminId: num,
  projectId: num,
  taskId: num,
  recordStatus: num,
  group: str,
  ownerExtno: str,
  editStamp: str,
  importStamp: str,
  fields: z.union([
    z.object({ ok: z.literal(true), values: z.record(z.string(), z.union([z.string(), z.array(z.string())])) }),
    z.object({ ok: z.literal(false), raw: z.string(), reason: z.string() }),
  ]),
});

const agentSchema = z.object({
  extno: z.string().min(1).max(64),
  name: str,
  team: str,
  status: z.enum(AGENT_STATUSES),
  stateSince: num,
  link: z.enum(LINK_STATES),
  linkSince: num,
  lastFrameAt: num.nullable(),
  noticeIntervalMs: num.nullable(),
  lastNoticeAt: num.nullable().optional(),
  call: z
    .object({ sessionId: str, city: str, record: recordSchema, connectedAt: num, held: z.boolean(), endedAt: num.nullable() })
    .nullable(),
  today: z.object({ calls: num, talkSeconds: num, wrapSeconds: num, longestIdleSeconds: num, idleSeconds: num }),
  countersDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  pendingSignOut: z.boolean(),
});

const messageSchema = z.object({ extno: z.string().min(1).max(64), msg: z.string().max(10_000), at: num });
const pendingSchema = z.object({ extno: z.string().min(1).max(64), pending: z.boolean() });

export type ChangeEntry =
  | { kind: 'agent'; slot: number; fence: number; gateway: string; agent: AgentState }
  | { kind: 'message'; slot: number; fence: number; gateway: string; extno: string; msg: string; at: number }
  /** "Sign out after this call" requested (or dropped) on a web node: every web node shows it (CL-P1). */
  | { kind: 'pending'; slot: number; fence: number; gateway: string; extno: string; pending: boolean };

export type EntryRejection = 'BAD_FIELDS' | 'BAD_JSON' | 'BAD_AGENT' | 'BAD_MESSAGE' | 'BAD_PENDING';

const KIND_CODE = { agent: 'a', message: 'm', pending: 'p' } as const;

export function encodeEntry(entry: ChangeEntry): string[] {
  const data =
    entry.kind === 'agent'
      ? entry.agent
      : entry.kind === 'message'
        ? { extno: entry.extno, msg: entry.msg, at: entry.at }
        : { extno: entry.extno, pending: entry.pending };
  return ['k', KIND_CODE[entry.kind], 's', String(entry.slot), 'f', String(entry.fence), 'g', entry.gateway, 'd', JSON.stringify(data)];
}

/** Parse a flat [field, value, ...] list as XREAD returns it (or a floor hash value, encoded the same way as JSON). */
export function decodeEntry(fields: readonly string[]): { ok: true; entry: ChangeEntry } | { ok: false; code: EntryRejection } {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
  const kind = map.get('k');
  const slot = Number(map.get('s'));
  const fence = Number(map.get('f'));
  const gateway = map.get('g') ?? '';
  const raw = map.get('d');
  if ((kind !== 'a' && kind !== 'm' && kind !== 'p') || !Number.isInteger(slot) || !Number.isSafeInteger(fence) || raw === undefined) {
    return { ok: false, code: 'BAD_FIELDS' };
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'BAD_JSON' };
  }
  if (kind === 'a') {
    const agent = agentSchema.safeParse(data);
    return agent.success ? { ok: true, entry: { kind: 'agent', slot, fence, gateway, agent: agent.data } } : { ok: false, code: 'BAD_AGENT' };
  }
  if (kind === 'p') {
    const p = pendingSchema.safeParse(data);
    return p.success ? { ok: true, entry: { kind: 'pending', slot, fence, gateway, ...p.data } } : { ok: false, code: 'BAD_PENDING' };
  }
  const m = messageSchema.safeParse(data);
  return m.success ? { ok: true, entry: { kind: 'message', slot, fence, gateway, ...m.data } } : { ok: false, code: 'BAD_MESSAGE' };
}

/** The floor hash keeps the same flat field list (from encodeEntry), as JSON. */
export function floorValue(fields: readonly string[]): string {
  return JSON.stringify(fields);
}

export function decodeFloorValue(value: string): ReturnType<typeof decodeEntry> {
  try {
    const fields: unknown = JSON.parse(value);
    if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string')) return { ok: false, code: 'BAD_FIELDS' };
    return decodeEntry(fields);
  } catch {
    return { ok: false, code: 'BAD_JSON' };
  }
}
