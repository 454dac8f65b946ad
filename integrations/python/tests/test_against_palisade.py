"""palisade_fastapi against a live Palisade: what it accepts and refuses."""

from __future__ import annotations

import os
import time

import httpx
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from conftest import URL, b64, claims_of, kid_of, palisade_cli, sign_in
from palisade_fastapi import Claims, Palisade


def app_with(palisade: Palisade) -> TestClient:
    app = FastAPI()

    @app.get("/me")
    async def me(user: Claims = Depends(palisade.current_user)):
        return {"sub": user.sub, "roles": user.roles}

    @app.get("/admin", dependencies=[Depends(palisade.require(role="admin"))])
    async def admin():
        return {"ok": True}

    @app.get("/reports", dependencies=[Depends(palisade.require(permission="reports:read"))])
    async def reports():
        return {"ok": True}

    @app.get("/orders", dependencies=[Depends(palisade.require(scope="orders:write"))])
    async def orders():
        return {"ok": True}

    return TestClient(app)


def get(client: TestClient, path: str, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(path, headers=headers)


def test_a_fresh_token_is_accepted_with_its_claims():
    tokens = sign_in()
    with app_with(Palisade(URL)) as client:
        answer = get(client, "/me", tokens["access_token"])
    assert answer.status_code == 200, answer.text
    assert answer.json()["sub"] == claims_of(tokens["access_token"])["sub"]


def test_no_token_is_401_with_a_bare_bearer_challenge():
    with app_with(Palisade(URL)) as client:
        answer = get(client, "/me", None)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"


def test_an_expired_token_is_refused_as_expired():
    tokens = sign_in()
    ttl = float(os.environ.get("PALISADE_ACCESS_TTL", "3"))
    time.sleep(ttl + 1.0 + 0.5)  # past exp and the one-second leeway
    with app_with(Palisade(URL)) as client:
        answer = get(client, "/me", tokens["access_token"])
    assert answer.status_code == 401
    assert 'error="invalid_token"' in answer.headers["www-authenticate"]
    assert "expired" in answer.headers["www-authenticate"]


def test_a_token_of_another_issuer_is_refused():
    token = sign_in()["access_token"]
    other = Palisade("https://auth.elsewhere.example", jwks_url=f"{URL}/.well-known/jwks.json")
    with app_with(other) as client:
        answer = get(client, "/me", token)
    assert answer.status_code == 401


def test_a_token_for_another_audience_is_refused():
    token = sign_in()["access_token"]
    with app_with(Palisade(URL, audience="https://api.elsewhere.example")) as client:
        answer = get(client, "/me", token)
    assert answer.status_code == 401


def test_a_tampered_token_is_refused():
    token = sign_in()["access_token"]
    head, body, signature = token.split(".")
    claims = claims_of(token)
    claims["roles"] = ["admin"]
    with app_with(Palisade(URL)) as client:
        answer = get(client, "/admin", f"{head}.{b64(claims)}.{signature}")
    assert answer.status_code == 401


def test_an_unsigned_alg_none_token_is_refused():
    token = sign_in()["access_token"]
    forged = f"{b64({'alg': 'none', 'typ': 'at+jwt', 'kid': kid_of(token)})}.{token.split('.')[1]}."
    with app_with(Palisade(URL)) as client:
        answer = get(client, "/me", forged)
    assert answer.status_code == 401


def test_a_logged_out_token_is_refused_when_revocation_is_checked():
    tokens = sign_in()
    access = tokens["access_token"]
    online = Palisade(
        URL,
        check_revocation=True,
        client_id=os.environ["PALISADE_INTROSPECT_ID"],
        client_secret=os.environ["PALISADE_INTROSPECT_SECRET"],
        revocation_cache=0,
    )
    with app_with(online) as client, app_with(Palisade(URL)) as offline:
        assert get(client, "/me", access).status_code == 200
        logout = httpx.post(f"{URL}/v1/auth/logout", headers={"Authorization": f"Bearer {access}"})
        assert logout.status_code == 204
        assert get(client, "/me", access).status_code == 401
        # Offline verification accepts it until its exp, as documented.
        assert get(offline, "/me", access).status_code == 200


def test_roles_permissions_and_scopes_are_required(admin_token):
    user = sign_in()["access_token"]
    palisade = Palisade(URL, role_permissions={"admin": ["reports:read"]})
    with app_with(palisade) as client:
        assert get(client, "/admin", user).status_code == 403
        assert get(client, "/admin", admin_token).status_code == 200
        assert get(client, "/reports", user).status_code == 403
        assert get(client, "/reports", admin_token).status_code == 200
        refused = get(client, "/orders", admin_token)
    assert refused.status_code == 403
    assert 'error="insufficient_scope"' in refused.headers["www-authenticate"]


def test_a_key_rotation_is_followed_without_a_failed_request():
    # Palisade publishes a rotated key at once and signs with it after
    # PALISADE_KEY_ACTIVATION_DELAY (10 min; 4 s on the test server), which
    # outlasts the verifier's cool-down (30 s; 2 s here): the first token
    # with the new kid finds the cool-down over, and one fetch gets the key.
    palisade = Palisade(URL, refetch_cooldown=2)
    before = sign_in()["access_token"]
    with app_with(palisade) as client:
        assert get(client, "/me", before).status_code == 200
        fetches = palisade.verifier.jwks_fetches
        palisade_cli("keys", "rotate")
        after = None
        deadline = time.monotonic() + 20
        while after is None and time.monotonic() < deadline:
            token = sign_in()["access_token"]
            # Every token, old key or new, is accepted meanwhile.
            assert get(client, "/me", token).status_code == 200
            if kid_of(token) != kid_of(before):
                after = token
            time.sleep(0.2)
        assert after, "the server never signed with the new key"
        assert palisade.verifier.jwks_fetches == fetches + 1


def test_forged_kids_do_not_make_it_fetch_the_jwks_again_and_again():
    token = sign_in()["access_token"]
    palisade = Palisade(URL)
    with app_with(palisade) as client:
        assert get(client, "/me", token).status_code == 200
        head, body, signature = token.split(".")
        for i in range(20):
            forged_head = b64({"alg": "ES256", "typ": "at+jwt", "kid": f"forged-{i}"})
            assert get(client, "/me", f"{forged_head}.{body}.{signature}").status_code == 401
    # The first verification fetched; within the cool-down no forged kid fetches again.
    assert palisade.verifier.jwks_fetches == 1
