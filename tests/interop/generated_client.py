"""Drives Palisade through a Python client that openapi-python-client
generated from /openapi.json: register, login, read the profile, refresh,
log out, and check that the logged-out token gets a parsed problem. Exits
non-zero, saying what went wrong, on any surprise.

Usage: generated_client.py PACKAGE_PARENT_DIR BASE_URL
"""

import sys
import uuid

sys.path.insert(0, sys.argv[1])
base_url = sys.argv[2]

from palisade_client import AuthenticatedClient, Client  # noqa: E402
from palisade_client.api.auth import login, logout, refresh, register  # noqa: E402
from palisade_client.api.users import get_me  # noqa: E402
from palisade_client.models import (  # noqa: E402
    LoginRequest,
    Problem,
    RefreshRequest,
    RegisterRequest,
    TokenPair,
    UserDto,
)


def expect(value, kind, step):
    if not isinstance(value, kind):
        sys.exit(f"{step}: expected {kind.__name__}, got {value!r}")
    return value


email = f"client-{uuid.uuid4().hex[:8]}@example.com"
password = "correct horse battery staple"
anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)

user = expect(
    register.sync(client=anonymous, body=RegisterRequest(email=email, password=password, display_name="Client")),
    UserDto,
    "register",
)
assert user.email == email and user.roles == ["user"], user

pair = expect(login.sync(client=anonymous, body=LoginRequest(email=email, password=password)), TokenPair, "login")
authed = AuthenticatedClient(base_url=base_url, token=pair.access_token, raise_on_unexpected_status=True)
me = expect(get_me.sync(client=authed), UserDto, "me")
assert me.id == user.id, (me, user)

renewed = expect(
    refresh.sync(client=anonymous, body=RefreshRequest(refresh_token=pair.refresh_token)), TokenPair, "refresh"
)
authed = AuthenticatedClient(base_url=base_url, token=renewed.access_token, raise_on_unexpected_status=True)
expect(get_me.sync(client=authed), UserDto, "me after refresh")

done = logout.sync_detailed(client=authed)
if done.status_code != 204:
    sys.exit(f"logout: {done.status_code} {done.content!r}")

gone = expect(get_me.sync(client=authed), Problem, "me after logout")
assert gone.status == 401 and gone.code == "unauthorized", gone
stale = expect(
    refresh.sync(client=anonymous, body=RefreshRequest(refresh_token=renewed.refresh_token)), Problem, "refresh after logout"
)
assert stale.code == "unauthorized", stale
print("generated client: register, login, me, refresh, logout all as documented")
