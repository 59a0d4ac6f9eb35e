/**
 * The auth layer's shapes as the browser and the server both see them: who is asking
 * (`Principal`), and the JSON the auth and admin routes answer with. No secrets here: a token
 * appears in clear only in the one answer that creates it.
 */
import type { Actor, Role } from '@/lib/control/actor';

/**
 * A display link's chosen view: board URL parameters (density, sort, group, lang, theme, page,
 * kiosk...) stored with the link and applied when the link is opened.
 */
export type DisplayView = Readonly<Record<string, string>>;

/** Who is asking, resolved on the server from a cookie, a display token or a bearer token. */
export type Principal =
  | { kind: 'user'; actor: Actor; userId: string; sessionId: string }
  | { kind: 'display'; linkId: string; name: string; teams: '*' | readonly string[]; view: DisplayView }
  | { kind: 'token'; tokenId: string; actor: Actor; access: TokenAccess };

export type PrincipalKind = Principal['kind'];

/** `read`: reads only (exports, metrics scraping); `act`: may also use the control API. */
export const TOKEN_ACCESS = ['read', 'act'] as const;
export type TokenAccess = (typeof TOKEN_ACCESS)[number];

/** A user as the admin page and `/api/auth/me` see it (never the password hash). */
export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  teams: string[];
  createdAt: number;
  lastLoginAt: number | null;
  disabled: boolean;
  /**
   * The user's own phone or extension (three-way calls). Sent only to the user themself
   * (`/api/auth/me`) and to admins managing users.
   */
  phone: string | null;
}

export interface SessionInfo {
  id: string;
  createdAt: number;
  lastUsedAt: number;
  /** When the session ends at the latest (absolute limit) and when it ends if left idle. */
  expiresAt: number;
  idleExpiresAt: number;
  ip: string | null;
  userAgent: string | null;
  /** The session this request came with. */
  current: boolean;
}

export interface DisplayLinkInfo {
  id: string;
  name: string;
  /** '*' for the whole floor. */
  teams: '*' | string[];
  view: DisplayView;
  createdAt: number;
  createdBy: string | null;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface ApiTokenInfo {
  id: string;
  name: string;
  role: Role;
  teams: string[];
  access: TokenAccess;
  createdAt: number;
  createdBy: string | null;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

/** GET /api/auth/me */
export interface MeResponse {
  kind: PrincipalKind;
  user: PublicUser | null;
  display: { id: string; name: string } | null;
  teams: '*' | string[];
  permissions: string[];
}

/**
 * Audit actions of the auth layer. They extend the control path's `AuditAction` (the lead adds
 * them to AUDIT_ACTIONS in lib/control/audit.ts); the record shape is the same `AuditRecord`.
 */
export const AUTH_AUDIT_ACTIONS = [
  'login',
  'logout',
  'password_change',
  'session_revoke',
  'user_create',
  'user_update',
  'role_change',
  'user_disable',
  'user_enable',
  'user_delete',
  'display_link_create',
  'display_link_revoke',
  'token_create',
  'token_revoke',
] as const;
export type AuthAuditAction = (typeof AUTH_AUDIT_ACTIONS)[number];
