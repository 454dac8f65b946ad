"""A live Palisade, started by the Rust test harness (tests/api/integrations.rs),
which passes where it is and how to reach its database and CLI."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import uuid

import httpx
import pytest

URL = os.environ.get("PALISADE_URL", "http://127.0.0.1:8080")
PASSWORD = "correct horse battery staple"


def palisade_cli(*args: str, **env: str) -> str:
    """Runs the palisade binary on the live server's database."""
    done = subprocess.run(
        [os.environ["PALISADE_BIN"], *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return done.stdout


def sign_in(email: str | None = None) -> dict:
    """Registers (when new) and signs in; the token pair."""
    email = email or f"{uuid.uuid4().hex[:12]}@example.com"
    body = {"email": email, "password": PASSWORD}
    httpx.post(f"{URL}/v1/auth/register", json=body, timeout=10)
    answer = httpx.post(f"{URL}/v1/auth/login", json=body, timeout=10)
    answer.raise_for_status()
    return answer.json()


def kid_of(token: str) -> str:
    head = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))["kid"]


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def claims_of(token: str) -> dict:
    body = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


@pytest.fixture
def admin_token() -> str:
    email = f"admin-{uuid.uuid4().hex[:8]}@example.com"
    palisade_cli("admin", "create", "--email", email, PALISADE_ADMIN_PASSWORD=PASSWORD)
    return sign_in(email)["access_token"]
