"""Authlib as a relying party of Palisade: discovery, the authorization code
flow with PKCE, the ID token checked with Authlib's own JOSE (signature by
the JWKS, iss, aud, exp, nonce), userinfo; then client_credentials for a
service client. Prints the authorization URL, reads the callback URL from
standard input, prints one JSON line with what each step saw.

Usage: oidc_authlib.py ISSUER CLIENT_ID CLIENT_SECRET REDIRECT_URI SERVICE_ID SERVICE_SECRET
"""

import json
import sys
import warnings

# authlib.jose still works and is what Authlib's own OIDC client uses; its
# notice about joserfc is not a finding.
warnings.simplefilter("ignore")

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, jwt
from authlib.oidc.core import CodeIDToken

issuer, client_id, client_secret, redirect_uri, service_id, service_secret = sys.argv[1:7]
meta = requests.get(issuer.rstrip("/") + "/.well-known/openid-configuration", timeout=10).json()
session = OAuth2Session(
    client_id,
    client_secret,
    scope="openid email profile",
    redirect_uri=redirect_uri,
    code_challenge_method="S256",
)
verifier = "v" * 20 + __import__("secrets").token_urlsafe(32)
nonce = __import__("secrets").token_urlsafe(16)
url, state = session.create_authorization_url(
    meta["authorization_endpoint"], code_verifier=verifier, nonce=nonce
)
print(url, flush=True)
callback = sys.stdin.readline().strip()

out = {}
try:
    token = session.fetch_token(
        meta["token_endpoint"], authorization_response=callback, code_verifier=verifier, state=state
    )
    keys = JsonWebKey.import_key_set(requests.get(meta["jwks_uri"], timeout=10).json())
    claims = jwt.decode(
        token["id_token"],
        keys,
        claims_cls=CodeIDToken,
        claims_options={"iss": {"values": [meta["issuer"]]}, "aud": {"values": [client_id]}},
        claims_params={"nonce": nonce, "client_id": client_id, "access_token": token["access_token"]},
    )
    claims.validate()
    out["claims"] = dict(claims)
    out["userinfo"] = session.get(meta["userinfo_endpoint"]).json()

    service = OAuth2Session(service_id, service_secret)
    out["service_token"] = {
        k: v for k, v in service.fetch_token(meta["token_endpoint"], grant_type="client_credentials").items()
        if k != "access_token"
    }
except Exception as err:  # the answer is the error, whatever it is
    out["error"] = f"{type(err).__name__}: {err}"
print(json.dumps(out, default=str))
