/**
 * What the auth layer's `AuthStore` (server/auth/store.ts) needs beyond migration 001, so
 * `PgAuthStore` (server/store/auth-store.ts) can keep every field of every row:
 *
 * - api_tokens.access: `read` or `act` (TK-1);
 * - sessions.last_used_at: written at creation, never null (idle expiry counts from it);
 * - login_failures: the lockout counters (LO-1..LO-4), one row per key;
 * - guards: display links never have an empty team list ('*' is stored as {'*'}), their view is
 *   a JSON object, and every token_hash is a SHA-256 hex digest, so a raw secret passed by
 *   mistake is refused instead of stored.
 *
 * The CHECKs are NOT VALID: they hold for every row written from now on without failing the
 * boot over rows an older build may have left (none is known: nothing wrote these tables yet).
 */
import type { Migration } from './types';

const SHA256_HEX = `'^[0-9a-f]{64}$'`;

export const migration002: Migration = {
  version: 2,
  name: 'auth-store',
  sql: /* sql */ `
ALTER TABLE api_tokens
  ADD COLUMN access text NOT NULL DEFAULT 'read' CONSTRAINT api_tokens_access_check CHECK (access IN ('read', 'act'));

UPDATE sessions SET last_used_at = created_at WHERE last_used_at IS NULL;
ALTER TABLE sessions
  ALTER COLUMN last_used_at SET DEFAULT now(),
  ALTER COLUMN last_used_at SET NOT NULL;

-- ['*'] is the whole floor; an empty list would be ambiguous, so there is no default either.
ALTER TABLE display_links ALTER COLUMN teams DROP DEFAULT;
ALTER TABLE display_links
  ADD CONSTRAINT display_links_teams_check CHECK (cardinality(teams) > 0) NOT VALID;
ALTER TABLE display_links
  ADD CONSTRAINT display_links_options_check CHECK (jsonb_typeof(options) = 'object') NOT VALID;

ALTER TABLE sessions
  ADD CONSTRAINT sessions_token_hash_check CHECK (token_hash ~ ${SHA256_HEX}) NOT VALID;
ALTER TABLE display_links
  ADD CONSTRAINT display_links_token_hash_check CHECK (token_hash ~ ${SHA256_HEX}) NOT VALID;
ALTER TABLE api_tokens
  ADD CONSTRAINT api_tokens_token_hash_check CHECK (token_hash ~ ${SHA256_HEX}) NOT VALID;

-- Failed sign-ins per key: 'user:<lower username>' or 'ip:<address>'. A counter whose last
-- failure is older than the lockout's reset window counts as gone; PgAuthStore deletes such
-- rows now and then (last_at index), so sprayed usernames cannot grow the table without bound.
CREATE TABLE login_failures (
  key text PRIMARY KEY,
  failures integer NOT NULL CHECK (failures > 0),
  first_at timestamptz NOT NULL,
  last_at timestamptz NOT NULL
);
CREATE INDEX login_failures_last_idx ON login_failures (last_at);
`,
};
