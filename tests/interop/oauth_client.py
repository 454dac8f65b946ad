"""Asks the token endpoint for tokens the way an OAuth2 client library does
(Authlib's OAuth2Session, password grant), and prints one JSON line: the token
it got, or the error it raised.

Usage: oauth_client.py TOKEN_URL USERNAME PASSWORD [EXTRA_FORM_BYTES]
"""

import json
import sys

from authlib.integrations.requests_client import OAuth2Session

token_url, username, password = sys.argv[1:4]
padding = int(sys.argv[4]) if len(sys.argv) > 4 else 0
session = OAuth2Session(client_id="palisade")
try:
    extra = {"padding": "x" * padding} if padding else {}
    token = session.fetch_token(token_url, username=username, password=password, **extra)
    print(json.dumps({"token": {k: v for k, v in token.items() if k != "refresh_token"}}))
except Exception as err:  # the answer is the error, whatever it is
    print(json.dumps({"raised": type(err).__name__, "error": getattr(err, "error", None)}))
