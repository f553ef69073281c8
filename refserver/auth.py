"""AUTH-1..3: who is calling (Bearer key) and whether their scope allows the operation."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from refserver.errors import ApiError
from refserver.faults import Fault, Faults

SCOPES = ("generator", "manager", "admin")
"""The key scopes, lowest first: a scope may do what every lower one may."""
UNKNOWN_ORG = "org-unknown"


@dataclass(frozen=True)
class ApiKey:
    """One API key: its scope, its organisation and its own rate limit, if any."""

    key: str
    scope: str
    org: str
    rate: float | None = None
    burst: int | None = None

    def __repr__(self) -> str:
        return f"ApiKey(scope={self.scope!r}, org={self.org!r})"

    @cached_property
    def digest(self) -> str:
        """What stores keep in place of the key (task owner, rate-limit bucket): never the key."""
        return hashlib.sha256(self.key.encode()).hexdigest()


class Authenticator:
    """Looks keys up in constant time; never echoes or logs the key itself."""

    def __init__(self, keys: Iterable[ApiKey], faults: Faults) -> None:
        self.keys = {key.key: key for key in keys}
        self.faults = faults

    def authenticate(self, header: str | None) -> ApiKey:
        """The caller's key from `Authorization: Bearer <key>`, or 401."""
        if not header:
            raise ApiError(401, "missing Authorization: Bearer <key>", "AUTH-1")
        scheme, _, token = header.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or " " in token:
            if self.faults.on(Fault.AUTH_1) and header.strip() in self.keys:
                return self.keys[header.strip()]
            if self.faults.on(Fault.AUTH_1_SCHEME) and token in self.keys:
                return self.keys[token]
            raise ApiError(401, "the Authorization header must be `Bearer <key>`", "AUTH-1")
        key = self.keys.get(token)
        if key is None:
            if self.faults.on(Fault.AUTH_2):
                return ApiKey(token, "generator", UNKNOWN_ORG)
            raise ApiError(401, "unknown API key", "AUTH-2")
        return key

    def require(self, key: ApiKey, scopes: Iterable[str], *, relax: bool = False) -> None:
        """403 unless the key's scope ranks at least as high as the lowest one the spec asks for."""
        needed = [SCOPES.index(scope) for scope in scopes if scope in SCOPES]
        if not needed or relax:
            return
        if SCOPES.index(key.scope) < min(needed):
            raise ApiError(403, f"this operation needs a {SCOPES[min(needed)]} key", "AUTH-3")
