/**
 * Who may do what to whom: role x action, then team scope. The pipeline takes a `Can`
 * function, so issue 6 (real users) can replace this table without touching the pipeline.
 *
 * Default rules (docs/control-api.md, "Permissions"):
 * - viewer: nothing on the control path (boards are read-only).
 * - team_lead: every agent action, announcements and the audit trail, within their teams only.
 * - manager: the same across the whole floor, plus the CSV export of the audit trail.
 * - admin: everything.
 */
import { AGENT_ACTIONS, type AgentAction } from '@/lib/control/actions';
import type { Actor, Role } from '@/lib/control/actor';
import { assertNever } from '@/lib/domain/status';

export type PermissionAction = AgentAction | 'announce' | 'announce_resend' | 'announce_read' | 'audit_read' | 'audit_export';

export type PermissionTarget =
  /** One agent (the team comes from the roster, never from the payload). */
  | { kind: 'agent'; extno: string; team: string }
  /** Several teams at once (an announcement to teams or to chosen extensions). */
  | { kind: 'teams'; teams: readonly string[] }
  /** The whole floor. */
  | { kind: 'floor' }
  /** No particular target: a role-level question (reading a list the handler then scopes). */
  | { kind: 'none' };

export type Can = (actor: Actor, action: PermissionAction, target: PermissionTarget) => boolean;

const LEAD: readonly PermissionAction[] = [...AGENT_ACTIONS, 'announce', 'announce_resend', 'announce_read', 'audit_read'];

export const DEFAULT_PERMISSIONS: Readonly<Record<Role, ReadonlySet<PermissionAction>>> = {
  viewer: new Set(),
  team_lead: new Set(LEAD),
  manager: new Set([...LEAD, 'audit_export']),
  admin: new Set([...LEAD, 'audit_export']),
};

/** The teams an actor is held to: '*' for the whole floor. Only team leads are scoped by default. */
export function teamScope(actor: Actor): '*' | readonly string[] {
  return actor.role === 'team_lead' ? actor.teams : '*';
}

function inScope(scope: '*' | readonly string[], target: PermissionTarget): boolean {
  if (scope === '*') return true;
  switch (target.kind) {
    case 'agent':
      return scope.includes(target.team);
    case 'teams':
      return target.teams.length > 0 && target.teams.every((t) => scope.includes(t));
    case 'floor':
      return false;
    case 'none':
      return true;
    default:
      return assertNever(target, 'permission target');
  }
}

/** Build a `Can` from a permission table (tests and deployments may pass their own). */
export function createCan(table: Readonly<Record<Role, ReadonlySet<PermissionAction>>> = DEFAULT_PERMISSIONS): Can {
  return (actor, action, target) => {
    const allowed = table[actor.role];
    if (!allowed?.has(action)) return false;
    return inScope(teamScope(actor), target);
  };
}

export const defaultCan: Can = createCan();
