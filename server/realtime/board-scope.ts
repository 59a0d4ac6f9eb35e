/**
 * Which teams a board sees: the teams it asked for in its handshake, intersected with what the
 * user may see (R2). The result picks the broadcaster channel, so scoping costs nothing per delta.
 */
import type { TeamScope } from '@/server/state/broadcaster-channel';
import type { BoardGrant } from './options';

/**
 * null when nothing is left (the board asked only for teams it may not see, or the grant is
 * empty): the connection is refused with FORBIDDEN rather than shown an empty board.
 */
export function resolveScope(requested: readonly string[], grant: BoardGrant): TeamScope | null {
  if (grant.teams === '*') return requested.length === 0 ? '*' : [...requested];
  const allowed = new Set(grant.teams);
  const teams = requested.length === 0 ? [...allowed] : requested.filter((t) => allowed.has(t));
  return teams.length === 0 ? null : teams;
}

export function scopeCovers(scope: TeamScope, team: string | undefined): boolean {
  if (scope === '*') return true;
  return team !== undefined && scope.includes(team);
}
