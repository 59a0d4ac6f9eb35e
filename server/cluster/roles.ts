/**
 * What each FLOORBOARD_ROLE changes in the one boot sequence (server/index.ts), in one place.
 * `all` changes nothing: one process, no Redis, exactly as before the cluster existed.
 */
import type { Config } from '@/server/config';
import type { RosterEntry } from '@/server/state/types';

export interface RolePlan {
  /** Roster the floor service starts with: a gateway starts empty and links only the slots it acquires. */
  floorRoster(roster: readonly RosterEntry[]): readonly RosterEntry[];
  /** Web nodes open no monitor links: their floor comes from the change stream. */
  upstream: 'links' | 'external';
  /** Gateways serve no pages (health and metrics only). */
  serveWeb: boolean;
  /** Only processes that hold links record history (web nodes would record every change twice). */
  recordHistory: boolean;
  clustered: boolean;
}

export function rolePlan(config: Pick<Config, 'FLOORBOARD_ROLE'>): RolePlan {
  const role = config.FLOORBOARD_ROLE;
  return {
    floorRoster: (roster) => (role === 'gateway' ? [] : roster),
    upstream: role === 'web' ? 'external' : 'links',
    serveWeb: role !== 'gateway',
    recordHistory: role !== 'web',
    clustered: role !== 'all',
  };
}
