/**
 * Team scope on the server (never trusted to the page): a manager sees every team, a team lead
 * only theirs. Asking for a team outside one's scope is a 403 TEAM_FORBIDDEN, not an empty
 * answer, so a lead's mistyped link says why it shows nothing.
 */
import { HttpError } from '@/server/http/json';

export interface ResolvedScope {
  /** The team asked for, or null for every team the caller may see. */
  team: string | null;
  /** The caller's teams: null for all. */
  teams: readonly string[] | null;
}

export function resolveScope(allowed: '*' | readonly string[], team: string | null): ResolvedScope {
  const teams = allowed === '*' ? null : allowed;
  if (team !== null && teams !== null && !teams.includes(team)) {
    throw new HttpError(403, 'TEAM_FORBIDDEN', `team ${team} is outside your teams`);
  }
  return { team, teams };
}
