/** The per-team colour tiers (`ThresholdStore`) on the settings table, one key for the whole table. */
import { EMPTY_THRESHOLDS, thresholdSettingsSchema, type TeamThresholds, type ThresholdSettings } from '@/lib/settings/thresholds';
import { thresholdSettingsOf, type ThresholdStore } from '@/server/settings/threshold-store';
import type { Queryable } from './db';
import { SETTING_KEYS } from './repos/settings';
import { loadDocument, saveDocument } from './settings-document';

export async function loadThresholds(q: Queryable): Promise<ThresholdSettings | null> {
  return loadDocument(q, SETTING_KEYS.thresholdsByTeam, thresholdSettingsSchema);
}

export async function saveThresholds(q: Queryable, settings: ThresholdSettings): Promise<void> {
  await saveDocument(q, SETTING_KEYS.thresholdsByTeam, settings, settings.updatedBy?.id ?? null);
}

export class PgThresholdStore implements ThresholdStore {
  constructor(private readonly db: Queryable) {}

  async load(): Promise<ThresholdSettings> {
    return (await loadThresholds(this.db)) ?? EMPTY_THRESHOLDS;
  }

  async replace(teams: Readonly<Record<string, TeamThresholds>>, by: { id: string; name: string }, at: number): Promise<ThresholdSettings> {
    const next = thresholdSettingsOf(teams, by, at);
    await saveThresholds(this.db, next);
    return next;
  }
}
