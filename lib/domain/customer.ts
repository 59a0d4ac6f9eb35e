/** The customer record of a screen pop, as Floorboard keeps it (decoded from an `info` frame). */

/** CRM field values: the call system sends `fields` as a JSON-encoded object of strings or string arrays. */
export type CrmFields =
  | { ok: true; values: Record<string, string | string[]> }
  /** `fields` could not be parsed: kept raw so the form can show it with a note. */
  | { ok: false; raw: string; reason: string };

export interface CustomerRecord {
  /** Customer record id (`info.uuid`), used by addBlack. */
  uuid: string;
  name: string;
  /** The customer's number in clear. Server-side only: masked before it reaches a browser. */
  telephone: string;
  adminId: number;
  projectId: number;
  taskId: number;
  /** The record's call status in the call system. */
  recordStatus: number;
  /** Tag group (标签组). */
  group: string;
  /** The record owner's extension (may differ from the agent taking the call). */
  ownerExtno: string;
  /** Local time of the call system, `YYYY-MM-DD HH:mm:ss`. */
  editStamp: string;
  importStamp: string;
  fields: CrmFields;
}

/** Mask a phone number for display: keep the first 3 and last 4 digits (138****5678). */
export function maskPhone(phone: string): string {
  const s = phone.trim();
  if (s.length <= 4) return '*'.repeat(s.length);
  if (s.length <= 7) return `${'*'.repeat(s.length - 4)}${s.slice(-4)}`;
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
}
