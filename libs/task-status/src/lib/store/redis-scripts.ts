/**
 * The Redis side of the task status, as Lua scripts: one round trip per batch or read, and each
 * write atomic. Keys (P = `cache.key_prefix` + `task-status:`, S = slot = window end in epoch ms):
 *   P slots                    ZSET  S → S                      the slots kept (max_slots, retention)
 *   P slot:S:projects          SET   projects seen in the slot
 *   P slot:S:<project>:expected SET  models the scheduler expected
 *   P slot:S:<project>:tasks   HASH  model → latest state (JSON: i task id, f from, s state, a at, n attempt, d, c, r)
 *   P model:<project>/<model>  ZSET  S → S                      the model's tasks, newest max_tasks_per_model
 *   P freshness                HASH  project/model → end of the newest succeeded window (ms)
 * Every key gets TTL = retention on each write. Keys are built inside the scripts, so this needs a
 * non-clustered Redis (as the rest of Latigo's Redis use).
 */

// The merge mirrors STATE_RANK and supersedes() in task-state-order.ts.
export const WRITE_SCRIPT = `
local RANK = {enqueued=0, running=1, retrying=1, dead_lettered=2, skipped=3, succeeded=4}
local prefix = ARGV[1]
local now = tonumber(ARGV[2])
local retention = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
local maxSlots = tonumber(ARGV[5])
local maxPerModel = tonumber(ARGV[6])
local items = cjson.decode(ARGV[7])
local oldest = now - retention
local slotsKey = prefix .. 'slots'
local written = 0
for _, it in ipairs(items) do
  if tonumber(it.sk) >= oldest then
    local base = prefix .. 'slot:' .. it.sk .. ':'
    if it.t == 'x' then
      local key = base .. it.p .. ':expected'
      for _, m in ipairs(it.models) do redis.call('SADD', key, m) end
      if #it.models > 0 then redis.call('EXPIRE', key, ttl) end
    else
      local key = base .. it.p .. ':tasks'
      local cur = redis.call('HGET', key, it.m)
      local write = true
      if cur then
        local c = cjson.decode(cur)
        local rn, rc = RANK[it.s], RANK[c.s]
        write = rn > rc or (rn == rc and (it.a > c.a or (it.a == c.a and it.n > c.n)))
      end
      if write then redis.call('HSET', key, it.m, it.rec) end
      redis.call('EXPIRE', key, ttl)
      local mkey = prefix .. 'model:' .. it.p .. '/' .. it.m
      redis.call('ZADD', mkey, it.sk, it.sk)
      redis.call('ZREMRANGEBYRANK', mkey, 0, -(maxPerModel + 1))
      redis.call('EXPIRE', mkey, ttl)
      if it.s == 'succeeded' then
        local fkey = prefix .. 'freshness'
        local field = it.p .. '/' .. it.m
        local last = tonumber(redis.call('HGET', fkey, field))
        if (not last) or tonumber(it.sk) > last then redis.call('HSET', fkey, field, it.sk) end
        redis.call('EXPIRE', fkey, ttl)
      end
    end
    redis.call('SADD', base .. 'projects', it.p)
    redis.call('EXPIRE', base .. 'projects', ttl)
    redis.call('ZADD', slotsKey, it.sk, it.sk)
    written = written + 1
  end
end
if written > 0 then redis.call('EXPIRE', slotsKey, ttl) end
local function drop(sk)
  local base = prefix .. 'slot:' .. sk .. ':'
  for _, p in ipairs(redis.call('SMEMBERS', base .. 'projects')) do
    redis.call('DEL', base .. p .. ':tasks', base .. p .. ':expected')
  end
  redis.call('DEL', base .. 'projects')
  redis.call('ZREM', slotsKey, sk)
end
for _, sk in ipairs(redis.call('ZRANGEBYSCORE', slotsKey, '-inf', '(' .. string.format('%.0f', oldest))) do drop(sk) end
local excess = redis.call('ZCARD', slotsKey) - maxSlots
if excess > 0 then
  for _, sk in ipairs(redis.call('ZRANGE', slotsKey, 0, excess - 1)) do drop(sk) end
end
return written
`;

/** → { {slot, { {project, expected[], {model, json, …}} … }} …, {project/model, ms, …} } */
export const REPORT_SCRIPT = `
local prefix = ARGV[1]
local count = tonumber(ARGV[2])
local only = ARGV[3]
local oldest = ARGV[4]
local out = {}
for _, sk in ipairs(redis.call('ZREVRANGEBYSCORE', prefix .. 'slots', '+inf', oldest, 'LIMIT', 0, count)) do
  local base = prefix .. 'slot:' .. sk .. ':'
  local projects = {}
  for _, p in ipairs(redis.call('SMEMBERS', base .. 'projects')) do
    if only == '' or p == only then
      table.insert(projects, {p, redis.call('SMEMBERS', base .. p .. ':expected'), redis.call('HGETALL', base .. p .. ':tasks')})
    end
  end
  table.insert(out, {sk, projects})
end
return {out, redis.call('HGETALL', prefix .. 'freshness')}
`;

/** → { slot, json, slot, json, … } newest first */
export const HISTORY_SCRIPT = `
local prefix, p, m = ARGV[1], ARGV[2], ARGV[3]
local out = {}
for _, sk in ipairs(redis.call('ZREVRANGEBYSCORE', prefix .. 'model:' .. p .. '/' .. m, '+inf', ARGV[5], 'LIMIT', 0, tonumber(ARGV[4]))) do
  local rec = redis.call('HGET', prefix .. 'slot:' .. sk .. ':' .. p .. ':tasks', m)
  if rec then
    table.insert(out, sk)
    table.insert(out, rec)
  end
end
return out
`;
