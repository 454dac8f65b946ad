-- Refresh in a chain per connection: each answer carries the next token.
-- TOKENS holds one refresh token per connection, comma-separated.
local tokens = {}
for t in string.gmatch(os.getenv("TOKENS"), "[^,]+") do table.insert(tokens, t) end
local next_thread = 0
setup = function(thread)
  next_thread = next_thread + 1
  thread:set("token", tokens[next_thread])
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  return wrk.format(nil, nil, nil, '{"refresh_token":"' .. token .. '"}')
end
response = function(status, headers, body)
  local t = string.match(body, '"refresh_token":"([^"]+)"')
  if t then token = t end
end
