"""Bearer keys with two scopes, compared in constant time.

Keys are compared as SHA-256 digests with `hmac.compare_digest` against every
configured key (no early exit), so neither a key's length nor its prefix leaks
through response timing. A header that was accepted is remembered (a few, by
the whole header string): a gateway sends the same key with every payment, and
a dict lookup compares strings only when their randomized hashes match, so a
wrong key still learns nothing from timing; it takes the digest path.
"""
from __future__ import annotations

import hashlib
import hmac

from .errors import ApiError

SCORE = "score"
ADMIN = "admin"
_ACCEPTED_CAP = 64   # distinct accepted headers remembered (keys x their spellings)


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


class KeyRing:
    def __init__(self, api_keys: tuple[str, ...], admin_keys: tuple[str, ...]) -> None:
        self._scoped = [(_digest(k), SCORE) for k in api_keys] + [(_digest(k), ADMIN) for k in admin_keys]
        self._accepted: dict[str, frozenset[str]] = {}

    def scopes(self, header: str | None) -> frozenset[str] | None:
        """The scopes of the presented key; None when it is missing or unknown."""
        if not header:
            return None
        hit = self._accepted.get(header)
        if hit is not None:
            return hit
        if header[:7].lower() != "bearer ":   # the scheme's name is case-insensitive (RFC 9110, 11.1)
            return None
        presented = _digest(header[7:].strip())
        found: set[str] = set()
        for digest, scope in self._scoped:
            if hmac.compare_digest(digest, presented):
                found.add(scope)
        if not found:
            return None
        if len(self._accepted) >= _ACCEPTED_CAP:
            self._accepted.clear()
        hit = self._accepted[header] = frozenset(found)
        return hit

    def require(self, header: str | None, scope: str) -> None:
        scopes = self.scopes(header)
        if scopes is None:
            raise ApiError(401, "unauthorized", "missing or unknown bearer key")
        if scope not in scopes:
            raise ApiError(403, "forbidden", f"this key may not use the {scope} endpoints")
