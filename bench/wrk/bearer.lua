-- GET with a bearer token (TOKEN env var).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
-- With DELAY_MS, each connection waits that long between requests: a paced
-- load (connections × 1000 / DELAY_MS requests/s at most) instead of a flood.
local pace = tonumber(os.getenv("DELAY_MS") or "0")
if pace > 0 then
  delay = function() return pace end
end
