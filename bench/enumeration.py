#!/usr/bin/env python3
"""Timing side channel check: does a response's latency tell whether an
account exists? Sends N requests of each kind to a running Palisade and
prints the median and spread. Usage:
    python3 bench/enumeration.py http://127.0.0.1:8080 [N]
The server should run with PALISADE_RATE_LIMIT=off (this is a load of logins
from one address). Standard library only."""
import json
import statistics
import sys
import time
import urllib.error
import urllib.request

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
N = int(sys.argv[2]) if len(sys.argv) > 2 else 60
PASSWORD = "correct horse battery staple"


def post(path, body):
    request = urllib.request.Request(
        BASE + path, data=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request) as response:
            status, payload = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, payload = error.code, error.read()
    return status, payload, (time.perf_counter() - started) * 1000


def measure(name, make_body, path):
    times, answers = [], set()
    for i in range(N):
        status, payload, ms = post(path, make_body(i))
        body = json.loads(payload or b"{}")
        body.pop("request_id", None)
        answers.add((status, json.dumps(body, sort_keys=True)))
        times.append(ms)
    times.sort()
    print(f"{name:38} median {statistics.median(times):6.1f} ms  p10 {times[N // 10]:6.1f}  p90 {times[9 * N // 10]:6.1f}  distinct answers: {len(answers)}")
    return answers


for i in range(N):
    post("/v1/auth/register", {"email": f"known{i}@example.com", "password": PASSWORD})
# Each address a few tries only, so the per-address backoff never starts.
a = measure("login, unknown email", lambda i: {"email": f"nobody{i}@example.com", "password": "wrong-password-1"}, "/v1/auth/login")
b = measure("login, known email, wrong password", lambda i: {"email": f"known{i}@example.com", "password": "wrong-password-1"}, "/v1/auth/login")
print("login answers identical:", a == b)
c = measure("forgot, unknown email", lambda i: {"email": f"nobody{i}@example.com"}, "/v1/auth/password/forgot")
d = measure("forgot, known email", lambda i: {"email": f"known{i}@example.com"}, "/v1/auth/password/forgot")
print("forgot answers identical:", c == d)
