import { createHash } from 'node:crypto';

/** A Lua script with its SHA1, for EVALSHA. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

// Shared head: ARGV[4] is the caller's clock in ms; without it the Redis server clock is used, which
// is one clock for every process and so keeps the log ordered across them.
const NOW = `
local now
if ARGV[4] == nil then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
else
  now = tonumber(ARGV[4])
end
`;

/**
 * Exact sliding log in a list, newest grant first. Expired grants are popped from the tail (each
 * once), so the list length is the number of grants in the window; an allowed decision costs
 * LLEN, LINDEX, LPUSH and PEXPIRE (plus TIME), whatever the limit. Reply: allowed, remaining,
 * reset ms, retry-after ms (-1: cost can never pass).
 * KEYS[1] key; ARGV limit, windowMs, cost, now.
 */
export const SLIDING_WINDOW_SCRIPT = script(`
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
${NOW}
local horizon = now - window
local n = redis.call('LLEN', key)
while n > 0 and tonumber(redis.call('LINDEX', key, -1)) <= horizon do
  redis.call('RPOP', key)
  n = n - 1
end
local allowed = 0
local retry = 0
local reset = 0
if n + cost <= limit then
  local stamp = string.format('%.3f', now)
  for i = 1, cost do redis.call('LPUSH', key, stamp) end
  n = n + cost
  allowed = 1
  reset = math.ceil(window)
  redis.call('PEXPIRE', key, reset)
else
  if cost <= limit then
    retry = math.ceil(tonumber(redis.call('LINDEX', key, -(n + cost - limit))) + window - now)
  else
    retry = -1
  end
  if n > 0 then reset = math.ceil(tonumber(redis.call('LINDEX', key, 0)) + window - now) end
end
return {allowed, limit - n, reset, retry}
`);

/**
 * Token bucket in a hash: t = tokens, a = time of the last update. Reply as above.
 * KEYS[1] key; ARGV burst, tokens per ms, cost, now.
 */
export const TOKEN_BUCKET_SCRIPT = script(`
local key = KEYS[1]
local burst = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
${NOW}
local v = redis.call('HMGET', key, 't', 'a')
local tokens = tonumber(v[1])
local at = tonumber(v[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
if now > at then tokens = math.min(burst, tokens + (now - at) * perMs) end
local allowed = 0
local retry = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
elseif cost <= burst then
  retry = math.ceil((cost - tokens) / perMs)
else
  retry = -1
end
if now < at then now = at end
redis.call('HSET', key, 't', string.format('%.6f', tokens), 'a', string.format('%.3f', now))
local reset = math.ceil((burst - tokens) / perMs)
redis.call('PEXPIRE', key, reset + 1)
return {allowed, math.floor(tokens), reset, retry}
`);
