/**
 * The Lua scripts of membership and slot leases. Each runs atomically in Redis, so "check the
 * value, then act" cannot interleave with another gateway; times come from Redis's own clock.
 */

/** KEYS[1] members; ARGV[1] gateway id, ARGV[2] ttl ms. Adds/refreshes the caller, drops expired members, returns the live ones. */
export const HEARTBEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZRANGE', KEYS[1], 0, -1)
`;

/**
 * KEYS[1] lease, KEYS[2] fence counter; ARGV[1] gateway id, ARGV[2] ttl ms. Acquires a free
 * lease and returns its fencing token, or 0 when someone holds it. The counter starts at the
 * Redis clock (ms), so tokens keep growing across a Redis restart that lost it. Milliseconds, not
 * microseconds: Lua 5.1 prints numbers with 14 significant digits, and the token is concatenated.
 */
export const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 0 then
  local t = redis.call('TIME')
  redis.call('SET', KEYS[2], t[1] .. string.format('%03d', math.floor(tonumber(t[2]) / 1000)))
end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '/' .. fence, 'PX', tonumber(ARGV[2]))
return fence
`;

/**
 * KEYS[1] lease; ARGV[1] `<id>/<fence>`, ARGV[2] ttl ms. Extends our lease; re-asserts it when the
 * key is gone (Redis restarted empty: nobody else holds it); returns 0 when another holds it.
 */
export const RENEW = `
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2])) end
if v == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
  return 1
end
return 0
`;

/** KEYS[1] lease; ARGV[1] `<id>/<fence>`. Deletes the lease only if it is still ours. */
export const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** KEYS[1] members; ARGV[1] gateway id. */
export const LEAVE = `return redis.call('ZREM', KEYS[1], ARGV[1])`;
