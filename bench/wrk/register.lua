-- Register a new address each request: unique per run, thread and request.
local password = os.getenv("PASSWORD")
local next_id = 0
setup = function(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end
local counter = 0
local run = os.time()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  -- thread_id is the global that setup gave this thread.
  return wrk.format(nil, nil, nil,
    '{"email":"new-' .. run .. '-' .. thread_id .. '-' .. counter .. '@example.com","password":"' .. password .. '"}')
end
