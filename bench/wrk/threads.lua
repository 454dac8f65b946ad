-- Shared by the scripts that pick accounts at random: numbers each thread
-- (the global thread_id) and gives each its own random sequence. With the
-- same sequence every thread would sign in as the same account at the same
-- moment, and more than five attempts in flight for one address and client
-- meet its backoff (429). Load with:
--   dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "threads.lua")
local next_id = 0
setup = function(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end
init = function(args)
  math.randomseed(os.time() * 1000 + thread_id)
end
