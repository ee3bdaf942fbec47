"""The compiled profile update (features/_hotpath.c) must write the bytes that
`features.profile.learn_py` writes, payment after payment, on every path:
tables filling and evicting, the payee memory rotating, centres drifting and
evicting, the hour histogram rescaling, payments out of order, long silences,
missing attributes, other configurations, and profiles decoded from storage.
It must also refuse what it cannot handle with a Python exception, never a
crash, and leave the Python definition in charge when switched off."""
from __future__ import annotations

import dataclasses
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from features import profile as prof
from features.attributes import Attributes
from features.config import DAY, DEFAULT_CONFIG, ProfileConfig
from features.hashing import keyed_hash
from features.profile import decode_profile, encode_profile, learn_py, new_profile, unlearn
from tests.compiled import require_built

T0 = 1_700_000_000.0
ROOT = Path(__file__).resolve().parents[1]


def test_extension_is_built_where_a_compiler_is() -> None:
    """A stale install without it would silently take the slow path."""
    require_built(prof.HAVE_C_LEARN, "features._hotpath")


needs_c = pytest.mark.skipif(not prof.HAVE_C_LEARN, reason="features._hotpath not built or switched off")


def _attrs(rnd: random.Random, ts: float, c: int, flood: bool) -> Attributes:
    """A payment with each attribute present or missing, from small pools
    (habits) or, in a flood, mostly new values."""
    def pick(pool: int, p_missing: float) -> int | None:
        if rnd.random() < p_missing:
            return None
        return rnd.randrange(10_000) if flood and rnd.random() < 0.7 else rnd.randrange(pool)

    amount = rnd.choice([0.01, 0.004, 1.0, 19.99, 250.0, 1e6, 1e12]) if rnd.random() < 0.05 else \
        round(rnd.lognormvariate(3.5, 1.2), 2)
    a = Attributes(customer_id=f"c{c}", ts=ts, amount=amount, how=int(ts // 3600) % 168)
    ip = pick(6, 0.1)
    if ip is not None:
        a.ip_h = keyed_hash(b"k", "ip", str(ip))
        a.net_a_h = keyed_hash(b"k", "a", str(ip // 2))
        a.net_b_h = keyed_hash(b"k", "b", str(ip // 4))
        a.asn = f"AS{ip // 8}"
        a.ip_country = rnd.choice(["FR", "DE", "US"])
    dev = pick(3, 0.2)
    if dev is not None:
        a.device_h = keyed_hash(b"k", "dev", str(dev))
    if rnd.random() > 0.1:
        a.ua_family, a.ua_os = rnd.choice([("App", "Android"), ("Chrome", "Windows"), ("Safari", "iOS")])
        a.ua_model = rnd.choice([None, "SM-S918B"])
    payee = pick(30, 0.05)
    if payee is not None:
        a.payee_h = keyed_hash(b"k", "payee", str(payee))
    if rnd.random() > 0.3:
        if flood and rnd.random() < 0.5:
            a.lat, a.lon = rnd.uniform(-60, 60), rnd.uniform(-170, 170)
        else:
            base = rnd.choice([(48.85, 2.35), (48.89, 2.24), (51.5, -0.13)])
            a.lat, a.lon = base[0] + rnd.gauss(0, 0.05), base[1] + rnd.gauss(0, 0.05)
        a.country = rnd.choice(["FR", "GB"])
        a.city = f"{a.country}|{rnd.randrange(3 if not flood else 50)}"
    return a


def _history(rnd: random.Random, c: int) -> list[Attributes]:
    """Busy stretches, silences of months to decades, bursts within seconds,
    a few payments out of order, floods of new values."""
    out = []
    ts = T0 + rnd.random() * DAY
    flood = False
    for _ in range(rnd.randint(50, 400)):
        r = rnd.random()
        if r < 0.01:
            ts += rnd.choice([400 * DAY, 20 * 365 * DAY])
        elif r < 0.05:
            ts += rnd.uniform(0, 120)
        elif r < 0.08:
            ts -= rnd.uniform(0, 3 * DAY)      # out of order
        else:
            ts += rnd.expovariate(6.0 / DAY)
        if rnd.random() < 0.03:
            flood = not flood
        out.append(_attrs(rnd, ts, c, flood))
    return out


CONFIGS = [
    DEFAULT_CONFIG,
    dataclasses.replace(DEFAULT_CONFIG, hl_network=3600.0, hl_time=7200.0, hl_amount=600.0, k_ip=1, k_payee=2,
                        k_centres=1, k_recent=3, label_delay=0.0, hl_windows=(60.0, 600.0, 3600.0)),
    dataclasses.replace(DEFAULT_CONFIG, k_device=8, k_city=8, centre_radius_km=500.0, hl_burst=86400.0),
]


@needs_c
@pytest.mark.parametrize("seed", range(12))
def test_same_bytes_as_python_on_random_histories(seed: int) -> None:
    rnd = random.Random(seed)
    cfg = CONFIGS[seed % len(CONFIGS)]
    for c in range(4):
        a_p, b_p = new_profile(), new_profile()
        for i, a in enumerate(_history(rnd, c)):
            prof.learn(a_p, a, cfg)
            learn_py(b_p, a, cfg)
            blob = encode_profile(b_p)
            assert encode_profile(a_p) == blob, f"seed {seed} customer {c} payment {i}"
            if rnd.random() < 0.05:
                unlearn(a_p, a, cfg)   # a fraud report in between (Python on both)
                unlearn(b_p, a, cfg)
            if rnd.random() < 0.2:
                # the store's round trip: the compiled code then works on decoded objects
                a_p, b_p = decode_profile(encode_profile(a_p)), decode_profile(encode_profile(b_p))


@needs_c
def test_default_config_when_omitted_and_config_switches() -> None:
    """The extension caches the last config's parameters: a switch between
    configs (and back) must not serve stale ones."""
    rnd = random.Random(7)
    hist = _history(rnd, 0)
    a_p, b_p = new_profile(), new_profile()
    for i, a in enumerate(hist):
        cfg = CONFIGS[i % 3]
        if cfg is DEFAULT_CONFIG and i % 2:
            prof.learn(a_p, a)
        else:
            prof.learn(a_p, a, cfg)
        learn_py(b_p, a, cfg)
        assert encode_profile(a_p) == encode_profile(b_p), i


@needs_c
def test_payee_memory_rotation_and_recall() -> None:
    """Hundreds of one-off payees through a 16-entry table: evictions fill the
    Bloom filter, which rotates, and a payee evicted earlier comes back recalled."""
    a_p, b_p = new_profile(), new_profile()
    recalled = 0
    rotated = False
    for i in range(700):
        a = Attributes(customer_id="c", ts=T0 + i * 3600.0, amount=float(10 + i % 7), how=i % 168)
        a.payee_h = keyed_hash(b"k", "payee", str(i % 40 if i < 300 else i))   # 40 in turn, then all new
        gen1 = a_p.payee_mem[prof.MEM_GEN_BYTES:]
        prof.learn(a_p, a)
        learn_py(b_p, a)
        assert encode_profile(a_p) == encode_profile(b_p), i
        recalled += sum(e.r for e in a_p.payee.e)
        rotated = rotated or (bool(gen1) and a_p.payee_mem[prof.MEM_GEN_BYTES:] != gen1)
    assert recalled > 0 and rotated


@needs_c
def test_extreme_values_fall_back_or_match() -> None:
    """An amount above the exact range, and a histogram idle for centuries,
    take the Python path before anything changes: the same bytes."""
    for amount, gap in ((1e14, 0.0), (50.0, 300 * 365 * DAY), (1e-9, 0.0)):
        a_p, b_p = new_profile(), new_profile()
        for ts in (T0, T0 + 60.0, T0 + 60.0 + gap, T0 + 120.0 + gap):
            a = Attributes(customer_id="c", ts=ts, amount=amount, how=3)
            prof.learn(a_p, a)
            learn_py(b_p, a)
            assert encode_profile(a_p) == encode_profile(b_p), (amount, gap, ts)


@needs_c
def test_bad_objects_raise_not_crash() -> None:
    a = Attributes(customer_id="c", ts=T0, amount=10.0, how=1)
    with pytest.raises(TypeError):
        prof.learn(object(), a)
    p = new_profile()
    p.n = 1.5   # type: ignore[assignment]
    with pytest.raises(TypeError):
        prof.learn(p, a)
    p = new_profile()
    p.ip.e.append("not an entry")   # type: ignore[arg-type]
    a = Attributes(customer_id="c", ts=T0, amount=10.0, how=1, ip_h=keyed_hash(b"k", "ip", "1"))
    with pytest.raises(TypeError):
        prof.learn(p, a)
    p = new_profile()
    p.recent = [[int(T0) - 10, 2]]   # within the day, so it is read, not purged
    with pytest.raises((TypeError, ValueError)):
        prof.learn(p, Attributes(customer_id="c", ts=T0, amount=10.0, how=1))
    p = new_profile()
    with pytest.raises(IndexError):
        prof.learn(p, Attributes(customer_id="c", ts=T0, amount=10.0, how=500))
    with pytest.raises(TypeError):
        prof.learn(new_profile())   # type: ignore[call-arg]


@needs_c
def test_degenerate_configs_raise_as_python_does() -> None:
    """Capacities of zero are a configuration error: both definitions raise the
    same exception instead of the C one reading past a list."""
    a = Attributes(customer_id="c", ts=T0, amount=10.0, how=1, ip_h=keyed_hash(b"k", "ip", "1"), lat=1.0, lon=2.0)
    for field in ("k_recent", "k_ip", "k_centres"):
        cfg = dataclasses.replace(DEFAULT_CONFIG, **{field: 0})
        with pytest.raises(IndexError):
            learn_py(new_profile(), a, cfg)
        with pytest.raises(IndexError):
            prof.learn(new_profile(), a, cfg)


def test_pure_python_switch() -> None:
    """RISKGATE_PURE_PYTHON=1 binds `learn` to the Python definition."""
    code = "import features.profile as p; print(p.learn is p.learn_py, p.HAVE_C_LEARN)"
    env = {**os.environ, prof.PURE_PYTHON_ENV: "1", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


def test_learn_custom_config_type() -> None:
    """A config is data: any ProfileConfig works through the dispatching name."""
    cfg = ProfileConfig()
    p = new_profile()
    prof.learn(p, Attributes(customer_id="c", ts=T0, amount=10.0, how=1), cfg)
    assert p.n == 1 and p.amt_w > 0


@needs_c
def test_threads_with_different_configs_do_not_mix_them() -> None:
    """The extension caches the last config's parameters; a learn that calls
    back into Python (table keys, rare paths) may let another thread switch that
    cache to another config meanwhile. Each call must still use its own."""
    import sys
    import threading

    rnd = random.Random(5)
    hists = [_history(rnd, c) for c in range(2)]
    cfgs = (CONFIGS[0], CONFIGS[1])
    expected = []
    for h, cfg in zip(hists, cfgs):
        p = new_profile()
        for a in h:
            learn_py(p, a, cfg)
        expected.append(encode_profile(p))

    def fresh(a: Attributes) -> Attributes:   # no cached table keys: learn calls attr_keys back
        return Attributes(**{f: getattr(a, f) for f in a.__struct_fields__})

    got: list[bytes | None] = [None, None]

    def run(i: int) -> None:
        p = new_profile()
        for a in hists[i]:
            prof.learn(p, fresh(a), cfgs[i])
        got[i] = encode_profile(p)

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for _ in range(5):
            threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert got == expected
    finally:
        sys.setswitchinterval(old)
