"""Bearer keys: scopes, wrong and missing keys, and the memory of accepted headers."""
from __future__ import annotations

import pytest

from service import auth
from service.auth import ADMIN, SCORE, KeyRing
from service.errors import ApiError


def test_scopes_of_each_key_and_refusals() -> None:
    ring = KeyRing(("k1", "k2"), ("a1",))
    assert ring.scopes("Bearer k1") == {SCORE}
    assert ring.scopes("bearer  k2 ") == {SCORE}
    assert ring.scopes("Bearer a1") == {ADMIN}
    assert ring.scopes("BEARER k1") == ring.scopes("BeArEr k1") == {SCORE}   # RFC 9110 11.1: any case
    for bad in (None, "", "k1", "Basic k1", "Bearer k3", "Bearer k1x", "Bearer "):
        assert ring.scopes(bad) is None
    with pytest.raises(ApiError) as e:
        ring.require("Bearer a1", SCORE)
    assert e.value.status == 403
    with pytest.raises(ApiError) as e:
        ring.require("Bearer nope", SCORE)
    assert e.value.status == 401


def test_accepted_headers_are_remembered_and_wrong_ones_never(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second sight of an accepted header skips the digest; a wrong key
    is digested every time and never remembered; the memory stays bounded."""
    ring = KeyRing(("k1",), ())
    calls: list[str] = []
    real = auth._digest
    monkeypatch.setattr(auth, "_digest", lambda k: (calls.append(k), real(k))[1])
    assert ring.scopes("Bearer k1") == {SCORE} and ring.scopes("Bearer k1") == {SCORE}
    assert calls == ["k1"]
    assert ring.scopes("Bearer k9") is None and ring.scopes("Bearer k9") is None
    assert calls == ["k1", "k9", "k9"]
    for i in range(auth._ACCEPTED_CAP + 5):
        ring.scopes("Bearer k1" + " " * i)   # spellings of the same key
    assert len(ring._accepted) <= auth._ACCEPTED_CAP
