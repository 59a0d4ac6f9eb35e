import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decodeFrame, decodeText } from '@/server/upstream/decode';
import type { InfoFrame, RejectReason } from '@/server/upstream/frames';
import { parseHms } from '@/lib/domain/time';

const DOC_INFO = {
  method: 'info',
  sessionId: '32001b21-9f76-4fc5-9f5a-6bf10dc63e1c',
  city: '北京-北京',
  extno: '1003',
  info: {
    admin_id: 1,
    edit_stamp: '2021-08-30 14:13:08',
    extno: '1001',
    fields: '{"年龄": "39", "多选2": ["张三", "李四"], "下拉框": "3", "多选框": ["11"], "长文本": ""}',
    group: 'default',
    import_stamp: '2021-08-26 18:17:52',
    name: '',
    project_id: 1,
    status: 0,
    task_id: 0,
    telephone: '123456',
    uuid: 'beeb8dda-87fb-4f7d-aa60-a4dee98e2e08',
  },
};

function info(overrides: Record<string, unknown> = {}, record: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...DOC_INFO, ...overrides, info: { ...DOC_INFO.info, ...record } });
}

function accepted(text: string): InfoFrame | { method: string } {
  const r = decodeFrame(text, false);
  if (!r.ok) throw new Error(`rejected: ${r.reason} ${r.detail}`);
  return r.frame;
}

function acceptedInfo(text: string): InfoFrame {
  const f = accepted(text);
  if (f.method !== 'info') throw new Error('not info');
  return f as InfoFrame;
}

