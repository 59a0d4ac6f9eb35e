/**
 * `info.fields`: the CRM form values, sent as a JSON-encoded string of an object whose values
 * are strings or arrays of strings. A bad `fields` never rejects the screen pop: the call is
 * real and the agent needs it, so the form is shown raw with a note (behaviour rule D6).
 */
import type { CrmFields } from '@/lib/domain/customer';
import { jsonTooDeep } from './decode-guards';

const EMPTY: CrmFields = Object.freeze({ ok: true, values: Object.freeze({}) }) as CrmFields;

function isFieldValue(v: unknown): v is string | string[] {
  if (typeof v === 'string') return true;
  if (!Array.isArray(v)) return false;
  for (const item of v) if (typeof item !== 'string') return false;
  return true;
}

/**
 * Check the values of a parsed object in place. The object comes fresh from JSON.parse, so it
 * is returned as is, never copied key by key: copying with `out[key] = v` would turn a field
 * named `__proto__` into a prototype swap, while JSON.parse keeps it an ordinary own property.
 */
function checkValues(obj: object, raw: string): CrmFields {
  if (Array.isArray(obj)) return { ok: false, raw, reason: 'fields is not an object' };
  for (const key of Object.keys(obj)) {
    if (!isFieldValue((obj as Record<string, unknown>)[key])) {
      return { ok: false, raw, reason: `value of ${JSON.stringify(key.slice(0, 50))} is not a string or an array of strings` };
    }
  }
  return { ok: true, values: obj as Record<string, string | string[]> };
}

/** Decode `info.fields` as sent (string, missing, or an object from a lenient sender). */
export function decodeFields(value: unknown): CrmFields {
  if (value === undefined || value === null || value === '') return EMPTY;
  if (typeof value === 'string') {
    if (jsonTooDeep(value, 4)) return { ok: false, raw: value, reason: 'fields is nested too deeply' };
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return { ok: false, raw: value, reason: 'fields is not valid JSON' };
    }
    if (typeof parsed !== 'object' || parsed === null) return { ok: false, raw: value, reason: 'fields is not an object' };
    return checkValues(parsed, value);
  }
  // The doc says string, but a sender that inlines the object (as some do for `info`) is
  // understandable; the object is part of the frame's fresh JSON.parse result.
  const raw = JSON.stringify(value) ?? String(value);
  if (typeof value === 'object') return checkValues(value, raw);
  return { ok: false, raw, reason: `fields is a ${typeof value}, not a JSON string` };
}
