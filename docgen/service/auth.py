"""API keys: ``X-API-Key: <key>`` or ``Authorization: Bearer <key>``.

Settings keep only ``sha256:<hex>`` of each key; a key sent is hashed and
compared with every stored hash with :func:`hmac.compare_digest`.  Each key
has scopes (render, package, batch, register, admin; admin holds them all).
With ``demo: true`` a request without a key may render, validate and read
the schema, nothing else.

>>> from docgen.service.settings import ApiKey, Settings, hash_key
>>> settings = Settings(api_keys=[ApiKey(name="clerk", hash=hash_key("k1"), scopes=["render"])])
>>> identify(settings, "k1").name
'clerk'
>>> identify(settings, "k2") is None
True
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from fastapi import Depends, Request

from docgen.service.errors import ApiError
from docgen.service.settings import Settings, hash_key

DEMO_SCOPES = frozenset({"render", "validate"})


@dataclass(frozen=True)
class Caller:
    name: str
    scopes: frozenset[str]

    def may(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes


def identify(settings: Settings, key: str):
    """The stored key ``key`` matches, or None (every hash is compared)."""
    sent = hash_key(key)
    found = None
    for stored in settings.api_keys:
        if hmac.compare_digest(sent, stored.hash) and found is None:
            found = stored
    return found


def _key_of(request: Request) -> str | None:
    key = request.headers.get("x-api-key")
    if key:
        return key.strip()
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def caller(request: Request) -> Caller:
    """Who sent ``request``: a key's name and scopes, or the demo caller; 401 otherwise."""
    settings: Settings = request.app.state.settings
    key = _key_of(request)
    if key is None:
        if settings.demo:
            return Caller("demo", DEMO_SCOPES)
        raise ApiError(401, "an API key is required (X-API-Key header or Authorization: Bearer)",
                       headers={"WWW-Authenticate": "Bearer"})
    stored = identify(settings, key)
    if stored is None:
        raise ApiError(401, "the API key is not valid", headers={"WWW-Authenticate": "Bearer"})
    return Caller(stored.name, frozenset(stored.scopes) | ({"validate"} if stored.scopes else set()))


def require(scope: str):
    """A dependency: the caller, who must hold ``scope`` (403 if not)."""

    def check(who: Caller = Depends(caller)) -> Caller:
        if not who.may(scope):
            if who.name == "demo":
                raise ApiError(401, f"an API key with the {scope} scope is required (the demo may render and "
                                    "validate only)", headers={"WWW-Authenticate": "Bearer"})
            raise ApiError(403, f"this key may not {scope} (its scopes: {', '.join(sorted(who.scopes)) or 'none'})")
        return who

    return check
