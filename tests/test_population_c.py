"""The compiled entity update (features/_population.c) must write the bytes that
`features.population.observe_decoded_py` writes, payment after payment, for
devices, IPs, networks and payees: customer lists past their cap, bursts of
first-time senders, days rolling out of the payee's window, senders'
amounts settling and being forgotten by a fraud report, payments out of order
and long silences. What it cannot take exactly it must refuse with the entity
unchanged, and the Python definition then answers."""
from __future__ import annotations

import copy
import os
import random
import struct
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from features import extract as extract_mod
from features import population as pop
from features.attributes import Attributes
from features.config import DEFAULT_CONFIG
from features.extract import FEATURE_NAMES, LLR_GROUPS, _entity_signals_py
from features.hashing import label_key
from features.population import Entity, decode_entity, encode_entity, mark_fraud, observe_decoded, observe_decoded_py
from tests.compiled import require_built

T0 = 1_700_000_000.0
ROOT = Path(__file__).resolve().parents[1]
KINDS = ("d:dev", "i:ip", "n:net", "p:payee")

needs_c = pytest.mark.skipif(not pop.HAVE_C_POPULATION, reason="features._population not built or switched off")


def test_extension_is_built_where_a_compiler_is() -> None:
    """A stale install without it would silently take the slow path."""
    require_built(pop.HAVE_C_POPULATION, "features._population")


