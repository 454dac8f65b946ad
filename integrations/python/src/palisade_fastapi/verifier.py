"""Verifying Palisade's access tokens (RFC 9068 JWTs) with its JWKS.

The JWKS is fetched once and kept; a token signed with a key it does not
hold makes it fetch again, at most once per cool-down, so a key rotation
costs one fetch and a flood of forged `kid`s costs nothing. The algorithm
is the key's own, never the token's; `alg: none`, keys carried in the
header and any `typ` but `at+jwt` are refused. Optionally a token is also
checked online (RFC 7662 introspection, cached briefly), so a logout stops
it before its `exp`.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from dataclasses import dataclass, field
import httpx
import jwt
from pydantic import BaseModel, ConfigDict, Field

# What Palisade signs with (PALISADE_JWT_ALG); HS256 keys are never published.
_ALGORITHMS = {"ES256", "RS256", "EdDSA"}
# Header parameters that would let the token name its own key.
_KEY_IN_HEADER = {"jwk", "jku", "x5u", "x5c"}


class TokenError(Exception):
    """A token that must be refused; `reason` says why (never the token)."""

    def __init__(self, reason: str, *, expired: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.expired = expired


class Claims(BaseModel):
    """The claims of a Palisade access token; others stay readable as extras."""

    model_config = ConfigDict(extra="allow", frozen=True)

    sub: str
    iss: str
    aud: str | list[str]
    exp: int
    iat: int
    scope: str = ""
    client_id: str | None = None
    sid: str | None = None
    jti: str | None = None
    roles: list[str] = Field(default_factory=list)
    amr: list[str] = Field(default_factory=list)

    @property
    def scopes(self) -> set[str]:
        return set(self.scope.split())


@dataclass
class _Keys:
    by_kid: dict[str, jwt.PyJWK] = field(default_factory=dict)
    fetched_at: float = float("-inf")


class Verifier:
    """Checks access tokens of one Palisade issuer for one audience."""

    def __init__(
        self,
        issuer: str,
        *,
        audience: str | None = None,
        jwks_url: str | None = None,
        leeway: float = 1.0,
        refetch_cooldown: float = 30.0,
        max_age: float = 600.0,
        introspection: tuple[str, str] | None = None,
        revocation_cache: float = 5.0,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self.issuer = issuer.rstrip("/")
        # Palisade's default audience is its public URL, which is the issuer.
        self.audience = audience or self.issuer
        self.jwks_url = jwks_url or f"{self.issuer}/.well-known/jwks.json"
        self.leeway = leeway
        self.refetch_cooldown = refetch_cooldown
        self.max_age = max_age
        self.introspection = introspection
        self.revocation_cache = revocation_cache
        self._http = http or httpx.AsyncClient(timeout=5.0)
        self._keys = _Keys()
        self._fetching = asyncio.Lock()
        self._active: dict[str, tuple[bool, float]] = {}
        self.jwks_fetches = 0

    async def verify(self, token: str, *, check_revocation: bool = False) -> Claims:
        """The token's claims, or `TokenError`."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as err:
            raise TokenError("malformed token") from err
        alg = header.get("alg")
        if alg not in _ALGORITHMS:
            raise TokenError(f"algorithm {alg!r} is not accepted")
        if _KEY_IN_HEADER & header.keys():
            raise TokenError("the token names its own key")
        if str(header.get("typ", "")).lower() not in ("at+jwt", "application/at+jwt"):
            raise TokenError("not an access token (typ)")
        key = await self._key(str(header.get("kid", "")))
        if key.algorithm_name != alg:
            raise TokenError("the algorithm is not the key's")
        try:
            payload = jwt.decode(
                token,
                key=key.key,
                algorithms=[key.algorithm_name],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as err:
            raise TokenError("the token has expired", expired=True) from err
        except jwt.PyJWTError as err:
            raise TokenError(str(err)) from err
        try:
            claims = Claims.model_validate(payload)
        except ValueError as err:  # pydantic's ValidationError
            raise TokenError("the token's claims are malformed") from err
        if check_revocation and not await self._active_online(token):
            raise TokenError("the token was revoked")
        return claims

    async def _key(self, kid: str) -> jwt.PyJWK:
        age = time.monotonic() - self._keys.fetched_at
        if kid in self._keys.by_kid and age < self.max_age:
            return self._keys.by_kid[kid]
        # An unknown kid, or keys old enough that one may have been revoked
        # (`palisade keys revoke` takes a key out of the JWKS).
        async with self._fetching:
            age = time.monotonic() - self._keys.fetched_at
            stale = age >= self.max_age
            if (kid not in self._keys.by_kid or stale) and age >= self.refetch_cooldown:
                await self._fetch()
        if kid not in self._keys.by_kid:
            raise TokenError("unknown signing key")
        return self._keys.by_kid[kid]

    async def _fetch(self) -> None:
        # Failures count for the cool-down too: a dead JWKS is not hammered.
        self._keys.fetched_at = time.monotonic()
        self.jwks_fetches += 1
        try:
            answer = await self._http.get(self.jwks_url)
            answer.raise_for_status()
            keys = answer.json().get("keys", [])
        except (httpx.HTTPError, ValueError):
            # Keep the keys we have; the next fetch is after the cool-down.
            return
        by_kid = {}
        for jwk in keys:
            if jwk.get("use", "sig") != "sig" or "kid" not in jwk:
                continue
            try:
                by_kid[jwk["kid"]] = jwt.PyJWK(jwk)
            except jwt.PyJWTError:
                continue  # A key type this verifier does not know.
        self._keys.by_kid = by_kid

    async def _active_online(self, token: str) -> bool:
        if self.introspection is None:
            raise TokenError("revocation checks need introspection credentials")
        digest = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        known = self._active.get(digest)
        if known and known[1] > now:
            return known[0]
        client_id, secret = self.introspection
        try:
            answer = await self._http.post(
                f"{self.issuer}/oauth2/introspect",
                data={"token": token, "token_type_hint": "access_token"},
                auth=(client_id, secret),
            )
            answer.raise_for_status()
            active = bool(answer.json().get("active"))
        except (httpx.HTTPError, ValueError) as err:
            # Cannot tell: refuse rather than let a revoked token through.
            raise TokenError("the token could not be checked online") from err
        if len(self._active) > 10_000:
            self._active = {k: v for k, v in self._active.items() if v[1] > now}
        self._active[digest] = (active, now + self.revocation_cache)
        return active
