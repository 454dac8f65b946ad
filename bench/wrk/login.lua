-- Log in as one of USERS seeded accounts (bench0@example.com …), at random,
-- so that no single account's attempt counter is hammered.
local users = tonumber(os.getenv("USERS"))
local password = os.getenv("PASSWORD")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local i = math.random(0, users - 1)
  return wrk.format(nil, nil, nil,
    '{"email":"bench' .. i .. '@example.com","password":"' .. password .. '"}')
end
