/**
 * Newest-first order by (time, key) for append-only logs whose rows are also held in memory
 * until written (audit, alert history). The order depends on the row's content only, never on
 * where it is stored, so a page can merge database rows with rows not yet written, and a
 * cursor taken from either means the same place. Keys compare by code unit in JavaScript and
 * with COLLATE "C" in SQL: the same order for the ASCII ids used here.
 */

export interface SortKey {
  at: number;
  key: string;
}

/** Negative when `a` comes first (is newer). */
export function newestFirst(a: SortKey, b: SortKey): number {
  if (a.at !== b.at) return b.at - a.at;
  return a.key < b.key ? 1 : a.key > b.key ? -1 : 0;
}

/** Whether `k` comes after the cursor position (is older). */
export function olderThan(k: SortKey, cursor: SortKey): boolean {
  return newestFirst(cursor, k) < 0;
}

/** Opaque cursor: `k` + base64url of [at, key]. */
export function encodeSortCursor(k: SortKey): string {
  return `k${Buffer.from(JSON.stringify([k.at, k.key])).toString('base64url')}`;
}

/** A cursor of another shape (a memory store's, or garbage) starts from the newest. */
export function decodeSortCursor(cursor: string | undefined): SortKey | null {
  if (!cursor || cursor[0] !== 'k') return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor.slice(1), 'base64url').toString());
    if (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === 'string') return { at: v[0] as number, key: v[1] };
  } catch {
    // fall through: not one of ours
  }
  return null;
}

/**
 * One page from rows of two sources, each already filtered and past the cursor: merged, a row
 * in both (written while the page was read) once, newest first. `more` says a source had more.
 */
export function mergePage<T>(a: readonly T[], b: readonly T[], keyOf: (row: T) => SortKey, limit: number, more: boolean): { rows: T[]; next: string | null } {
  const seen = new Set<string>();
  const all: T[] = [];
  for (const row of [...a, ...b]) {
    const k = keyOf(row).key;
    if (seen.has(k)) continue;
    seen.add(k);
    all.push(row);
  }
  all.sort((x, y) => newestFirst(keyOf(x), keyOf(y)));
  const rows = all.slice(0, limit);
  const last = rows[rows.length - 1];
  return { rows, next: last !== undefined && (more || all.length > limit) ? encodeSortCursor(keyOf(last)) : null };
}

/**
 * A page of an append-only log that is partly still queued: the queued rows (read BEFORE the
 * database, so a row written in between is found once and never missed) that pass `matches` and
 * lie past the cursor, merged with the database's page.
 */
export async function pageWithPending<T>(
  pending: readonly T[],
  matches: (row: T) => boolean,
  keyOf: (row: T) => SortKey,
  cursor: string | undefined,
  limit: number,
  fromDb: (after: SortKey | null) => Promise<{ rows: T[]; more: boolean }>,
): Promise<{ rows: T[]; next: string | null }> {
  const after = decodeSortCursor(cursor);
  const db = await fromDb(after);
  const unwritten = pending.filter((row) => matches(row) && (after === null || olderThan(keyOf(row), after)));
  return mergePage(unwritten, db.rows, keyOf, limit, db.more);
}
