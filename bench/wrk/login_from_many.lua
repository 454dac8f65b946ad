-- Real sign-ins: one of USERS seeded accounts, each request from another
-- client address (X-Forwarded-For, the server trusting 127.0.0.1), paced by
-- DELAY_MS per connection.
local users = tonumber(os.getenv("USERS"))
local password = os.getenv("PASSWORD")
local pace = tonumber(os.getenv("DELAY_MS") or "0")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local i = math.random(0, users - 1)
  wrk.headers["X-Forwarded-For"] = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format(nil, nil, nil,
    '{"email":"bench' .. i .. '@example.com","password":"' .. password .. '"}')
end
if pace > 0 then
  delay = function() return pace end
end
