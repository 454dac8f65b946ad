-- POST a form (BODY env var) with HTTP Basic client credentials (AUTH env
-- var: "Basic …"): the OAuth endpoints a resource server or service calls.
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = os.getenv("AUTH")