function rejected(data: Parameters<typeof decodeFrame>[0], isBinary = false): { reason: RejectReason; detail: string } {
  const r = decodeFrame(data, isBinary);
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(r.frame)}`);
  return r;
}

describe('parseHms (shared with the board)', () => {
  it.each([
    ['00:04:17', 257],
    ['0:00:00', 0],
    ['123:00:01', 442801],
    ['99999:59:59', 99999 * 3600 + 3599],
  ])('D4: %s is %i seconds', (text, seconds) => {
    expect(parseHms(text)).toBe(seconds);
  });

  it.each(['', '00:60:00', '00:00:60', '00:4:17', '100000:00:00', ' 00:00:01', '00:00:01\n', 'a:00:00', '-1:00:00', '00:00'])(
    'D4: %j is not a time',
    (text) => {
      expect(parseHms(text)).toBeNull();
    },
  );
});

describe('accepted variants', () => {
  it('D4: the doc notice gives status code and time in seconds', () => {
    expect(accepted('{"method":"notice","status":0,"time":"00:04:17"}')).toEqual({ method: 'notice', status: 0, timeSeconds: 257 });
  });

  it.each([0, 1, 2, 3])('D4: status %i is accepted', (status) => {
    expect(accepted(`{"method":"notice","status":${status},"time":"01:00:00"}`)).toEqual({ method: 'notice', status, timeSeconds: 3600 });
  });

  it('D4: hours beyond 99 are accepted', () => {
    expect(accepted('{"method":"notice","status":0,"time":"123:00:00"}')).toMatchObject({ timeSeconds: 123 * 3600 });
  });

  it('D3/D10: a notice with other key order, spacing or extra keys takes the full path to the same result', () => {
    const expected = { method: 'notice', status: 2, timeSeconds: 5 };
    expect(accepted('{"time":"0:00:05","status":2,"method":"notice"}')).toEqual(expected);
    expect(accepted(' {\n "method" : "notice" ,\t"status": 2, "time": "00:00:05" }\r\n')).toEqual(expected);
    expect(accepted('{"method":"notice","status":2.0,"time":"00:00:05","extra":{"a":[1]}}')).toEqual(expected);
  });

  it('D1: a text frame as Buffer, ArrayBuffer or fragments decodes like a string', () => {
    const text = '{"method":"notice","status":1,"time":"00:00:09"}';
    const expected = { ok: true, frame: { method: 'notice', status: 1, timeSeconds: 9 } };
    const buf = Buffer.from(text);
    expect(decodeFrame(buf, false)).toEqual(expected);
    expect(decodeFrame(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer, false)).toEqual(expected);
    expect(decodeFrame([buf.subarray(0, 10), buf.subarray(10)], false)).toEqual(expected);
  });

  it('D5: message with text (Chinese, empty, 4000 chars)', () => {
    expect(accepted('{"method":"message","msg":"公告内容"}')).toEqual({ method: 'message', msg: '公告内容' });
    expect(accepted('{"method":"message","msg":""}')).toEqual({ method: 'message', msg: '' });
    expect(accepted(JSON.stringify({ method: 'message', msg: 'x'.repeat(4000) }))).toMatchObject({ method: 'message' });
  });

  it('D6: the doc info frame decodes to the agent, city and a typed record', () => {
    expect(acceptedInfo(JSON.stringify(DOC_INFO))).toEqual({
      method: 'info',
      sessionId: '32001b21-9f76-4fc5-9f5a-6bf10dc63e1c',
      city: '北京-北京',
      extno: '1003',
      record: {
        uuid: 'beeb8dda-87fb-4f7d-aa60-a4dee98e2e08',
        name: '',
        telephone: '123456',
        adminId: 1,
        projectId: 1,
        taskId: 0,
        recordStatus: 0,
        group: 'default',
        ownerExtno: '1001',
        editStamp: '2021-08-30 14:13:08',
        importStamp: '2021-08-26 18:17:52',
        fields: { ok: true, values: { 年龄: '39', 多选2: ['张三', '李四'], 下拉框: '3', 多选框: ['11'], 长文本: '' } },
      },
    });
  });

  it('D6: info as a JSON string of the object decodes the same', () => {
    const asString = JSON.stringify({ ...DOC_INFO, info: JSON.stringify(DOC_INFO.info) });
    expect(acceptedInfo(asString)).toEqual(acceptedInfo(JSON.stringify(DOC_INFO)));
  });

  it('D6: numeric ids as numeric strings become numbers', () => {
    const f = acceptedInfo(info({}, { admin_id: '7', project_id: '12', task_id: '-1', status: '3' }));
    expect(f.record).toMatchObject({ adminId: 7, projectId: 12, taskId: -1, recordStatus: 3 });
  });

  it('D6: absent or null optional record fields read as empty string or 0', () => {
    const f = acceptedInfo(
      JSON.stringify({ method: 'info', sessionId: 's1', info: { uuid: 'u', telephone: '13800001111', name: null, project_id: null } }),
    );
    expect(f).toMatchObject({ city: '', extno: '' });
    expect(f.record).toEqual({
      uuid: 'u',
      name: '',
      telephone: '13800001111',
      adminId: 0,
      projectId: 0,
      taskId: 0,
      recordStatus: 0,
      group: '',
      ownerExtno: '',
      editStamp: '',
      importStamp: '',
      fields: { ok: true, values: {} },
    });
  });

  it('D3: unknown properties are ignored, not copied', () => {
    const f = acceptedInfo(info({ extra: 1, another: { deep: true } }, { hideTel: 1, cdr_uuid: 'x' }));
    expect(f).not.toHaveProperty('extra');
    expect(f.record).not.toHaveProperty('hideTel');
  });

  it.each([
    ['missing', undefined, { ok: true, values: {} }],
    ['empty string', '', { ok: true, values: {} }],
    ['null', null, { ok: true, values: {} }],
    ['an empty object string', '{}', { ok: true, values: {} }],
  ])('D7: fields %s is an empty form', (_label, fields, expected) => {
    expect(acceptedInfo(info({}, { fields })).record.fields).toEqual(expected);
  });

  it.each([
    ['not JSON', '{"年龄": ', 'fields is not valid JSON'],
    ['a JSON array', '["a"]', 'fields is not an object'],
    ['a JSON string', '"abc"', 'fields is not an object'],
    ['a number value', '{"年龄": 39}', 'value of "年龄" is not a string or an array of strings'],
    ['an array of numbers', '{"多选": [1, 2]}', 'value of "多选" is not a string or an array of strings'],
    ['a nested object', '{"a": {"b": "c"}}', 'value of "a" is not a string or an array of strings'],
    ['nested too deeply', '{"a":[[[[["x"]]]]]}', 'fields is nested too deeply'],
  ])('D7: fields that is %s is accepted raw with a reason', (_label, fields, reason) => {
    expect(acceptedInfo(info({}, { fields })).record.fields).toEqual({ ok: false, raw: fields, reason });
  });

  it('D7: fields sent as an object (not a string) is accepted', () => {
    expect(acceptedInfo(info({}, { fields: { a: 'b', c: ['d'] } })).record.fields).toEqual({ ok: true, values: { a: 'b', c: ['d'] } });
    expect(acceptedInfo(info({}, { fields: 42 })).record.fields).toEqual({ ok: false, raw: '42', reason: 'fields is a number, not a JSON string' });
  });

  it('D7: fields of exactly 32 KiB is accepted', () => {
    const fields = JSON.stringify({ a: 'x'.repeat(32 * 1024 - 8) });
    expect(fields.length).toBe(32 * 1024);
    expect(acceptedInfo(info({}, { fields })).record.fields.ok).toBe(true);
  });

  it('D9: a field named __proto__ stays an ordinary field', () => {
    const f = acceptedInfo(info({}, { fields: '{"__proto__": "x", "constructor": ["y"]}' }));
    expect(f.record.fields.ok).toBe(true);
    if (!f.record.fields.ok) return;
    expect(Object.getPrototypeOf(f.record.fields.values)).toBe(Object.prototype);
    expect(Object.keys(f.record.fields.values)).toEqual(['__proto__', 'constructor']);
  });
});

describe('reject reasons', () => {
  const notice = (status: string, time = '"00:00:01"') => `{"method":"notice","status":${status},"time":${time}}`;
  const table: [string, Parameters<typeof decodeFrame>[0], RejectReason][] = [
    ['D2: bad JSON', '{"method":"notice",', 'bad_json'],
    ['D2: empty frame', '', 'bad_json'],
    ['D2: JSON array', '[{"method":"notice","status":1,"time":"00:00:01"}]', 'not_object'],
    ['D2: JSON null', 'null', 'not_object'],
    ['D2: JSON string', '"notice"', 'not_object'],
    ['D2: JSON number', '42', 'not_object'],
    ['D2: deep nesting', `{"method":"notice","x":${'['.repeat(20)}${']'.repeat(20)}}`, 'too_deep'],
    ['D2: deep nesting even in bad JSON', '['.repeat(10000), 'too_deep'],
    ['D3: missing method', '{"status":1,"time":"00:00:01"}', 'unknown_method'],
    ['D3: unknown method', '{"method":"hello"}', 'unknown_method'],
    ['D3: method of wrong case', '{"method":"Notice","status":1,"time":"00:00:01"}', 'unknown_method'],
    ['D3: method not a string', '{"method":1}', 'unknown_method'],
    ['D9: method only inherited through __proto__', '{"__proto__":{"method":"notice"},"status":1,"time":"00:00:01"}', 'unknown_method'],
    ['D4: status 4', notice('4'), 'bad_status'],
    ['D4: status -1', notice('-1'), 'bad_status'],
    ['D4: status 1.5', notice('1.5'), 'bad_status'],
    ['D4: status as string', notice('"1"'), 'bad_status'],
    ['D4: status missing', '{"method":"notice","time":"00:00:01"}', 'bad_status'],
    ['D4: status null', notice('null'), 'bad_status'],
    ['D4: time with minutes 60', notice('1', '"00:60:00"'), 'bad_time'],
    ['D4: time with seconds 60', notice('1', '"00:00:60"'), 'bad_time'],
    ['D4: time without hours', notice('1', '"04:17"'), 'bad_time'],
    ['D4: time with 6 hour digits', notice('1', '"100000:00:00"'), 'bad_time'],
    ['D4: time as number', notice('1', '257'), 'bad_time'],
    ['D4: time missing', '{"method":"notice","status":1}', 'bad_time'],
    ['D4: time very long', notice('1', JSON.stringify('1'.repeat(5000))), 'bad_time'],
    ['D5: msg missing', '{"method":"message"}', 'bad_field'],
    ['D5: msg a number', '{"method":"message","msg":5}', 'bad_field'],
    ['D5: msg over 4000 chars', JSON.stringify({ method: 'message', msg: 'x'.repeat(4001) }), 'too_long'],
    ['D6: sessionId missing', info({ sessionId: undefined }), 'bad_field'],
    ['D6: sessionId empty', info({ sessionId: '' }), 'bad_field'],
    ['D6: sessionId a number', info({ sessionId: 12 }), 'bad_field'],
    ['D6: city a number', info({ city: 10 }), 'bad_field'],
    ['D6: sessionId over 1000 chars', info({ sessionId: 's'.repeat(1001) }), 'too_long'],
    ['D6: city over 1000 chars', info({ city: 'c'.repeat(1001) }), 'too_long'],
    ['D6: info missing', JSON.stringify({ ...DOC_INFO, info: undefined }), 'bad_info'],
    ['D6: info null', JSON.stringify({ ...DOC_INFO, info: null }), 'bad_info'],
    ['D6: info an array', JSON.stringify({ ...DOC_INFO, info: [DOC_INFO.info] }), 'bad_info'],
    ['D6: info a string that is not JSON', JSON.stringify({ ...DOC_INFO, info: '{uuid:' }), 'bad_info'],
    ['D6: info a JSON string of an array', JSON.stringify({ ...DOC_INFO, info: '[1]' }), 'bad_info'],
    ['D6: info a string nested too deeply', JSON.stringify({ ...DOC_INFO, info: `${'['.repeat(30)}${']'.repeat(30)}` }), 'too_deep'],
    ['D6: uuid missing', info({}, { uuid: undefined }), 'bad_info'],
    ['D6: telephone missing', info({}, { telephone: undefined }), 'bad_info'],
    ['D6: telephone a number', info({}, { telephone: 13800001111 }), 'bad_info'],
    ['D6: project_id not numeric', info({}, { project_id: 'p1' }), 'bad_info'],
    ['D6: admin_id fractional', info({}, { admin_id: 1.5 }), 'bad_info'],
    ['D6: task_id unsafe integer', info({}, { task_id: 2 ** 60 }), 'bad_info'],
    ['D6: status a 16-digit string', info({}, { status: '1234567890123456' }), 'bad_info'],
    ['D6: name an object', info({}, { name: { first: 'a' } }), 'bad_info'],
    ['D6: name over 1000 chars', info({}, { name: 'n'.repeat(1001) }), 'too_long'],
    ['D6: project_id a string over 1000 chars', info({}, { project_id: '1'.repeat(1001) }), 'too_long'],
    ['D7: fields over 32 KiB', info({}, { fields: JSON.stringify({ a: 'x'.repeat(32 * 1024) }) }), 'too_long'],
    ['D7: fields over 32 KiB in UTF-8 bytes', info({}, { fields: JSON.stringify({ a: '字'.repeat(11000) }) }), 'too_long'],
    ['D1: over 64 KiB', JSON.stringify({ method: 'message', msg: 'x'.repeat(64 * 1024) }), 'too_large'],
    ['D1: over 64 KiB in UTF-8 bytes', JSON.stringify({ method: 'message', msg: '字'.repeat(22000) }), 'too_large'],
    ['D1: Buffer over 64 KiB', Buffer.alloc(64 * 1024 + 1, 0x20), 'too_large'],
    ['D1: fragments over 64 KiB', [Buffer.alloc(40 * 1024, 0x20), Buffer.alloc(40 * 1024, 0x20)], 'too_large'],
  ];

  it.each(table)('%s', (_label, data, reason) => {
    expect(rejected(data).reason).toBe(reason);
  });

  it('D1: a binary frame is refused even if it holds a valid notice', () => {
    expect(rejected(Buffer.from('{"method":"notice","status":1,"time":"00:00:01"}'), true).reason).toBe('not_text');
  });

  it('D8: detail quotes at most ~200 characters and masks long digit runs', () => {
    const text = `{"method":"notice","status":1, "note": "13812345678" ${'x'.repeat(5000)}`;
    const r = rejected(text);
    expect(r.reason).toBe('bad_json');
    expect(r.detail.length).toBeLessThan(300);
    expect(r.detail).not.toContain('13812345678');
    expect(r.detail).toContain('138****5678');
  });

  it('D8: a bad record field is named without quoting its value', () => {
    const r = rejected(info({}, { telephone: 13812345678 }));
    expect(r.detail).toContain('telephone');
    expect(r.detail).not.toContain('13812345678');
  });

  it('D8: detail escapes control characters (no forged log lines)', () => {
    const r = rejected('not json\n{"level":"fatal"}');
    expect(r.detail).not.toContain('\n');
  });

  it('D10: the fast path and the full path agree on valid notices', () => {
    for (const status of [0, 1, 2, 3]) {
      for (const time of ['0:00:00', '00:04:17', '99999:59:59']) {
        const text = `{"method":"notice","status":${status},"time":"${time}"}`;
        expect(decodeFrame(text, false)).toEqual(decodeText(text));
      }
    }
  });
});
