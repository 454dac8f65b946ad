-- POST a fixed JSON body (BODY env var) to the path given on the command line.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("BODY")
