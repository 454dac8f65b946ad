"""Verifies access tokens the way a Python resource server does: PyJWT with
PyJWKClient (the JWKS cached, refetched on an unknown kid at most every 30 s),
checking issuer, audience and expiry. Reads one token per line on stdin and
answers one line each: "ok <sub>" or "error <reason>".

Usage: verify_jwt.py JWKS_URL ISSUER AUDIENCE JWKS_LIFESPAN_SECONDS
"""

import sys

import jwt

jwks_url, issuer, audience, lifespan = sys.argv[1:5]
client = jwt.PyJWKClient(jwks_url, lifespan=float(lifespan))

for line in sys.stdin:
    token = line.strip()
    try:
        key = client.get_signing_key_from_jwt(token)
        claims = jwt.decode(
            token,
            key,
            algorithms=["ES256", "EdDSA", "RS256"],
            issuer=issuer,
            audience=audience,
            options={"require": ["exp", "iat", "iss", "sub", "aud"]},
        )
        print("ok", claims["sub"], flush=True)
    except Exception as err:  # the answer is the error, whatever it is
        print("error", type(err).__name__, str(err).replace("\n", " "), flush=True)