def _history(seed: int, n: int) -> list[tuple[str, Attributes, bool, bool, bool]]:
    """(entity key, payment, new for the customer, completed, then a fraud report)."""
    rnd = random.Random(seed)
    ts = T0
    out = []
    seen: set[tuple[str, str]] = set()
    for _ in range(n):
        r = rnd.random()
        if r < 0.02:
            ts += rnd.choice([3 * 86400, 20 * 86400, 50 * 86400])   # silences: days leave the window
        elif r < 0.8:
            ts += rnd.expovariate(1 / 30)                            # bursts: caps overflow within a day
        else:
            ts += rnd.expovariate(1 / 2000)
        pts = ts - rnd.uniform(0, 3 * 86400) if rnd.random() < 0.08 else ts   # late, older payments
        pool = rnd.choice([3, 40, 400, 4000])
        cust = f"c{rnd.randrange(pool)}"
        key = rnd.choice(KINDS)
        amount = rnd.choice([0.5, 1.0, 99.99, 250.0, 1e7]) if rnd.random() < 0.1 else round(rnd.lognormvariate(3.5, 1.2), 2)
        new = (key, cust) not in seen if rnd.random() < 0.9 else rnd.random() < 0.5
        seen.add((key, cust))
        a = Attributes(customer_id=cust, ts=pts, amount=amount, how=int(pts // 3600) % 168)
        out.append((key, a, new, rnd.random() < 0.85, rnd.random() < 0.03))
    return out


@needs_c
@pytest.mark.parametrize("seed", range(6))
def test_compiled_update_writes_the_same_bytes(seed: int) -> None:
    blobs: dict[str, bytes | None] = {k: None for k in KINDS}
    n_payee = most_cust = most_days = most_paid = 0
    for key, a, new, completed, report in _history(seed, 3000):
        blob = blobs[key]
        want = observe_decoded_py(decode_entity(blob), key, a, new, completed)
        got = observe_decoded(decode_entity(blob), key, a, new, completed)
        assert got == want, (seed, key, a)
        blobs[key] = got
        e = decode_entity(got)
        most_cust, most_days, most_paid = max(most_cust, len(e.cust)), max(most_days, len(e.days)), \
            max(most_paid, len(e.paid_k))
        if report:   # a report takes the customer out of the payee's memory and counts on its day
            blobs[key] = mark_fraud(got, a.ts + 7 * 86400, a.ts, a.customer_id)
        n_payee += key[0] == "p"
    # the paths above were taken: caps reached, days rolled, senders remembered
    assert n_payee > 500 and most_cust == pop._CUST_CAP and most_days >= 3 * 5 and most_paid == pop._PAID_CAP


@needs_c
def test_caps_overflow_within_a_day() -> None:
    """40 customers and 80 first-time senders in an hour: the cust list and the
    senders are cut to their caps, oldest first, the same way."""
    e_py, e_c = Entity(), Entity()
    for i in range(80):
        a = Attributes(customer_id=f"c{i % 40}", ts=T0 + 37 * i - (500 if i % 7 == 0 else 0), amount=10.0 + i,
                       how=0)
        b_py = observe_decoded_py(e_py, "p:x", a, True, i % 3 != 0)
        b_c = observe_decoded(e_c, "p:x", a, True, i % 3 != 0)
        assert b_py == b_c
        e_py, e_c = decode_entity(b_py), decode_entity(b_c)
    assert len(e_c.cust) == pop._CUST_CAP and len(e_c.new_snd) == pop._SENDER_CAP
    assert len(e_c.paid_k) == pop._PAID_CAP


@needs_c
@pytest.mark.parametrize("bad", [
    {"days": [1, 2]},                                 # not day triples
    {"paid_k": [5], "paid": [1, 2]},                   # not three ints per customer
    {"cust": [[1, 2, 3]]},                             # not [key, ts] pairs
    {"cust": [[1, 2**60]]},                            # past int64's exact range
    {"first": 2**60},
])
def test_what_the_c_update_refuses_python_answers(bad: dict) -> None:
    """The compiled update raises before changing anything, and the wrapper
    answers with the Python definition's bytes (or its exception)."""
    a = Attributes(customer_id="c1", ts=T0, amount=12.0, how=0)

    def fresh() -> Entity:   # the Python update changes lists in place
        return Entity(**copy.deepcopy(bad))

    e = fresh()
    before = encode_entity(e)
    with pytest.raises((TypeError, OverflowError)):
        pop._OBSERVE_C(e, True, int(T0), 7, True, True, 12, int(T0 // 60))
    assert encode_entity(e) == before
    try:
        want: bytes | Exception = observe_decoded_py(fresh(), "p:x", a, True, True)
    except Exception as exc:   # noqa: BLE001 - compared with the wrapper's behaviour
        want = exc
    if isinstance(want, Exception):
        with pytest.raises(type(want)):
            observe_decoded(fresh(), "p:x", a, True, True)
    else:
        assert observe_decoded(fresh(), "p:x", a, True, True) == want


def test_switched_off_runs_python() -> None:
    """RISKGATE_PURE_PYTHON=1 leaves the Python definition in charge."""
    env = {**os.environ, "RISKGATE_PURE_PYTHON": "1"}
    out = subprocess.run([sys.executable, "-c", "from features import population as p; print(p.HAVE_C_POPULATION)"],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _pack(xs: list[float]) -> bytes:
    """Bit patterns: -0.0 and NaN compare as themselves."""
    return struct.pack(f"{len(xs)}d", *xs)


@needs_c
@pytest.mark.parametrize("seed", range(4))
def test_compiled_entity_features_match_python(seed: int) -> None:
    """extract's entity signals (others within the hour and day, fraud weights
    and rates, victims, the payee's senders, rates and matured fraud shares)
    from the compiled function and from `_entity_signals_py`, on entities built
    by the history above with fraud reports, read by random customers at random
    times (before, at and after the entities' clocks)."""
    rnd = random.Random(100 + seed)
    blobs: dict[str, bytes | None] = {k: None for k in KINDS}
    n_fraud_read = 0
    for i, (key, a, new, completed, report) in enumerate(_history(seed, 2500)):
        blobs[key] = observe_decoded_py(decode_entity(blobs[key]), key, a, new, completed)
        if report or rnd.random() < 0.01:
            blobs[key] = mark_fraud(blobs[key], a.ts + rnd.choice([0, 3600, 7 * 86400]), a.ts,
                                    a.customer_id if rnd.random() < 0.9 else None)
        if i % 7:
            continue
        ents = [decode_entity(blobs[k]) if rnd.random() < 0.85 else None for k in KINDS]
        ck = label_key(f"c{rnd.randrange(40)}") if rnd.random() < 0.7 else label_key(a.customer_id)
        ts = a.ts + rnd.choice([-86400.0, -30.0, 0.0, 45.0, 3000.0, 8 * 86400.0, 40 * 86400.0])
        v0 = [rnd.random() for _ in range(len(FEATURE_NAMES))]
        l0 = [rnd.random() for _ in range(len(LLR_GROUPS))]
        v_py, l_py, v_c, l_c = list(v0), list(l0), list(v0), list(l0)
        want = _entity_signals_py(v_py, l_py, *ents, ck, ts, DEFAULT_CONFIG.shared_allowance, DEFAULT_CONFIG.llr_max)
        got = extract_mod._ENTITY_FEATURES_C(v_c, l_c, *ents, ck, ts, DEFAULT_CONFIG.shared_allowance,
                                             DEFAULT_CONFIG.llr_max)
        assert got == want and type(got[4]) is type(want[4])
        assert _pack(v_c) == _pack(v_py) and _pack(l_c) == _pack(l_py), (seed, i)
        n_fraud_read += any(e is not None and e.fraud_w > 0 for e in ents)
    assert n_fraud_read > 20


@needs_c
def test_entity_features_refuse_what_python_must_answer() -> None:
    """A malformed entity: the compiled function raises with v and llr unchanged."""
    v = [0.5] * len(FEATURE_NAMES)
    llr = [0.25] * len(LLR_GROUPS)
    for bad in (Entity(days=[1, 2]), Entity(cust=[[1]]), Entity(fraud_w=1.0, fraud_cust=[2**60])):
        with pytest.raises((TypeError, OverflowError)):
            extract_mod._ENTITY_FEATURES_C(v, llr, bad, bad, None, bad, 3, T0, 2, 6.0)
        assert v == [0.5] * len(FEATURE_NAMES) and llr == [0.25] * len(LLR_GROUPS)


def _counted(seed: int, n: int) -> list[Attributes]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        def pick(pool: int, p_missing: float = 0.2) -> str | None:
            return None if rnd.random() < p_missing else f"v{rnd.randrange(pool)}"
        amount = rnd.choice([0.001, 0.01, 0.5, 1e9]) if rnd.random() < 0.05 else round(rnd.lognormvariate(3, 1.5), 2)
        out.append(Attributes(
            customer_id=f"c{i}", ts=T0 + i, amount=amount, how=rnd.choice([0, 5, 167, 168, -1, 100]),
            ip_country=pick(30), asn=pick(6000, 0.1), ua_os=pick(8), ua_family=pick(12), country=pick(40),
            city=pick(5000), channel=pick(4, 0.3), hosting=rnd.choice([None, True, False])))
    return out


@needs_c
@pytest.mark.parametrize("seed", range(3))
def test_compiled_counts_match_python(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The population frequencies counted in C and in Python hold the same dicts
    and floats, through a field's cap (4,096 values: the rarest half dropped) and
    the totals' halving (a cap lowered for the test, as the Python reads it)."""
    monkeypatch.setattr(pop, "_TOTAL_CAP", 3000.0)
    _population_mod().setup_counts(Attributes, {
        "fields": pop.FREQ_FIELDS, "how_keys": pop.HOW_KEYS, "trim": pop.PopulationFrequencies._trim,
        "field_cap": float(pop._FIELD_CAP), "total_cap": 3000.0, "amt_bins_per_ln": pop._AMT_BINS_PER_LN})
    try:
        f_c, f_py = pop.PopulationFrequencies(), pop.PopulationFrequencies()
        for a in _counted(seed, 9000):
            assert pop._COUNT_C(f_c._g, a) is True
            pop.PopulationFrequencies._add_py(f_py._g, a)
        assert msgspec.msgpack.encode(f_c._g) == msgspec.msgpack.encode(f_py._g)
        assert max(len(v) for v in f_c._g.values.values()) <= pop._FIELD_CAP
        assert f_c._g.amt_n < 3000.0 and len(f_c._g.values["asn"]) < 6000   # both caps were reached
    finally:
        _population_mod().setup_counts(Attributes, {
            "fields": pop.FREQ_FIELDS, "how_keys": pop.HOW_KEYS, "trim": pop.PopulationFrequencies._trim,
            "field_cap": float(pop._FIELD_CAP), "total_cap": float(1 << 22),
            "amt_bins_per_ln": pop._AMT_BINS_PER_LN})


@needs_c
def test_counts_refuse_what_they_do_not_expect() -> None:
    """An amount Python's floor rejects, or a table that is not a dict: False
    with nothing changed, and `_add` then answers as the Python does."""
    f = pop.PopulationFrequencies()
    pop.PopulationFrequencies._add(f._g, Attributes(customer_id="c", ts=T0, amount=12.0, asn="a"))
    before = msgspec.msgpack.encode(f._g)
    nan = Attributes(customer_id="c", ts=T0, amount=float("nan"), asn="a")
    assert pop._COUNT_C(f._g, nan) is False
    assert msgspec.msgpack.encode(f._g) == before
    with pytest.raises(ValueError):
        pop.PopulationFrequencies._add(f._g, nan)   # math.floor(nan), as before
    g = pop.PopulationFrequencies()
    g._g.values["asn"] = None   # type: ignore[assignment]
    assert pop._COUNT_C(g._g, Attributes(customer_id="c", ts=T0, amount=1.0, asn="a")) is False


def _population_mod():  # type: ignore[no-untyped-def]
    from features import _population
    return _population
