"""The compiled `derive` (features/_derive.c) must give the Attributes that
`attributes.derive_py` gives, field by field and with the same table keys, and
leave the same entries in the memo tables: for dotted quads with leading zeros
or out of range, IPv6 in every written form, strings with surrounding
whitespace or letters whose case changes length, missing fields, and payments
it does not take (which the Python then answers). Its HMAC must be
`hashing.Hasher`'s."""
from __future__ import annotations

import hashlib
import hmac
import math
import os
import random
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Callable

import msgspec
import pytest

from features import attributes as attr_mod
from features.attributes import Attributes, DeriveContext, derive, derive_py
from features.hashing import Hasher, keyed_hash
from features.netinfo import NetLookup
from features.payment import Payment
from features.useragent import UAParser
from models.policy import load_policy
from tests.compiled import require_built

ROOT = Path(__file__).resolve().parents[1]
needs_c = pytest.mark.skipif(not attr_mod.HAVE_C_DERIVE, reason="features._derive not built or switched off")


def test_extension_is_built_where_a_compiler_is() -> None:
    """A stale install without it would silently take the slow path."""
    require_built(attr_mod.HAVE_C_DERIVE, "features._derive")


def test_switched_off_runs_python() -> None:
    env = {**os.environ, "RISKGATE_PURE_PYTHON": "1"}
    code = "from features import attributes as a; print(a.HAVE_C_DERIVE, a.derive is a.derive_py)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False True"


@needs_c
def test_hmac_is_the_hashers() -> None:
    from features import _derive   # type: ignore[attr-defined]
    rnd = random.Random(5)
    for key_len in (0, 1, 32, 63, 64, 65, 100):
        key = bytes(rnd.randrange(256) for _ in range(key_len))
        h = Hasher(key)
        state = _derive.hmac_state(h.key64)
        # messages across SHA-256's block and padding boundaries, and non-ASCII
        for n in (0, 1, 50, 51, 52, 53, 55, 56, 60, 61, 63, 64, 100, 116, 117, 120, 200, 300):
            value = "".join(rnd.choice("ab09.:/ßé漢") for _ in range(n))
            assert _derive.hmac16(state, "ip", value) == h("ip", value) == keyed_hash(key, "ip", value)
        full = hmac.new(hashlib.sha256(key).digest() if key_len > 64 else key, b"net\x1f1.2.3/24", "sha256")
        assert _derive.hmac16(state, "net", "1.2.3/24") == full.hexdigest()[:16]


IPS = [
    "81.2.69.160", "081.002.069.160", "8.8.8.8", "10.0.0.1", "192.168.1.1", "127.0.0.1", "0.0.0.0",
    "255.255.255.255", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.", "+1.2.3.4", "1.2.3.-4",
    "1_0.2.3.4", "١.٢.٣.٤", "1.2.3.٤", "0" * 70 + ".1.1.1", "1.2.3.4 ", " 1.2.3.4", "\t8.8.4.4\n", "a.b.c.d",
    "2a00:1450:4001:81b::200e", "2A00:1450:4001:081B:0000:0000:0000:200E", "2001:db8::1", "::1", "::",
    "fe80::1%eth0", "::ffff:81.2.69.160", "::ffff:1.2.3.4", "::1.2.3.4", "::2:3", "1::", "1:2:3:4:5:6:7::",
    "1:2:3:4:5:6:1.2.3.4", "64:ff9b::8.8.8.8", ":::", "1:::2", "12345::", "gggg::1", "2606:4700:4700::1111",
    "", "   ", "not an ip", "1.2.3.4:80", "[::1]",
]
CITIES = ["Berlin", " München ", "STRASSE", "Straße", "İstanbul", "x" * 100, "Ünïcödé " * 12, "", "  ", "PARIS",
          "new york", "São Paulo"]
COUNTRIES = ["DE", "de", " fr ", "deu", "GERMANY", "ß", "ÿes", "", " ", "Tr", "İt"]
CHANNELS = ["mobile", "MOBILE", " Web ", "İNTERNET", "", "  ", "pos", "Ａpp"]
UAS = ["BankApp/7.1 (Android 14; SM-S918B)", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Mobile/15E148",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
       "curl/8.0", "", "  ", " BankApp/7.2 (iOS 17.4; iPhone15,2) ", "???"]
CURRENCIES = ["EUR", "usd", " GBP ", "", "  ", "XXX", "eur"]


def _payment(rnd: random.Random, i: int) -> Payment:
    def pick(xs: list, none: float = 0.15):   # noqa: ANN202
        return None if rnd.random() < none else rnd.choice(xs)

    lat = pick([52.52, -33.9, 0.0, 91.0, -90.0, 90.0, float("nan"), 48.1])
    lon = pick([13.4, 151.2, 0.0, 181.0, -180.0, 180.0, float("inf"), 11.6])
    ts = rnd.choice([1_772_323_200.0 + rnd.uniform(0, 90 * 86400), rnd.uniform(-86400 * 3, 86400 * 3),
                     float(rnd.randrange(0, 2_000_000_000)), 86400.0 * rnd.randrange(-5, 5), -1e-20, 1e-300])
    ip = pick(IPS, 0.1)
    if ip is not None and rnd.random() < 0.3:   # many distinct addresses, in few blocks
        ip = f"{rnd.choice([81, 8, 185, 41])}.{rnd.randrange(3)}.{rnd.randrange(4)}.{rnd.randrange(256)}"
    if ip is not None and rnd.random() < 0.1:
        ip = f"2a02:8108:{rnd.randrange(4):x}::{rnd.randrange(65536):x}"
    return Payment(
        transaction_id=f"t{i}", customer_id=rnd.choice(["c1", "c2", "ç3", " c4 "]), timestamp="x", ts=ts,
        amount=rnd.choice([12.5, 0.01, 1e9, 99.99]), currency=pick(CURRENCIES), channel=pick(CHANNELS), ip=ip,
        device_id=pick([f"dev-{rnd.randrange(6)}", " dev-1 ", "", "  ", "dév-ü"]), user_agent=pick(UAS),
        lat=lat, lon=lon, country=pick(COUNTRIES), city=pick(CITIES),
        payee_id=pick([f"payee-{rnd.randrange(8)}", " payee-1", "", "ПАЙ"]),
    )


