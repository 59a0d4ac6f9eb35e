/**
 * Fuzz: seeded mutations of valid frames through decodeFrame (rules D1-D10). Whatever comes in,
 * the decoder must not throw, must answer with a known reason or a well-typed frame, must agree
 * with its own full path, and must leave Object.prototype alone.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decodeFrame, decodeText } from '@/server/upstream/decode';
import { REJECT_REASONS, type DecodeResult, type UpstreamFrame } from '@/server/upstream/frames';

const FRAMES = 20_000;

/** mulberry32: small, seeded, reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RECORD = {
  admin_id: 1,
  edit_stamp: '2021-08-30 14:13:08',
  extno: '1001',
  fields: '{"年龄": "39", "多选2": ["张三", "李四"], "下拉框": "3"}',
  group: 'default',
  import_stamp: '2021-08-26 18:17:52',
  name: '王五',
  project_id: 1,
  status: 0,
  task_id: 0,
  telephone: '13812345678',
  uuid: 'beeb8dda-87fb-4f7d-aa60-a4dee98e2e08',
};
const SEEDS: Record<string, unknown>[] = [
  { method: 'notice', status: 2, time: '00:04:17' },
  { method: 'notice', status: 0, time: '123:00:00' },
  { method: 'message', msg: '公告内容' },
  { method: 'info', sessionId: 's-1', city: '北京-北京', extno: '1003', info: RECORD },
  { method: 'info', sessionId: 's-2', city: '上海-上海', extno: '1003', info: JSON.stringify(RECORD) },
];
const EVIL_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

function make(rand: () => number) {
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const deep = (n: number) => (rand() < 0.5 ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`);
  const randomValue = (): unknown =>
    pick<() => unknown>([
      () => null,
      () => true,
      () => int(10) - 3,
      () => rand() * 1e20,
      () => -0.5,
      () => 'x'.repeat(pick([0, 1, 999, 1000, 1001, 4001, 40_000])),
      () => String(int(100)),
      () => '00:00:60',
      () => [int(4)],
      () => ({ [pick(EVIL_KEYS)]: { polluted: true } }),
      () => JSON.parse(deep(int(20) + 1)),
      () => '{"__proto__":{"polluted":true}}',
    ])();

  /** One of many ways to spoil (or keep) a valid frame, as text or bytes. */
  return function frame(): { data: string | Buffer | Buffer[]; isBinary: boolean } {
    const seed: Record<string, unknown> = JSON.parse(JSON.stringify(pick(SEEDS)));
    const text = JSON.stringify(seed);
    const kind = int(12);
    switch (kind) {
      case 0: // truncated
        return { data: text.slice(0, int(text.length)), isBinary: false };
      case 1: {
        // a few random characters replaced
        const chars = [...text];
        for (let i = int(4) + 1; i > 0; i--) chars[int(chars.length)] = String.fromCharCode(int(0x3000));
        return { data: chars.join(''), isBinary: false };
      }
      case 2: {
        // a top-level field of another type, or removed
        const key = pick(Object.keys(seed));
        if (rand() < 0.2) delete seed[key];
        else seed[key] = randomValue();
        return { data: JSON.stringify(seed), isBinary: false };
      }
      case 3: {
        // a record field of another type, or removed, with info as object or string
        const rec: Record<string, unknown> = { ...RECORD };
        const key = pick(Object.keys(rec));
        if (rand() < 0.2) delete rec[key];
        else rec[key] = randomValue();
        const outer = { method: 'info', sessionId: 's', city: 'c', extno: '1', info: rand() < 0.5 ? rec : JSON.stringify(rec) };
        return { data: JSON.stringify(outer), isBinary: false };
      }
      case 4: {
        // prototype-pollution keys as raw JSON text (JSON.stringify would not write __proto__ as own key)
        const evil = `"${pick(EVIL_KEYS)}":{"polluted":true,"method":"notice","status":1}`;
        const at = text.indexOf('{') + 1;
        const where = rand() < 0.5 ? text.slice(0, at) + evil + ',' + text.slice(at) : text.replace('"fields":"{', `"fields":"{\\"__proto__\\":{\\"polluted\\":true},`);
        return { data: where, isBinary: false };
      }
      case 5: // deep nesting, inside a valid-looking frame or alone
        return { data: rand() < 0.5 ? deep(int(5000) + 1) : text.replace(/}$/, `,"x":${deep(int(40) + 5)}}`), isBinary: false };
      case 6: {
        // huge strings around the limits
        const n = pick([4000, 4001, 33 * 1024, 64 * 1024 - 60, 64 * 1024 + 1]);
        const field = pick(['msg', 'sessionId', 'city', 'time']);
        return { data: JSON.stringify({ ...seed, [field]: pick(['x', '字']).repeat(n) }), isBinary: false };
      }
      case 7: {
        // random bytes, as a text or a binary frame, whole or fragmented
        const bytes = Buffer.from(Array.from({ length: int(300) }, () => int(256)));
        const isBinary = rand() < 0.3;
        return { data: rand() < 0.5 ? bytes : [bytes.subarray(0, 10), bytes.subarray(10)], isBinary };
      }
      case 8: // duplicate keys: JSON.parse keeps the last
        return { data: text.replace(/}$/, `,"status":${pick(['9', '"2"', '1'])},"method":"${pick(['notice', 'info', 'x'])}"}`), isBinary: false };
      case 9: {
        // fields that are not what the doc says
        const fields = pick(['{', '[]', '{"a":1}', '{"a":[1]}', '{"a":{"b":"c"}}', '"s"', 'null', deep(10), '{"__proto__":"x"}']);
        return { data: JSON.stringify({ ...SEEDS[3], info: { ...RECORD, fields } }), isBinary: false };
      }
      case 10: // a different valid-looking JSON value
        return { data: pick(['null', '1', '"notice"', '[]', '{}', 'true', '[{"method":"notice"}]', ' ']), isBinary: false };
      default: // the frame as is, text or binary
        return { data: rand() < 0.5 ? text : Buffer.from(text), isBinary: rand() < 0.1 };
    }
  };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isSafeInt = (v: unknown): boolean => Number.isSafeInteger(v);

