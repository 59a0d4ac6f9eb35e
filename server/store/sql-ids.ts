/**
 * Ids the database assigns are `uuid` (gen_random_uuid()). An id that comes from outside (a URL
 * segment, a cookie's row) may be anything; PostgreSQL would answer a malformed one with an
 * error (22P02), while "no such row" is the honest answer. Repositories check first.
 *
 * Only the canonical lower-case form matches, as both drivers return it: the same id in capitals
 * finds nothing, exactly as a lookup in a Map would.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