_NET: list[NetLookup] = []


def _ctx(to_base: Callable[[str | None], float] | None = None) -> DeriveContext:
    """A context on one shared network database (loading it takes ~0.3 s)."""
    if not _NET:
        _NET.append(NetLookup())
    return DeriveContext(Hasher(b"k"), _NET[0], UAParser(), to_base)


def _same(a: Attributes, b: Attributes) -> None:
    da, db = msgspec.structs.asdict(a), msgspec.structs.asdict(b)
    for k in da:   # NaN never comes through (valid_latlon), -0.0 must stay itself
        if isinstance(da[k], float):
            assert math.copysign(1, da[k]) == math.copysign(1, db[k]), k
    assert da == db
    assert type(a) is type(b) is Attributes
    assert a.__dict__ == b.__dict__


def _rates(currency: str | None) -> float:
    return {"USD": 0.9, "GBP": 1.2}.get((currency or "").strip().upper(), 1.0)


@needs_c
@pytest.mark.parametrize("seed", range(3))
def test_compiled_derive_gives_the_pythons_attributes(seed: int) -> None:
    rnd = random.Random(seed)
    to_base = [None, _rates, load_policy(None).to_base][seed]
    c_ctx, py_ctx = DeriveContext.create(b"key", to_base), DeriveContext.create(b"key", to_base)
    for i in range(4000):
        p = _payment(rnd, i)
        _same(derive(p, c_ctx), derive_py(p, py_ctx))
    for name in ("ips", "devs", "payees", "uas"):
        assert getattr(c_ctx, name) == getattr(py_ctx, name), name
    assert c_ctx.net._cache == py_ctx.net._cache


@needs_c
@pytest.mark.parametrize("cap", [7, 40])
def test_full_memos_drop_the_same_oldest_entries_as_in_python(monkeypatch: pytest.MonkeyPatch, cap: int) -> None:
    """Same entries in the same insertion order after every payment, so that
    the next eviction drops the same ones (7: one at a time; 40: two)."""
    from features import _derive   # type: ignore[attr-defined]
    rnd = random.Random(9)
    monkeypatch.setattr(attr_mod, "_MEMO_CAP", cap)
    attr_mod._compiled_derive()   # its set-up again: the extension's cap is this one too
    try:
        c_ctx, py_ctx = _ctx(), _ctx()
        for i in range(600):
            p = _payment(rnd, i)
            _same(derive(p, c_ctx), derive_py(p, py_ctx))
            for name in ("ips", "devs", "payees", "uas"):
                assert list(getattr(c_ctx, name).items()) == list(getattr(py_ctx, name).items())
                assert len(getattr(c_ctx, name)) <= cap
        assert len(c_ctx.ips) >= cap - max(1, cap // 16)   # full memos were not emptied
    finally:
        monkeypatch.undo()
        attr_mod._compiled_derive()
    assert _derive.derive is derive


@needs_c
def test_what_the_extension_does_not_take_python_answers() -> None:
    base = Payment(transaction_id="t", customer_id="c", timestamp="x", ts=1_772_323_200.0, amount=10.0, currency="EUR",
                   ip="81.2.69.160", device_id="d", payee_id="p")
    odd = [
        msgspec.structs.replace(base, amount=10),            # an int amount
        msgspec.structs.replace(base, ts=float("inf")),      # Python's int() raises
        msgspec.structs.replace(base, lat=52, lon=13),       # ints for coordinates
        SimpleNamespace(**msgspec.structs.asdict(base)),     # not a Payment
    ]
    for p in odd:
        c_ctx, py_ctx = _ctx(), _ctx()
        try:
            want = derive_py(p, py_ctx)  # type: ignore[arg-type]
        except Exception as exc:   # noqa: BLE001
            with pytest.raises(type(exc)):
                derive(p, c_ctx)  # type: ignore[arg-type]
            continue
        _same(derive(p, c_ctx), want)  # type: ignore[arg-type]


@needs_c
def test_a_hasher_without_the_key_state_leaves_derive_to_python() -> None:
    """A context whose hasher is not hashing.Hasher has no key state for C: derive_py answers."""
    class OtherHasher:
        def __call__(self, kind: str, value: str) -> str:
            return keyed_hash(b"k", kind, value)

    if not _NET:
        _NET.append(NetLookup())
    c_ctx = DeriveContext(OtherHasher(), _NET[0], UAParser())  # type: ignore[arg-type]
    assert c_ctx.chmac is None
    p = Payment(transaction_id="t", customer_id="c", timestamp="x", ts=1_772_323_200.0, amount=10.0, currency="EUR",
                ip="81.2.69.160", device_id="d", payee_id="p", city="Köln", country="de")
    _same(derive(p, c_ctx), derive_py(p, _ctx()))
