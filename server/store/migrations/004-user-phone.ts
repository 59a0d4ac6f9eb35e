/**
 * A user's own phone number or extension (issue 5: the three-way call dialog is prefilled with
 * the team lead's own number). Optional: NULL means none is set. The CHECK repeats the control
 * path's `tel` rule (digits, + and -, 3 to 20 characters), so what is stored can always be sent
 * as a `meeting` target. Self-contained: it touches the users table only.
 */
import type { Migration } from './types';

export const migration004: Migration = {
  version: 4,
  name: 'user-phone',
  sql: /* sql */ `
ALTER TABLE users
  ADD COLUMN phone text CONSTRAINT users_phone_check CHECK (phone ~ '^[0-9+-]{3,20}$');
`,
};
