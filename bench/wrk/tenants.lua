-- Requests spread over tenants. TARGETS names a file of lines "PREFIX TOKEN"
-- (PREFIX: "/t/t42", or "" for the root paths). MODE:
--   me       GET PREFIX/v1/users/me with a random line's access token
--   refresh  one refresh chain per connection, on its own line's tenant
--   login    POST PREFIX/v1/auth/login at a random line's tenant as one of
--            USERS seeded accounts (user0@example.com …) with PASSWORD
local mode = os.getenv("MODE")
local users = tonumber(os.getenv("USERS") or "1")
local password = os.getenv("PASSWORD") or ""
local targets = {}
for line in io.lines(os.getenv("TARGETS")) do
  local prefix, token = string.match(line, "^(%S*) (%S+)$")
  if token then table.insert(targets, { prefix = prefix, token = token }) end
end
local next_thread = 0
setup = function(thread)
  next_thread = next_thread + 1
  thread:set("slot", next_thread)
end
local json = { ["Content-Type"] = "application/json" }
request = function()
  if mode == "me" then
    local t = targets[math.random(#targets)]
    return wrk.format("GET", t.prefix .. "/v1/users/me", { ["Authorization"] = "Bearer " .. t.token })
  elseif mode == "refresh" then
    local t = targets[slot]
    return wrk.format("POST", t.prefix .. "/v1/auth/refresh", json, '{"refresh_token":"' .. t.token .. '"}')
  else
    local t = targets[math.random(#targets)]
    local i = math.random(0, users - 1)
    return wrk.format("POST", t.prefix .. "/v1/auth/login", json,
      '{"email":"user' .. i .. '@example.com","password":"' .. password .. '"}')
  end
end
response = function(status, headers, body)
  if mode == "refresh" then
    local next_token = string.match(body, '"refresh_token":"([^"]+)"')
    if next_token then targets[slot].token = next_token end
  end
end
