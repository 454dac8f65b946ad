-- GET with a bearer token (TOKEN env var).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
