-- Log in as one of USERS seeded accounts (bench0@example.com …), at random,
-- so that no single account's attempt counter is hammered.
local users = tonumber(os.getenv("USERS"))
local password = os.getenv("PASSWORD")
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "threads.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local i = math.random(0, users - 1)
  return wrk.format(nil, nil, nil,
    '{"email":"bench' .. i .. '@example.com","password":"' .. password .. '"}')
end
-- With DELAY_MS, each connection waits that long between requests: a paced
-- load (connections × 1000 / DELAY_MS requests/s at most) instead of a flood.
local pace = tonumber(os.getenv("DELAY_MS") or "0")
if pace > 0 then
  delay = function() return pace end
end
