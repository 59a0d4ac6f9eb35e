/**
 * Where the per-team colour tiers live. The memory store is HISTORY=off's (and the reference
 * of the contract); server/store/pg-threshold-store.ts keeps them in the settings table.
 * Values reaching a store are validated already (the routes parse with zod first).
 */
import { EMPTY_THRESHOLDS, type TeamThresholds, type ThresholdSettings } from '@/lib/settings/thresholds';

export interface ThresholdStore {
  /** The table as last written; no team overridden on a first start. */
  load(): Promise<ThresholdSettings>;
  /** Replace the whole table. */
  replace(teams: Readonly<Record<string, TeamThresholds>>, by: { id: string; name: string }, at: number): Promise<ThresholdSettings>;
  /** As RuleStore.reread: read the shared database again (CL6); without it `load()` is read again. */
  reread?(): Promise<ThresholdSettings>;
  /** Stores that write behind: resolves once the changes made so far are in the database. */
  written?(): Promise<boolean>;
}

export function thresholdSettingsOf(teams: Readonly<Record<string, TeamThresholds>>, by: { id: string; name: string }, at: number): ThresholdSettings {
  return Object.freeze({ teams: Object.freeze(structuredClone({ ...teams })), updatedAt: at, updatedBy: { id: by.id, name: by.name } });
}

export class MemoryThresholdStore implements ThresholdStore {
  constructor(private current: ThresholdSettings = EMPTY_THRESHOLDS) {}

  async load(): Promise<ThresholdSettings> {
    return this.current;
  }

  async replace(teams: Readonly<Record<string, TeamThresholds>>, by: { id: string; name: string }, at: number): Promise<ThresholdSettings> {
    this.current = thresholdSettingsOf(teams, by, at);
    return this.current;
  }
}
