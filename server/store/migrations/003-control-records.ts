/**
 * What the control path, the alerts and the settings need to leave memory (issue #7):
 *
 * - audit_log keeps the control path's result model exactly (ok / refused / failed / unknown /
 *   denied / invalid, with the call system's code and reason). 001's `error` had no reader; a
 *   row an older build might have left is mapped to `failed` (the append-only trigger is lifted
 *   for that one UPDATE, inside this transaction). `event_id` becomes text: it is the control
 *   record's own id, which callers choose. The (at, event_id) index serves newest-first paging.
 * - announcements gain the control's record (public id, audience, sender role, recipients and
 *   their teams, sends, receipt window); receipts stay keyed by the internal bigint id.
 * - alert_history: one row per opened / acknowledged / closed, the alert as it was in jsonb,
 *   the filter columns beside it; append-only like audit_log.
 *
 * Self-contained: it touches no column another migration adds.
 */
import type { Migration } from './types';

export const migration003: Migration = {
  version: 3,
  name: 'control-records',
  sql: /* sql */ `
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_result_check;
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
UPDATE audit_log SET result = 'failed' WHERE result = 'error';
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_result_check
  CHECK (result IN ('ok', 'refused', 'failed', 'unknown', 'denied', 'invalid'));
ALTER TABLE audit_log ALTER COLUMN event_id TYPE text USING event_id::text;
CREATE INDEX audit_log_at_event_idx ON audit_log (at, event_id COLLATE "C");

ALTER TABLE announcements
  ADD COLUMN public_id text UNIQUE,
  ADD COLUMN audience jsonb,
  ADD COLUMN sender_role text,
  ADD COLUMN recipients text[],
  ADD COLUMN recipient_teams text[],
  ADD COLUMN sends jsonb,
  ADD COLUMN accept_until timestamptz;
CREATE INDEX announcements_created_public_idx ON announcements (created_at, public_id);

CREATE TABLE alert_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- alert id, event and time: a batch replayed after an ambiguous commit is not written twice.
  event_key text NOT NULL UNIQUE,
  at timestamptz NOT NULL,
  event text NOT NULL CHECK (event IN ('opened', 'acknowledged', 'closed')),
  alert_id text NOT NULL,
  rule_id text NOT NULL,
  kind text NOT NULL,
  severity text NOT NULL,
  level text NOT NULL CHECK (level IN ('agent', 'team', 'floor')),
  -- Null for a floor alert.
  subject_team text,
  -- Teams whose boards see it; null: every board ('*').
  teams text[],
  agents text[] NOT NULL,
  actor_id text,
  actor_name text,
  alert jsonb NOT NULL
);
CREATE INDEX alert_history_at_idx ON alert_history (at, event_key COLLATE "C");
CREATE INDEX alert_history_rule_idx ON alert_history (rule_id, at);
CREATE INDEX alert_history_team_idx ON alert_history (subject_team, at);
CREATE TRIGGER alert_history_append_only BEFORE UPDATE ON alert_history
  FOR EACH ROW EXECUTE FUNCTION floorboard_refuse_update();
`,
};
