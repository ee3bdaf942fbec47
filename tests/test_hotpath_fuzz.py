"""Random, extreme and malformed profiles through the compiled hot path: it
must never crash the process. Where it answers, it answers exactly what the
Python definitions answer; where it refuses (a value beyond int64, a list of
the wrong shape), it raises a Python exception the engine turns into a
DEGRADED decision. Profiles are built as a corrupt or hostile store could
hand them over after msgspec's type checks: right types, any values."""
from __future__ import annotations

import copy
import struct

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from features import extract as ex
from features import profile as prof
from features.attributes import Attributes
from features.extract import extract_py
from features.hashing import keyed_hash
from features.population import PopulationFrequencies
from features.profile import Centre, Entry, PayeeEntry, PayeeTable, Profile, Table, learn_py

pytestmark = pytest.mark.skipif(not ex.HAVE_C_EXTRACT, reason="features._hotpath not built or switched off")

REFUSED = (TypeError, ValueError, IndexError, OverflowError, ZeroDivisionError, struct.error)
T0 = 1_700_000_000

small = st.integers(-2**20, 2**31)
big = st.one_of(small, st.integers(-2**63, 2**64 - 1))   # what a msgpack blob can hold
minute = st.integers(T0 // 60 - 10**6, T0 // 60 + 10**6)


def entries(cls: type, n: int) -> st.SearchStrategy:
    base = dict(k=st.integers(0, 2**32 - 1), w=big, t=minute, f=minute, c=small)
    if cls is PayeeEntry:
        base.update(a=small, r=st.integers(0, 1))
    return st.lists(st.builds(cls, **base), max_size=n)


tables = st.builds(Table, w=big, t=minute, e=entries(Entry, 6))
profiles = st.builds(
    Profile,
    n=st.integers(0, 50), first=minute, last=minute,
    ip=tables, net_a=tables, device=tables, city=tables,
    payee=st.builds(PayeeTable, w=big, t=minute, e=entries(PayeeEntry, 18)),
    centres=st.lists(st.builds(Centre, lat=st.integers(-900000, 900000), lon=st.integers(-1800000, 1800000),
                               w=big, t=minute, f=minute, c=small), max_size=5),
    geo_w=big, geo_t=minute,
    hist=st.sampled_from([b"", bytes(336), bytes(range(256)) + bytes(80), b"\xff" * 336, b"\x01" * 10]),
    hist_tot=st.one_of(st.just(0), small), hist_log2=st.floats(-60, 60), hist_t=minute,
    amt_mu=st.integers(-20000, 30000), amt_var=st.integers(0, 20000), amt_w=big, amt_t=minute,
    amt_max=big, amt_max_t=minute,
    recent=st.lists(st.lists(st.integers(T0 - 100000, T0 + 100000), min_size=2, max_size=4), max_size=30),
    last_geo=st.one_of(st.just([]), st.lists(st.integers(-900000, T0 + 10**6), min_size=1, max_size=3)),
    win=st.one_of(st.just([]), st.lists(small, min_size=6, max_size=6), st.lists(small, max_size=8)),
    win_t=minute, day_max=big, day_max_t=minute, burst_h=small, burst_d=small, burst_t=minute,
    pend_h=small, pend_d=small, pend_t=minute, day_pend=big, day_pend_t=minute,
    payee_mem=st.sampled_from([b"", bytes(192), b"\xff" * 192, b"\x01" * 7]),
)
payments = st.builds(
    lambda ts, amount, how, ip, dev, payee, geo: Attributes(
        customer_id="c", ts=float(ts), amount=amount, how=how,
        ip_h=keyed_hash(b"k", "ip", ip) if ip else None, device_h=keyed_hash(b"k", "dev", dev) if dev else None,
        payee_h=keyed_hash(b"k", "payee", payee) if payee else None,
        lat=geo[0] if geo else None, lon=geo[1] if geo else None, country="FR" if geo else None),
    ts=st.integers(T0 - 10**6, T0 + 10**8), amount=st.one_of(st.floats(0.01, 1e6), st.sampled_from([1e12, 1e14])),
    how=st.integers(0, 167), ip=st.sampled_from(["", "a", "b"]), dev=st.sampled_from(["", "d"]),
    payee=st.sampled_from(["", "p", "q"]),
    geo=st.one_of(st.none(), st.tuples(st.floats(-89, 89), st.floats(-179, 179))),
)


def _same(a: object, b: object) -> bool:
    """Equality with NaN equal to NaN (a corrupt profile can make a feature NaN before the final repair)."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (a != a and b != b)
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def _outcome(fn, *args):  # type: ignore[no-untyped-def]
    try:
        return "ok", fn(*args)
    except REFUSED as exc:
        return "refused", type(exc)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(p=profiles, a=payments)
def test_learn_never_crashes_and_agrees_where_it_answers(p: Profile, a: Attributes) -> None:
    p_c, p_py = copy.deepcopy(p), copy.deepcopy(p)
    kind, _ = _outcome(prof.learn, p_c, a)
    kind_py, _ = _outcome(learn_py, p_py, a)
    if kind == "ok" and kind_py == "ok":
        assert msgspec.to_builtins(p_c) == msgspec.to_builtins(p_py)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(p=profiles, a=payments)
def test_extract_never_crashes_and_agrees_where_it_answers(p: Profile, a: Attributes) -> None:
    freq = PopulationFrequencies()
    kind, fs = _outcome(ex.extract, a, p, {}, freq)
    kind_py, fs_py = _outcome(extract_py, a, p, {}, freq)
    if kind == "ok" and kind_py == "ok":
        assert _same(msgspec.to_builtins(fs), msgspec.to_builtins(fs_py))
