/**
 * Revocation events: the moment a credential stops being valid, listeners hear it, so the
 * realtime layer can close the sockets that were opened with it (DL-3, SE-5) instead of
 * waiting for the next periodic re-check.
 */

export type RevokedEvent =
  /** One session ended: sign-out, an admin revoking it, expiry noticed. */
  | { kind: 'session'; sessionId: string }
  /**
   * Every socket of a user must reconnect: disabled, deleted, password changed (all sessions but
   * `exceptSessionId` revoked) or role/teams changed (sessions stay; the new scope applies on
   * reconnect).
   */
  | { kind: 'user'; userId: string; reason: 'disabled' | 'deleted' | 'password_changed' | 'role_changed'; exceptSessionId?: string }
  | { kind: 'display'; linkId: string }
  | { kind: 'token'; tokenId: string };

export type RevokedListener = (event: RevokedEvent) => void;

export class RevocationEvents {
  private readonly listeners = new Set<RevokedListener>();

  /** Returns the unsubscribe function. */
  onRevoked(listener: RevokedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: RevokedEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        // A failing listener must not stop the others, nor the revocation itself.
      }
    }
  }
}
