"""FastAPI dependencies: `current_user` and `require(...)`.

401 answers carry `WWW-Authenticate: Bearer` (with `error="invalid_token"`
when a token was sent and refused, RFC 6750); a missing scope is 403 with
`error="insufficient_scope"`, a missing role or permission plain 403.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping

import httpx
from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .verifier import Claims, TokenError, Verifier

_bearer = HTTPBearer(auto_error=False, description="A Palisade access token")


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


class Palisade:
    """Protects routes with Palisade's access tokens.

    `issuer` is Palisade's public URL (`PALISADE_PUBLIC_URL`). `audience`
    defaults to it, as Palisade's `PALISADE_ACCESS_TOKEN_AUDIENCE` does.
    With `check_revocation=True`, every token is also checked at
    `/oauth2/introspect` (with `client_id`/`client_secret` of a confidential
    client, cached `revocation_cache` seconds), so a logout stops it at once.
    `role_permissions` maps your roles to your permissions for
    `require(permission=...)`.
    """

    def __init__(
        self,
        issuer: str,
        *,
        audience: str | None = None,
        check_revocation: bool = False,
        client_id: str | None = None,
        client_secret: str | None = None,
        revocation_cache: float = 5.0,
        role_permissions: Mapping[str, Iterable[str]] | None = None,
        jwks_url: str | None = None,
        leeway: float = 1.0,
        refetch_cooldown: float = 30.0,
        max_age: float = 600.0,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        if check_revocation and not (client_id and client_secret):
            raise ValueError("check_revocation=True needs client_id and client_secret")
        self.check_revocation = check_revocation
        self.role_permissions = {r: set(p) for r, p in (role_permissions or {}).items()}
        self.verifier = Verifier(
            issuer,
            audience=audience,
            jwks_url=jwks_url,
            leeway=leeway,
            refetch_cooldown=refetch_cooldown,
            max_age=max_age,
            introspection=(client_id, client_secret) if client_id and client_secret else None,
            revocation_cache=revocation_cache,
            http=http,
        )

    async def current_user(
        self, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)
    ) -> Claims:
        """The caller's verified claims, else 401."""
        if credentials is None or not credentials.credentials:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "A Bearer access token is required",
                headers={"WWW-Authenticate": "Bearer"},
            )
        try:
            return await self.verifier.verify(
                credentials.credentials, check_revocation=self.check_revocation
            )
        except TokenError as err:
            description = "The access token expired" if err.expired else "The access token is not valid"
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                description,
                headers={
                    "WWW-Authenticate": f'Bearer error="invalid_token", error_description="{_quote(description)}"'
                },
            ) from None

    def permissions_of(self, claims: Claims) -> set[str]:
        granted: set[str] = set()
        for role in claims.roles:
            granted |= self.role_permissions.get(role, set())
        return granted

    def require(
        self,
        *,
        permission: str | None = None,
        role: str | None = None,
        scope: str | None = None,
    ) -> Callable[..., Awaitable[Claims]]:
        """A dependency: the caller's claims if they hold all that is named, else 403."""

        async def granted(claims: Claims = Depends(self.current_user)) -> Claims:
            if scope is not None and scope not in claims.scopes:
                raise HTTPException(
                    status.HTTP_403_FORBIDDEN,
                    f"The token lacks the scope {scope}",
                    headers={
                        "WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{_quote(scope)}"'
                    },
                )
            if role is not None and role not in claims.roles:
                raise HTTPException(status.HTTP_403_FORBIDDEN, f"The role {role} is required")
            if permission is not None and permission not in self.permissions_of(claims):
                raise HTTPException(
                    status.HTTP_403_FORBIDDEN, f"The permission {permission} is required"
                )
            return claims

        return granted
