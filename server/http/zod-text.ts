/**
 * How the server's HTTP and socket handlers turn a failed zod parse into one short, stable
 * message: the first issue, prefixed by where it is (`limit: Too big`). Refusals quote it to the
 * client, so it must never echo the input itself (zod's messages do not).
 */
import type { z } from 'zod';

/** `path: message` of the first issue; `root` names the input when the issue is at its top. */
export function firstIssueText(error: Pick<z.ZodError, 'issues'>, root = '(body)'): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  return `${issue.path.map(String).join('.') || root}: ${issue.message}`;
}

/**
 * A list endpoint's filters from the query string: one value per key, `omit` keys removed
 * (they are read separately), and `limit`/`cursor` dropped when the caller exports every row.
 */
export function parseListQuery<S extends z.ZodType>(
  url: URL,
  schema: S,
  options: { paged: boolean; omit?: readonly string[] },
): { ok: true; data: z.output<S> } | { ok: false; message: string } {
  const raw = Object.fromEntries(url.searchParams);
  for (const key of options.omit ?? []) delete raw[key];
  if (!options.paged) {
    delete raw.limit;
    delete raw.cursor;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, message: firstIssueText(parsed.error, '(query)') };
}
