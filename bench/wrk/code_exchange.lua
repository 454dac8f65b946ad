-- The authorization code flow's two server-side steps, alternately, on each
-- connection: GET /oauth2/authorize with a signed-in browser's cookie (a
-- first-party client: no consent) answers 303 with a code, which the next
-- request exchanges at /oauth2/token with the PKCE verifier. Run with one
-- connection per thread (the state is per thread); exchanges per second are
-- half the requests per second.
local cookie = os.getenv("COOKIE")
local authorize = os.getenv("AUTHORIZE")
local exchange = os.getenv("EXCHANGE") -- the token form, without the code
local code = nil

request = function()
  if code then
    local body = exchange .. "&code=" .. code
    code = nil
    return wrk.format("POST", "/oauth2/token",
      { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
  end
  return wrk.format("GET", authorize, { ["Cookie"] = cookie })
end

response = function(status, headers, body)
  if status == 303 then
    local location = headers["Location"] or headers["location"] or ""
    code = location:match("[?&]code=([^&]+)")
  end
end
