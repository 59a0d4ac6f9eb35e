/**
 * The first schema. Plain SQL both drivers run (PostgreSQL 15+ and PGlite, which is newer):
 * no extensions, `gen_random_uuid()` is built in since PostgreSQL 13.
 *
 * Times are `timestamptz`. Durations in the history tables are in ms (bigint) where they come
 * from the live state as ms, and in seconds (double precision) in the rollups that charts sum.
 */
import type { Migration } from './types';

const STATUS_CHECK = `IN ('signed_out', 'idle', 'on_call', 'wrap_up', 'unknown')`;

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  sql: /* sql */ `
CREATE TABLE meta (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO meta (key, value) VALUES ('created_at', to_jsonb(now()::text));

-- Accounts (used by the sign-in issue). Secrets are stored as hashes only.
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL,
  display_name text NOT NULL,
  role text NOT NULL,
  -- Teams the user may see and act on; empty with a floor-wide role means all.
  teams text[] NOT NULL DEFAULT '{}',
  password_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz,
  disabled_at timestamptz
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- A wall-board TV signs in with a link, not a user (no per-screen licence).
CREATE TABLE display_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  teams text[] NOT NULL DEFAULT '{}',
  options jsonb NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz
);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  role text NOT NULL,
  teams text[] NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz
);

-- What Floorboard says about an agent on top of the roster file (a null column: not overridden).
CREATE TABLE roster_overrides (
  extno text PRIMARY KEY,
  name text,
  team text,
  hidden boolean NOT NULL DEFAULT false,
  note text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);

-- Append-only (a trigger refuses UPDATE); rows leave only through retention.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Chosen by the writer, so a batch retried after an ambiguous commit is not written twice.
  event_id uuid NOT NULL UNIQUE,
  at timestamptz NOT NULL,
  actor_id text,
  actor_name text,
  actor_role text,
  action text NOT NULL,
  target_extno text,
  target_team text,
  target_session_id text,
  params jsonb NOT NULL DEFAULT '{}',
  status_before text,
  result text NOT NULL CHECK (result IN ('ok', 'error', 'denied')),
  code text,
  reason text,
  request_id text,
  duration_ms integer
);
CREATE INDEX audit_log_at_idx ON audit_log (at, id);
CREATE INDEX audit_log_target_idx ON audit_log (target_extno, at);
CREATE INDEX audit_log_team_idx ON audit_log (target_team, at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);
CREATE INDEX audit_log_action_idx ON audit_log (action, at);

CREATE TABLE announcements (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  body text NOT NULL,
  author_id text,
  author_name text,
  -- Null: the whole floor.
  target_teams text[],
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  request_id text
);
CREATE INDEX announcements_created_idx ON announcements (created_at);

CREATE TABLE announcement_receipts (
  announcement_id bigint NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
  extno text NOT NULL,
  delivered_at timestamptz NOT NULL,
  PRIMARY KEY (announcement_id, extno)
);

-- Append-only. One row per status change: the state left (from_status) lasted prev_duration_ms
-- and ended at \`at\`. The unique key makes a retried batch a no-op.
CREATE TABLE agent_transitions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  extno text NOT NULL,
  team text NOT NULL,
  from_status text NOT NULL CHECK (from_status ${STATUS_CHECK}),
  to_status text NOT NULL CHECK (to_status ${STATUS_CHECK}),
  at timestamptz NOT NULL,
  prev_duration_ms bigint NOT NULL CHECK (prev_duration_ms >= 0),
  UNIQUE (extno, at, from_status, to_status)
);
CREATE INDEX agent_transitions_at_idx ON agent_transitions (at);
CREATE INDEX agent_transitions_team_idx ON agent_transitions (team, at);

-- The newest transition per agent: its state is still running ("open") and is in no rollup yet.
CREATE TABLE agent_last_state (
  extno text PRIMARY KEY,
  team text NOT NULL,
  status text NOT NULL CHECK (status ${STATUS_CHECK}),
  since timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per call, upserted as it progresses. The customer is reduced to the record id:
-- no phone number, no name (personal data stays in the call system).
CREATE TABLE calls (
  session_id text PRIMARY KEY,
  extno text NOT NULL,
  team text NOT NULL,
  project_id integer,
  task_id integer,
  city text,
  record_uuid text,
  -- Null only for a call whose connect was never recorded (dropped from a full queue).
  connected_at timestamptz,
  ended_at timestamptz,
  wrap_ended_at timestamptz,
  -- Ever put on hold during the call.
  held boolean NOT NULL DEFAULT false,
  outcome text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calls_connected_idx ON calls (connected_at);
CREATE INDEX calls_extno_idx ON calls (extno, connected_at);
CREATE INDEX calls_team_idx ON calls (team, connected_at);
CREATE INDEX calls_orphan_idx ON calls (updated_at) WHERE connected_at IS NULL;

-- Per team and UTC minute: seconds in each signed-in status (time-sliced), calls connected in
-- the minute, and the talk / wrap-up / idle periods that ENDED in the minute (sum, count, max).
CREATE TABLE team_minute_rollups (
  team text NOT NULL,
  minute timestamptz NOT NULL,
  idle_seconds double precision NOT NULL DEFAULT 0,
  on_call_seconds double precision NOT NULL DEFAULT 0,
  wrap_up_seconds double precision NOT NULL DEFAULT 0,
  calls_connected integer NOT NULL DEFAULT 0,
  talk_seconds double precision NOT NULL DEFAULT 0,
  talk_count integer NOT NULL DEFAULT 0,
  wrap_seconds double precision NOT NULL DEFAULT 0,
  wrap_count integer NOT NULL DEFAULT 0,
  max_idle_seconds double precision NOT NULL DEFAULT 0,
  PRIMARY KEY (team, minute)
);
CREATE INDEX team_minute_rollups_minute_idx ON team_minute_rollups (minute);

CREATE FUNCTION floorboard_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION floorboard_refuse_update();
CREATE TRIGGER agent_transitions_append_only BEFORE UPDATE ON agent_transitions
  FOR EACH ROW EXECUTE FUNCTION floorboard_refuse_update();
`,
};
