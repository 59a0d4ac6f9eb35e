/**
 * API tokens for integrations (TK-1..TK-3): `Authorization: Bearer fbt_...`, created and
 * revoked by admins, hashed at rest, optionally expiring. A token acts with a role and teams
 * like a user; `read` tokens only read, and no token may administer (lib/auth/permissions.ts).
 */
import type { Role } from '@/lib/control/actor';
import type { ApiTokenInfo, TokenAccess } from '@/lib/auth/types';
import type { RevocationEvents } from './events';
import { hashSecret, looksLike, newSecret } from './secrets';
import type { ApiTokenRow, AuthStore } from './store';

const TOUCH_EVERY_MS = 60_000;

export function apiTokenInfo(row: ApiTokenRow): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    teams: [...row.teams],
    access: row.access,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
  };
}

export class ApiTokens {
  constructor(
    private readonly store: AuthStore,
    private readonly events: RevocationEvents,
    private readonly now: () => number = Date.now,
  ) {}

  async create(
    input: { name: string; role: Role; teams: string[]; access: TokenAccess; expiresAt?: number | null },
    createdBy: string | null,
  ): Promise<{ token: string; info: ApiTokenInfo }> {
    const token = newSecret('token');
    const row = await this.store.createApiToken({
      name: input.name,
      tokenHash: hashSecret(token),
      role: input.role,
      teams: [...new Set(input.teams)],
      access: input.access,
      createdBy,
      createdAt: this.now(),
      expiresAt: input.expiresAt ?? null,
    });
    return { token, info: apiTokenInfo(row) };
  }

  async list(): Promise<ApiTokenInfo[]> {
    return (await this.store.listApiTokens()).map(apiTokenInfo);
  }

  async revoke(id: string): Promise<ApiTokenRow | null> {
    const row = await this.store.getApiToken(id);
    if (!row) return null;
    if (await this.store.revokeApiToken(id, this.now())) this.events.emit({ kind: 'token', tokenId: id });
    return (await this.store.getApiToken(id)) ?? row;
  }

  async resolve(token: string | null | undefined): Promise<ApiTokenRow | null> {
    if (!looksLike('token', token)) return null;
    const row = await this.store.findApiTokenByHash(hashSecret(token));
    const t = this.now();
    if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= t)) return null;
    if (row.lastUsedAt === null || t - row.lastUsedAt >= TOUCH_EVERY_MS) {
      await this.store.touchApiToken(row.id, t);
      row.lastUsedAt = t;
    }
    return row;
  }
}
