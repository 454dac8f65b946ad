-- A user's whole session, over and over, one connection per thread (run
-- with -t N -c N): log in as one of USERS seeded accounts, read
-- /v1/users/me READS times, refresh, and after REFRESHES refreshes log out.
-- Sign-ins, reads, rotations and revocations in the proportions of a real
-- app, and nothing kept forever: every session ends, so housekeeping can
-- keep the database's size flat. DELAY_MS paces it as in bearer.lua.
local users = tonumber(os.getenv("USERS"))
local password = os.getenv("PASSWORD")
local reads = tonumber(os.getenv("READS") or "8")
local refreshes = tonumber(os.getenv("REFRESHES") or "3")
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "threads.lua")
local step, access, refresh, done_reads, done_refreshes = "login", nil, nil, 0, 0

local function json(method, path, body, bearer)
  local headers = {["Content-Type"] = "application/json"}
  if bearer then headers["Authorization"] = "Bearer " .. bearer end
  return wrk.format(method, path, headers, body)
end

request = function()
  if step == "login" then
    local i = math.random(0, users - 1)
    return json("POST", "/v1/auth/login",
      '{"email":"bench' .. i .. '@example.com","password":"' .. password .. '"}')
  elseif step == "me" then
    return json("GET", "/v1/users/me", nil, access)
  elseif step == "refresh" then
    return json("POST", "/v1/auth/refresh", '{"refresh_token":"' .. refresh .. '"}')
  else
    return json("POST", "/v1/auth/logout", nil, access)
  end
end

response = function(status, headers, body)
  if step == "login" or step == "refresh" then
    local a = string.match(body, '"access_token":"([^"]+)"')
    local r = string.match(body, '"refresh_token":"([^"]+)"')
    if a and r then
      access, refresh, done_reads = a, r, 0
      if step == "refresh" then done_refreshes = done_refreshes + 1 else done_refreshes = 0 end
      step = "me"
    else
      step = "login"
    end
  elseif step == "me" then
    done_reads = done_reads + 1
    if status ~= 200 then step = "login"
    elseif done_reads >= reads then
      step = (done_refreshes >= refreshes) and "logout" or "refresh"
    end
  else
    step = "login"
  end
end

local pace = tonumber(os.getenv("DELAY_MS") or "0")
if pace > 0 then
  delay = function() return pace end
end
