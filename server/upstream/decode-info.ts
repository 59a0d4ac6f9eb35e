/** The `info` frame (screen pop): outer envelope, customer record (object or JSON string), fields. */
import type { CustomerRecord } from '@/lib/domain/customer';
import { decodeFields } from './decode-fields';
import { MAX_FIELDS_BYTES, jsonTooDeep, sample, utf8BytesOver } from './decode-guards';
import { InfoOuterSchema, InfoRecordSchema, describeIssue, reasonForIssue } from './decode-schemas';
import type { DecodeResult } from './frames';

const OUTER_REASONS = { info: 'bad_info' } as const;

export function decodeInfo(obj: object): DecodeResult {
  const outer = InfoOuterSchema.safeParse(obj);
  if (!outer.success) {
    const issue = outer.error.issues[0]!;
    return { ok: false, reason: reasonForIssue(issue, OUTER_REASONS), detail: describeIssue(issue, 'info frame ') };
  }

  // The doc's table calls `info` a string but its example shows an object: accept both.
  let info: unknown = outer.data.info;
  if (typeof info === 'string') {
    if (jsonTooDeep(info)) return { ok: false, reason: 'too_deep', detail: 'info string nests too deeply' };
    try {
      info = JSON.parse(info);
    } catch {
      return { ok: false, reason: 'bad_info', detail: `info is a string but not JSON: ${sample(info)}` };
    }
  }
  if (typeof info !== 'object' || info === null || Array.isArray(info)) {
    return { ok: false, reason: 'bad_info', detail: `info is ${info === null ? 'null' : Array.isArray(info) ? 'an array' : `a ${typeof info}`}, not an object` };
  }

  const rec = InfoRecordSchema.safeParse(info);
  if (!rec.success) {
    const issue = rec.error.issues[0]!;
    // Every field of the record is "info": only a length overrun gets its own reason.
    const reason = reasonForIssue(issue, {}) === 'too_long' ? 'too_long' : 'bad_info';
    return { ok: false, reason, detail: describeIssue(issue, 'info.') };
  }
  const r = rec.data;
  if (typeof r.fields === 'string' && utf8BytesOver(r.fields, MAX_FIELDS_BYTES)) {
    return { ok: false, reason: 'too_long', detail: `info.fields of ${r.fields.length} chars exceeds ${MAX_FIELDS_BYTES} bytes` };
  }

  const record: CustomerRecord = {
    uuid: r.uuid,
    name: r.name,
    telephone: r.telephone,
    adminId: r.admin_id,
    projectId: r.project_id,
    taskId: r.task_id,
    recordStatus: r.status,
    group: r.group,
    ownerExtno: r.extno,
    editStamp: r.edit_stamp,
    importStamp: r.import_stamp,
    fields: decodeFields(r.fields),
  };
  return {
    ok: true,
    frame: { method: 'info', sessionId: outer.data.sessionId, city: outer.data.city, extno: outer.data.extno, record },
  };
}
