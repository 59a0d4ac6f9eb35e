/**
 * A settings row holding one validated document (the alert rule set, the per-team thresholds).
 * The value is parsed with the caller's zod schema on read: the table outlives any one build's
 * idea of the shape, and a row that no longer parses is an error the caller decides about.
 */
import type { z } from 'zod';
import type { Queryable } from './db';
import { getSetting, putSetting } from './repos/settings';

export async function loadDocument<S extends z.ZodType>(q: Queryable, key: string, schema: S): Promise<z.output<S> | null> {
  const row = await getSetting(q, key);
  if (row === null) return null;
  const parsed = schema.safeParse(row.value);
  if (!parsed.success) throw new Error(`setting ${key} does not parse: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export async function saveDocument(q: Queryable, key: string, value: unknown, updatedBy: string | null): Promise<void> {
  await putSetting(q, key, value, updatedBy);
}
