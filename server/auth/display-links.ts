/**
 * Display links (DL-1..DL-4): a wall TV opens `/d/<token>` once and shows a read-only board
 * for the link's teams and view, with no sign-in. Only the token's SHA-256 is stored; the
 * token is shown once, when the link is created. Revoking a link stops it at once: requests are
 * refused and the revocation event closes its open sockets.
 */
import type { DisplayLinkInfo, DisplayView } from '@/lib/auth/types';
import type { DeadLinkCode } from '@/lib/protocol';
import type { RevocationEvents } from './events';
import { hashSecret, looksLike, newSecret } from './secrets';
import type { AuthStore, DisplayLinkRow } from './store';

/** Writing last-use once a minute is enough to answer "is this TV still on?". */
const TOUCH_EVERY_MS = 60_000;

export function linkTeams(row: Pick<DisplayLinkRow, 'teams'>): '*' | string[] {
  return row.teams.includes('*') ? '*' : [...row.teams];
}

export function displayLinkInfo(row: DisplayLinkRow): DisplayLinkInfo {
  return {
    id: row.id,
    name: row.name,
    teams: linkTeams(row),
    view: { ...row.view },
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
  };
}

/** The board URL a display link opens: its teams and view as the board's own URL parameters. */
export function boardPathFor(link: { teams: '*' | readonly string[]; view: DisplayView }): string {
  const params = new URLSearchParams();
  const teams = link.teams === '*' || link.teams.includes('*') ? '*' : link.teams;
  if (teams !== '*') params.set('team', teams.join(','));
  for (const [k, v] of Object.entries(link.view)) if (v !== '') params.set(k, v);
  const q = params.toString();
  return q ? `/board?${q}` : '/board';
}

export interface CreatedDisplayLink {
  link: DisplayLinkInfo;
  /** Shown once; only its hash is kept. */
  token: string;
  /** `/d/<token>`: the path to open on the TV (prefix it with the server's public URL). */
  path: string;
}

export class DisplayLinks {
  constructor(
    private readonly store: AuthStore,
    private readonly events: RevocationEvents,
    private readonly now: () => number = Date.now,
  ) {}

  async create(input: { name: string; teams: '*' | string[]; view: DisplayView; expiresAt?: number | null }, createdBy: string | null): Promise<CreatedDisplayLink> {
    const token = newSecret('display');
    const row = await this.store.createDisplayLink({
      name: input.name,
      tokenHash: hashSecret(token),
      teams: input.teams === '*' ? ['*'] : [...new Set(input.teams)],
      view: { ...input.view },
      createdBy,
      createdAt: this.now(),
      expiresAt: input.expiresAt ?? null,
    });
    return { link: displayLinkInfo(row), token, path: `/d/${token}` };
  }

  async list(): Promise<DisplayLinkInfo[]> {
    return (await this.store.listDisplayLinks()).map(displayLinkInfo);
  }

  async get(id: string): Promise<DisplayLinkRow | null> {
    return this.store.getDisplayLink(id);
  }

  async revoke(id: string): Promise<DisplayLinkRow | null> {
    const row = await this.store.getDisplayLink(id);
    if (!row) return null;
    if (await this.store.revokeDisplayLink(id, this.now())) this.events.emit({ kind: 'display', linkId: id });
    return (await this.store.getDisplayLink(id)) ?? row;
  }

  /**
   * Why a presented token no longer works, when it is the token of a link that exists but was
   * revoked or has expired; null for a usable link and for a token no link has (so only the
   * holder of a link's own token learns that the link was revoked). Records no use.
   */
  async deadLinkCode(token: string | null | undefined): Promise<DeadLinkCode | null> {
    if (!looksLike('display', token)) return null;
    const row = await this.store.findDisplayLinkByHash(hashSecret(token));
    if (!row) return null;
    if (row.revokedAt !== null) return 'LINK_REVOKED';
    if (row.expiresAt !== null && row.expiresAt <= this.now()) return 'LINK_EXPIRED';
    return null;
  }

  /** The usable link for a presented token (records its use), or null. */
  async resolve(token: string | null | undefined): Promise<DisplayLinkRow | null> {
    if (!looksLike('display', token)) return null;
    const row = await this.store.findDisplayLinkByHash(hashSecret(token));
    const t = this.now();
    if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= t)) return null;
    if (row.lastUsedAt === null || t - row.lastUsedAt >= TOUCH_EVERY_MS) {
      await this.store.touchDisplayLink(row.id, t);
      row.lastUsedAt = t;
    }
    return row;
  }
}
