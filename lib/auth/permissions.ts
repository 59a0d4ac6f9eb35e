/**
 * Who may see and do what: one role x action table for the read side (boards, screen pops,
 * audit, metrics), the admin side and the control path. Shared by server and browser (no node:*):
 * the browser uses it only to hide buttons; the server decides.
 *
 * The control actions keep the names the control pipeline already uses (`audit_read`,
 * `audit_export` are the issue's `view_audit` / `export_audit`), so this table and
 * server/control/permissions.ts are one table: test/auth/permissions.test.ts checks they
 * agree, and `controlTable()` hands the control pipeline its part.
 */
import { AGENT_ACTIONS } from '@/lib/control/actions';
import { ROLES, type Role } from '@/lib/control/actor';
import { assertNever } from '@/lib/domain/status';

/** The control path's actions, as server/control/permissions.ts names them. */
export const CONTROL_ACTIONS = [...AGENT_ACTIONS, 'announce', 'announce_resend', 'announce_read', 'audit_read', 'audit_export'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/**
 * What a principal may read. `view_phone_full`: customers' numbers in clear (a deployment
 * setting, no role by default); everyone else gets the masked number from the server.
 * `view_history`: the history and KPI pages (issue #7: a team lead's and a manager's tool),
 * scoped to the principal's teams like the board.
 */
export const READ_ACTIONS = ['view_board', 'view_pop', 'view_phone_full', 'audit_read', 'audit_export', 'view_metrics', 'view_history'] as const;
export type ReadAction = (typeof READ_ACTIONS)[number];

/** Administration: people with a password only (API tokens never get these, A-4). */
export const ADMIN_ACTIONS = ['manage_users', 'manage_display_links', 'manage_tokens'] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

export type AuthAction = ControlAction | ReadAction | AdminAction;
export const AUTH_ACTIONS: readonly AuthAction[] = [...new Set<AuthAction>([...READ_ACTIONS, ...CONTROL_ACTIONS, ...ADMIN_ACTIONS])];

export type PermissionTable = Readonly<Record<Role, ReadonlySet<AuthAction>>>;

export interface PermissionSettings {
  /** Roles that see customers' phone numbers in full (PHONE_FULL_ROLES). Default: none. */
  phoneFullRoles?: readonly Role[];
}

const READ_ONLY = new Set<AuthAction>(READ_ACTIONS);
const ADMIN = new Set<AuthAction>(ADMIN_ACTIONS);

/** Agent actions, announcements and the audit trail, within the lead's teams (control-api.md). */
const LEAD_CONTROL: readonly ControlAction[] = [...AGENT_ACTIONS, 'announce', 'announce_resend', 'announce_read', 'audit_read'];

export function buildPermissionTable(settings: PermissionSettings = {}): PermissionTable {
  const base: Record<Role, AuthAction[]> = {
    viewer: ['view_board'],
    team_lead: ['view_board', 'view_pop', 'view_history', ...LEAD_CONTROL],
    manager: ['view_board', 'view_pop', 'view_history', ...LEAD_CONTROL, 'audit_export', 'view_metrics'],
    admin: ['view_board', 'view_pop', 'view_history', ...LEAD_CONTROL, 'audit_export', 'view_metrics', ...ADMIN_ACTIONS],
  };
  const phoneFull = new Set(settings.phoneFullRoles ?? []);
  const table = {} as Record<Role, ReadonlySet<AuthAction>>;
  for (const role of ROLES) {
    table[role] = new Set<AuthAction>([...base[role], ...(phoneFull.has(role) ? (['view_phone_full'] as const) : [])]);
  }
  return Object.freeze(table);
}

export const DEFAULT_AUTH_PERMISSIONS: PermissionTable = buildPermissionTable();

export function roleCan(role: Role, action: AuthAction, table: PermissionTable = DEFAULT_AUTH_PERMISSIONS): boolean {
  return table[role]?.has(action) ?? false;
}

/** Whether an API token may use this action: read-only tokens read; no token administers. */
export function tokenMay(access: 'read' | 'act', action: AuthAction): boolean {
  if (ADMIN.has(action)) return false;
  return access === 'act' || READ_ONLY.has(action);
}

/** A display link shows a board and nothing else (no screen pops, no numbers, no actions: A-5). */
export function displayMay(action: AuthAction): boolean {
  return action === 'view_board';
}

/**
 * The control pipeline's part of the table, for `createCan()` in server/control/permissions.ts:
 * the same sets restricted to control actions.
 */
export function controlTable(table: PermissionTable = DEFAULT_AUTH_PERMISSIONS): Readonly<Record<Role, ReadonlySet<ControlAction>>> {
  const control = new Set<AuthAction>(CONTROL_ACTIONS);
  const out = {} as Record<Role, ReadonlySet<ControlAction>>;
  for (const role of ROLES) out[role] = new Set([...table[role]].filter((a): a is ControlAction => control.has(a)));
  return Object.freeze(out);
}

/** The teams a user's role and assigned teams allow them to see: '*' for the whole floor. */
export function teamsForRole(role: Role, teams: readonly string[]): '*' | readonly string[] {
  switch (role) {
    case 'team_lead':
      // A lead with no team sees nothing rather than everything.
      return [...teams];
    case 'viewer':
      // Users table rule: empty with a floor-wide role means all.
      return teams.length > 0 ? [...teams] : '*';
    case 'manager':
    case 'admin':
      return '*';
    default:
      return assertNever(role, 'role');
  }
}
