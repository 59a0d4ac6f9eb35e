/**
 * English strings. This dictionary defines the keys: zh-CN must translate every one
 * (lib/i18n/dictionaries.ts types it so; test/client/i18n.test.ts checks none is empty).
 * `{name}` marks a value filled in by `t(key, { name })`.
 *
 * Kept in two parts by area, each beside its zh-CN twin (en-floor.ts / zh-cn-floor.ts,
 * en-records.ts / zh-cn-records.ts); a key lives in exactly one part (the i18n test checks).
 */
import { enFloor } from './en-floor';
import { enRecords } from './en-records';

export const en = { ...enFloor, ...enRecords } as const;

export type MessageKey = keyof typeof en;
