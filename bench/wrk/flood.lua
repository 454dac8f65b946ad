-- A guessing flood from one client address: the per-client budget refuses
-- nearly all of it with 429.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Forwarded-For"] = "203.0.113.7"
wrk.body = '{"email":"victim@example.com","password":"guess-guess-guess"}'
