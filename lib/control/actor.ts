/**
 * Who acts on the floor. The actor always comes from the server-side session (never from a
 * payload). Shared by server and browser: no node:* imports here.
 */

export const ROLES = ['viewer', 'team_lead', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  id: string;
  name: string;
  role: Role;
  /** Teams the actor may act on: '*' for the whole floor. Only team leads are held to it by default. */
  teams: '*' | readonly string[];
  /** The actor's own phone or extension (e.g. a team lead joining a call with `meeting`). */
  phone?: string;
}

/** The actor as the audit trail records it. `system` acts on behalf of a person (a pending sign-out). */
export interface AuditActor {
  id: string;
  name: string;
  role: Role | 'system';
}

export function auditActorOf(actor: Actor): AuditActor {
  return { id: actor.id, name: actor.name, role: actor.role };
}
