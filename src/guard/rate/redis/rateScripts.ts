import { createHash } from 'node:crypto';

/** A Lua script with its SHA1, for EVALSHA. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

// Shared head. One call decides a batch: `count` requests of `cost` each for one key, in order,
// as concurrent requests would have been decided one by one (a burst at one key costs one script,
// not one per request). Trailing arguments may be left out (cost 1, count 1, no block, Redis
// time), so the common call sends two. Without ARGV[6] (the caller's clock in ms) the Redis
// server clock is used, which is one clock for every process and so keeps the log ordered.
const HEAD = `
local key = KEYS[1]
local cost = tonumber(ARGV[3]) or 1
local count = tonumber(ARGV[4]) or 1
local blockMs = tonumber(ARGV[5]) or 0
local now
if ARGV[6] == nil then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
else
  now = tonumber(ARGV[6])
end
`;

/**
 * Exact sliding log in a list, newest grant first. Expired grants are popped from the tail (each
 * once), so the list length is the number of grants in the window; a batch costs LLEN, LINDEX,
 * LPUSH and PEXPIRE (plus TIME), whatever the limit and the batch size.
 *
 * blockDuration: a denial lifts every grant older than `now + block - window` to that time and
 * fills the log to the limit, so the key stays full (denied) for the block; those entries are
 * written with an exponent (`...e0`, still a number) so that a blocked key is recognised by its
 * oldest entry and further denials do not extend the block. Blocking is O(limit), once per block.
 *
 * KEYS[1] key; ARGV limit, windowMs, [cost, [count, [blockMs, [now]]]].
 * Reply: time of the grants in microseconds (their stamp, for a refund), requests granted (the
 * first ones), grants in the window after them; when some are denied, also reset ms, retry-after
 * ms (-1: never) and remaining (0 while blocked) for those.
 */
export const SLIDING_WINDOW_SCRIPT = script(`${HEAD}
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local n = redis.call('LLEN', key)
local oldest = false
if n > 0 then oldest = redis.call('LINDEX', key, -1) end
while oldest and tonumber(oldest) <= now - window do
  redis.call('RPOP', key)
  n = n - 1
  oldest = n > 0 and redis.call('LINDEX', key, -1)
end
local blocked = oldest and string.sub(oldest, -2) == 'e0'
local granted = 0
if not blocked and cost <= limit then granted = math.min(count, math.floor((limit - n) / cost)) end
if granted > 0 then
  local stamp = string.format('%.3f', now)
  local left = granted * cost
  if left == 1 then
    redis.call('LPUSH', key, stamp)
  else
    local chunk = {}
    for i = 1, math.min(left, 1000) do chunk[i] = stamp end
    while left > 0 do
      local m = math.min(left, 1000)
      for i = #chunk, m + 1, -1 do chunk[i] = nil end
      redis.call('LPUSH', key, unpack(chunk))
      left = left - m
    end
  end
  n = n + granted * cost
end
local granting = n
local reset = 0
local retry = 0
if granted < count then
  if blockMs > 0 and not blocked then
    local s = now + blockMs - window
    local mark = string.format('%.3fe0', s)
    local idx = -1
    while -idx <= n and tonumber(redis.call('LINDEX', key, idx)) < s do
      redis.call('LSET', key, idx, mark)
      idx = idx - 1
    end
    if idx == -1 and n > 0 then redis.call('LSET', key, -1, redis.call('LINDEX', key, -1) .. 'e0') end
    for i = n + 1, limit do redis.call('RPUSH', key, mark) end
    if n < limit then n = limit end
    blocked = true
  end
  if blocked then
    retry = math.ceil(tonumber(redis.call('LINDEX', key, -1)) + window - now)
  elseif cost > limit then
    retry = -1
  else
    retry = math.ceil(tonumber(redis.call('LINDEX', key, -(n + cost - limit))) + window - now)
  end
  if n > 0 then reset = math.ceil(tonumber(redis.call('LINDEX', key, 0)) + window - now) end
  if blocked then redis.call('PEXPIRE', key, math.max(1, reset)) end
end
if granted > 0 and not blocked then redis.call('PEXPIRE', key, math.ceil(window)) end
local stampUs = math.floor(now * 1000 + 0.5)
if granted == count then return {stampUs, granted, granting} end
local denied = limit - n
if blocked then denied = 0 end
return {stampUs, granted, granting, reset, retry, denied}
`);

/**
 * Token bucket in a hash: t = tokens, a = time of the last update, b = blocked until.
 * KEYS[1] key; ARGV burst, tokens per ms, [cost, [count, [blockMs, [now]]]].
 * Reply: tokens before (text), requests granted (the first ones), tokens after (text; 0 while
 * blocked), retry-after ms for the denied ones (-1: never).
 */
export const TOKEN_BUCKET_SCRIPT = script(`${HEAD}
local burst = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local v = redis.call('HMGET', key, 't', 'a', 'b')
local tokens = tonumber(v[1])
local at = tonumber(v[2])
local blockedUntil = tonumber(v[3]) or 0
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
if now > at then tokens = math.min(burst, tokens + (now - at) * perMs) end
local before = tokens
local granted = 0
local retry = 0
if now < blockedUntil then
  retry = math.ceil(blockedUntil - now)
else
  if cost <= burst then granted = math.min(count, math.floor(tokens / cost)) end
  tokens = tokens - granted * cost
  if granted < count then
    if cost <= burst then retry = math.ceil((cost - tokens) / perMs) else retry = -1 end
    if blockMs > 0 then
      blockedUntil = now + blockMs
      if retry >= 0 and retry < blockMs then retry = math.ceil(blockMs) end
    end
  end
end
if now < at then now = at end
redis.call('HSET', key, 't', string.format('%.6f', tokens), 'a', string.format('%.3f', now), 'b', string.format('%.3f', blockedUntil))
local ttl = math.ceil((burst - tokens) / perMs) + 1
if blockedUntil > now then ttl = math.max(ttl, math.ceil(blockedUntil - now) + 1) end
redis.call('PEXPIRE', key, ttl)
local shown = tokens
if now < blockedUntil then shown = 0 end
return {string.format('%.6f', before), granted, string.format('%.6f', shown), retry}
`);

/** Removes `cost` grants stamped `stamp` (newest first). KEYS[1] key; ARGV stamp, cost. */
export const SLIDING_REFUND_SCRIPT = script(`return redis.call('LREM', KEYS[1], tonumber(ARGV[2]), ARGV[1])`);

/** Gives `cost` tokens back, up to the burst. KEYS[1] key; ARGV burst, cost. */
export const BUCKET_REFUND_SCRIPT = script(`
local t = tonumber(redis.call('HGET', KEYS[1], 't'))
if t == nil then return 0 end
redis.call('HSET', KEYS[1], 't', string.format('%.6f', math.min(tonumber(ARGV[1]), t + tonumber(ARGV[2]))))
return 1
`);