/** The frame satisfies the UpstreamFrame types and the limits of rules D4-D7. */
function wellTyped(f: UpstreamFrame): boolean {
  switch (f.method) {
    case 'notice':
      return [0, 1, 2, 3].includes(f.status) && isSafeInt(f.timeSeconds) && f.timeSeconds >= 0 && Object.keys(f).length === 3;
    case 'message':
      return isString(f.msg) && f.msg.length <= 4000;
    case 'info': {
      const r = f.record;
      const strings = [f.sessionId, f.city, f.extno, r.uuid, r.name, r.telephone, r.group, r.ownerExtno, r.editStamp, r.importStamp];
      const ids = [r.adminId, r.projectId, r.taskId, r.recordStatus];
      const fieldsOk = r.fields.ok
        ? typeof r.fields.values === 'object' &&
          Object.values(r.fields.values).every((v) => isString(v) || (Array.isArray(v) && v.every(isString)))
        : isString(r.fields.raw) && isString(r.fields.reason);
      return strings.every((s) => isString(s) && s.length <= 1000) && f.sessionId !== '' && ids.every(isSafeInt) && fieldsOk;
    }
    default:
      return false;
  }
}

describe('decode fuzz', () => {
  it(`D8/D9/D10: ${FRAMES} mutated frames never throw, give a known reason or a well-typed frame, leave prototypes alone`, () => {
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const frame = make(rng(0xf100b0a2));
    const problems: string[] = [];
    const seen = new Map<string, number>();
    for (let i = 0; i < FRAMES; i++) {
      const { data, isBinary } = frame();
      let r: DecodeResult;
      try {
        r = decodeFrame(data, isBinary);
      } catch (err) {
        problems.push(`#${i} threw ${String(err)}`);
        continue;
      }
      const label = r.ok ? `ok:${r.frame.method}` : r.reason;
      seen.set(label, (seen.get(label) ?? 0) + 1);
      if (!r.ok) {
        if (!REJECT_REASONS.includes(r.reason)) problems.push(`#${i} unknown reason ${r.reason}`);
        if (typeof r.detail !== 'string' || r.detail.length > 400) problems.push(`#${i} detail too long (${r.detail.length})`);
      } else if (!wellTyped(r.frame)) {
        problems.push(`#${i} badly typed ${JSON.stringify(r.frame).slice(0, 200)}`);
      }
      // The fast path must agree with the full path (D10) whenever size does not decide first.
      if (typeof data === 'string' && !isBinary && !(!r.ok && r.reason === 'too_large')) {
        const full = decodeText(data);
        if (JSON.stringify(full) !== JSON.stringify(r)) problems.push(`#${i} fast and full paths differ`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    // The generator must reach every variant and most reasons, or this test proves little.
    for (const label of ['ok:notice', 'ok:message', 'ok:info', 'not_text', 'too_large', 'bad_json', 'not_object', 'too_deep', 'unknown_method', 'bad_status', 'bad_time', 'bad_field', 'bad_info', 'too_long']) {
      expect(seen.get(label) ?? 0, label).toBeGreaterThan(0);
    }
  });
});
