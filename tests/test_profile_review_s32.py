"""A review of features/profile.py (learn / unlearn / the 2 KB bound), thirty-second
session: each test names a defect found, through the public functions."""
from __future__ import annotations

import random

import pytest

from features.attributes import Attributes
from features.config import DAY, DEFAULT_CONFIG
from features.extract import extract
from features.hashing import keyed_hash, short_key
from features.population import PopulationFrequencies
from features.profile import (
    PROFILE_MAX_BYTES, UNIT, decayed, decode_profile, encode_profile, find, learn, new_profile, unlearn,
)

KEY = b"k"
T0 = 1_700_000_000.0


def _biz(rnd: random.Random, ts: float, ip: int) -> Attributes:
    """A business's payment: a few office IPs, six devices, four apps, 250 payees,
    six cities, amounts of a few hundred to thousands."""
    a = Attributes(customer_id="biz", ts=ts, amount=round(rnd.lognormvariate(7, 1.5), 2), how=int(ts // 3600) % 168)
    a.ip_h = keyed_hash(KEY, "ip", str(ip))
    a.net_a_h = keyed_hash(KEY, "a", str(ip // 2))
    a.net_b_h = keyed_hash(KEY, "b", str(ip // 3))
    a.asn = f"AS{ip % 5}"
    a.ip_country = ["FR", "DE", "BE", "NL"][ip % 4]
    a.device_h = keyed_hash(KEY, "d", str(rnd.randrange(6)))
    a.ua_family, a.ua_os = rnd.choice([("App", "Android"), ("Chrome", "Windows"), ("Safari", "iOS"),
                                       ("Firefox", "Linux")])
    a.payee_h = keyed_hash(KEY, "p", str(rnd.randrange(250)))
    c = rnd.randrange(6)
    a.lat, a.lon = [(48.85, 2.35), (50.85, 4.35), (52.37, 4.9), (45.76, 4.83), (43.3, 5.37), (47.2, -1.55)][c]
    a.country = ["FR", "BE", "NL", "FR", "FR", "FR"][c]
    a.city = str(c)
    return a


def test_trim_to_2kb_never_drops_the_entry_just_learned() -> None:
    """A business with a full profile (2.2 KB untrimmed: 16 payees with large
    amounts, the payee memory, 24 recent payments, full network tables) moves
    office. `_encode_trimmed` dropped the lowest *stored* weight of the fullest
    table: the entry the payment had just created (one payment's weight), never
    the old office's (heavy, and a stored weight never decays). The new /24 and
    /16 were then dropped again at every store, so every payment from the new
    office was a new network (NEW_NETWORK) for as long as the old entries stayed,
    where the untrimmed profile learned it at once."""
    rnd = random.Random(1)
    blob = encode_profile(new_profile())
    ts = T0
    for _ in range(1500):
        ts += rnd.expovariate(40 / DAY)
        p = decode_profile(blob)
        learn(p, _biz(rnd, ts, rnd.choice([0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7])))
        blob = encode_profile(p)
    assert len(blob) <= PROFILE_MAX_BYTES
    freq = PopulationFrequencies()
    new_net = []
    for i in range(40):     # the new office: one address, a /24 and /16 never seen
        ts += rnd.expovariate(40 / DAY)
        p = decode_profile(blob)
        a = _biz(rnd, ts, 10)
        new_net.append(extract(a, p, {}, freq).new_network)
        learn(p, a)
        blob = encode_profile(p)
        assert len(blob) <= PROFILE_MAX_BYTES
    p = decode_profile(blob)
    assert find(p.net_a, short_key(keyed_hash(KEY, "a", "5"))) is not None
    assert find(p.ip, short_key(keyed_hash(KEY, "ip", "10"))) is not None
    assert new_net[0] is True and not any(new_net[5:]), new_net


def _pay(ts: float, dev: str, payee: str, amount: float = 30.0) -> Attributes:
    a = Attributes(customer_id="c", ts=ts, amount=amount, how=int(ts // 3600) % 168)
    a.device_h = keyed_hash(KEY, "dev", dev)
    a.ua_family, a.ua_os = ("App", "Android") if dev == "own" else ("Firefox", "Linux")
    a.payee_h = keyed_hash(KEY, "payee", payee)
    a.ip_h = keyed_hash(KEY, "ip", dev)
    return a


def test_unlearning_every_fraud_of_a_new_device_restores_the_table_totals() -> None:
    """Three payments from the attacker's new device to a new payee, all reported
    and unlearned (in payment order). The first report removes the relationships
    they created; the next two no longer found them and returned before taking
    their weight out of the table's total (which `_drop` takes out even for an
    entry made since: "only the table's total held it"), and the payee path did
    not reach `_drop` at all. Two phantom payments stayed in the device, OS, app,
    IP and payee totals, the parent weight every familiarity walk starts from."""
    genuine = [_pay(T0 + i * DAY, "own", f"g{i % 3}") for i in range(30)]
    frauds = [_pay(T0 + 30 * DAY + i * 300.0, "evil", "mule", 900.0) for i in range(3)]
    ref, p = new_profile(), new_profile()
    for a in genuine:
        learn(ref, a)
        learn(p, a)
    for a in frauds:
        learn(p, a)
    for a in frauds:
        unlearn(p, a)
    now = int((T0 + 31 * DAY) // 60)
    cfg = DEFAULT_CONFIG
    for name, hl in (("device", cfg.hl_device), ("ua_os", cfg.hl_device), ("ua_family", cfg.hl_device),
                     ("ip", cfg.hl_network), ("payee", cfg.hl_payee)):
        got, want = getattr(p, name), getattr(ref, name)
        assert [e.k for e in got.e] == [e.k for e in want.e], name
        w_got = decayed(got.w, got.t, now, hl / 60.0) / UNIT
        w_want = decayed(want.w, want.t, now, hl / 60.0) / UNIT
        assert abs(w_got - w_want) < 0.2, (name, w_got, w_want)


@pytest.mark.xfail(strict=True, reason="not fixed: learn adds a late payment at full weight, unlearn takes "
                                      "back its decayed weight (features/profile.py and _hotpath.c learn)")
def test_a_late_payment_is_taken_back_at_the_weight_it_entered() -> None:
    """A payment dated 40 days before the device's last use, learned late (a
    challenge answered, a backfill), enters the existing entry at a full
    payment's weight as of the entry's time (`e.w += UNIT`), but `_drop` takes
    back its weight decayed over those 40 days: once reported, a fifth of a
    payment stays behind in the relationship (and in the table's total).
    `_windows_add` enters such a payment already decayed, so it is exact there."""
    genuine = [_pay(T0 + i * DAY, "own", "g") for i in range(60)]
    late = _pay(T0 + 19.5 * DAY, "own", "g")
    ref, p = new_profile(), new_profile()
    for a in genuine:
        learn(ref, a)
        learn(p, a)
    learn(p, late)
    unlearn(p, late)
    k = short_key(keyed_hash(KEY, "dev", "own"))
    got, want = find(p.device, k), find(ref.device, k)
    assert got is not None and want is not None
    assert abs(got.w - want.w) <= 1, (got.w, want.w)
