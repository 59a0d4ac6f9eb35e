/**
 * A-1..A-5: the role x action table, every cell, and how tokens and display links narrow it.
 */
import { describe, expect, it } from 'vitest';
import { ROLES, type Actor, type Role } from '@/lib/control/actor';
import {
  AUTH_ACTIONS,
  CONTROL_ACTIONS,
  DEFAULT_AUTH_PERMISSIONS,
  buildPermissionTable,
  controlTable,
  displayMay,
  roleCan,
  teamsForRole,
  tokenMay,
  type AuthAction,
  type ControlAction,
} from '@/lib/auth/permissions';
import { DEFAULT_PERMISSIONS, createCan, type PermissionAction } from '@/server/control/permissions';
import { makeAuth } from './helpers';

// The table as docs/security.md prints it: V viewer, L team_lead, M manager, A admin.
const EXPECTED: Record<AuthAction, string> = {
  view_board: 'VLMA',
  view_pop: '.LMA',
  view_phone_full: '....',
  audit_read: '.LMA',
  audit_export: '..MA',
  view_metrics: '..MA',
  view_history: '.LMA',
  logon: '.LMA',
  logout: '.LMA',
  next_call: '.LMA',
  hold: '.LMA',
  meeting: '.LMA',
  add_black: '.LMA',
  get_msg: '.LMA',
  send_sms: '.LMA',
  cancel_signout: '.LMA',
  announce: '.LMA',
  announce_resend: '.LMA',
  announce_read: '.LMA',
  manage_users: '...A',
  manage_display_links: '...A',
  manage_tokens: '...A',
};
const LETTER: Record<Role, string> = { viewer: 'V', team_lead: 'L', manager: 'M', admin: 'A' };

// Compile-time: the control pipeline's action names and ours are the same set.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameActions: Same<ControlAction, PermissionAction> = true;

describe('permissions', () => {
  it('A-1: the table lists every action once', () => {
    expect([...AUTH_ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const cells = ROLES.flatMap((role) => AUTH_ACTIONS.map((action) => ({ role, action, allowed: EXPECTED[action].includes(LETTER[role]) })));
  it.each(cells)('A-1: $role $action -> $allowed', ({ role, action, allowed }) => {
    expect(roleCan(role, action)).toBe(allowed);
  });

  it('A-2: the control part agrees with server/control DEFAULT_PERMISSIONS, cell by cell', () => {
    expect(sameActions).toBe(true);
    const ours = controlTable();
    for (const role of ROLES) {
      for (const action of CONTROL_ACTIONS) expect(ours[role].has(action), `${role} ${action}`).toBe(DEFAULT_PERMISSIONS[role].has(action));
    }
    // createCan accepts our table as it is (the merge the report proposes).
    const can = createCan(controlTable());
    const lead: Actor = { id: 'l', name: 'L', role: 'team_lead', teams: ['A'] };
    expect(can(lead, 'hold', { kind: 'agent', extno: '1', team: 'A' })).toBe(true);
    expect(can(lead, 'hold', { kind: 'agent', extno: '2', team: 'B' })).toBe(false);
  });

  it('A-3: view_phone_full is a setting: no role by default, the roles named otherwise', () => {
    for (const role of ROLES) expect(DEFAULT_AUTH_PERMISSIONS[role].has('view_phone_full')).toBe(false);
    const t = buildPermissionTable({ phoneFullRoles: ['manager', 'admin'] });
    expect(ROLES.filter((r) => t[r].has('view_phone_full'))).toEqual(['manager', 'admin']);
    const { auth } = makeAuth({ env: { PHONE_FULL_ROLES: 'team_lead' } });
    expect(auth.permissions.team_lead.has('view_phone_full')).toBe(true);
    expect(auth.permissions.manager.has('view_phone_full')).toBe(false);
  });

  const tokenCells = (['read', 'act'] as const).flatMap((access) =>
    AUTH_ACTIONS.map((action) => ({
      access,
      action,
      allowed: !action.startsWith('manage_') && (access === 'act' || ['view_board', 'view_pop', 'view_phone_full', 'audit_read', 'audit_export', 'view_metrics', 'view_history'].includes(action)),
    })),
  );
  it.each(tokenCells)('A-4: a $access token and $action -> $allowed', ({ access, action, allowed }) => {
    expect(tokenMay(access, action)).toBe(allowed);
  });

  it.each(AUTH_ACTIONS.map((action) => ({ action, allowed: action === 'view_board' })))('A-5: a display link and $action -> $allowed', ({ action, allowed }) => {
    expect(displayMay(action)).toBe(allowed);
  });

  it('A-6: team scope by role: leads their teams (none: nothing), viewers theirs or all, managers and admins all', () => {
    expect(teamsForRole('team_lead', ['A', 'B'])).toEqual(['A', 'B']);
    expect(teamsForRole('team_lead', [])).toEqual([]);
    expect(teamsForRole('viewer', ['C'])).toEqual(['C']);
    expect(teamsForRole('viewer', [])).toBe('*');
    expect(teamsForRole('manager', ['A'])).toBe('*');
    expect(teamsForRole('admin', [])).toBe('*');
  });
});
