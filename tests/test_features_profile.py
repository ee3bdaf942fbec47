"""Profile: learning, decay, bounds, unlearning, privacy, size."""
from __future__ import annotations

import dataclasses
import json

import pytest

from features.attributes import Attributes
from features.config import DAY, DEFAULT_CONFIG, HOUR, ProfileConfig
from features.hashing import keyed_hash, short_key
from features.profile import (
    KEEP_BONUS_MAX, UNIT, Entry, Profile, decayed, decode_profile, encode_profile, find, keep_bonus, learn,
    new_profile, payee_memory_add, payee_remembered, profile_view, settled_bursts, unlearn, learn_py,
)

KEY = b"k"
T0 = 1_700_000_000.0


def attrs(i: int = 0, ts: float = T0, **kw: object) -> Attributes:
    a = Attributes(customer_id="c1", ts=ts, amount=kw.pop("amount", 20.0), how=int(ts // 3600) % 168)  # type: ignore[arg-type]
    a.device_h = keyed_hash(KEY, "dev", str(kw.pop("device", "d1")))
    a.payee_h = keyed_hash(KEY, "payee", str(kw.pop("payee", "p1")))
    a.ip_h = keyed_hash(KEY, "ip", str(kw.pop("ip", "1.2.3.4")))
    for k, v in kw.items():
        setattr(a, k, v)
    return a


def test_learn_roundtrip_and_version() -> None:
    p = new_profile()
    for i in range(5):
        learn(p, attrs(ts=T0 + i * 3600))
    assert p.n == 5 and p.version == 5
    q = decode_profile(encode_profile(p))
    assert q == p
    e = find(q.device, short_key(keyed_hash(KEY, "dev", "d1")))
    assert e is not None and e.c == 5


def test_decay_halves_weight_after_half_life() -> None:
    cfg = ProfileConfig()
    p = new_profile()
    learn(p, attrs(), cfg)
    e = p.device.e[0]
    later = int((T0 + cfg.hl_device) // 60)
    assert abs(decayed(e.w, e.t, later, cfg.hl_device / 60) - UNIT / 2) < 0.01
    # an old habit fades: weight of a device unused for a year is tiny next to a new daily one
    for i in range(10):
        learn(p, attrs(ts=T0 + 365 * DAY + i * DAY, device="d2"), cfg)
    now = int((T0 + 375 * DAY) // 60)
    w = {e.k: decayed(e.w, e.t, now, cfg.hl_device / 60) for e in p.device.e}
    assert w[short_key(keyed_hash(KEY, "dev", "d2"))] > 20 * w[short_key(keyed_hash(KEY, "dev", "d1"))]


def test_bounded_under_flood_and_habits_survive() -> None:
    cfg = ProfileConfig()
    p = new_profile()
    for i in range(60):   # an established habit
        learn(p, attrs(ts=T0 + i * DAY, device="home", payee="rent", ip="1.1.1.1"), cfg)
    size_before = len(encode_profile(p))
    for i in range(2000):  # a flood of new values
        learn(p, attrs(ts=T0 + 60 * DAY + i * 30, device=f"x{i}", payee=f"y{i}", ip=f"9.9.{i % 250}.{i % 7}",
                       lat=10.0 + i % 50, lon=20.0, country=f"C{i % 40}", city=f"c{i}", ua_family=f"f{i}"), cfg)
    assert len(p.device.e) <= cfg.k_device and len(p.payee.e) <= cfg.k_payee
    assert len(p.ip.e) <= cfg.k_ip and len(p.centres) <= cfg.k_centres and len(p.recent) <= cfg.k_recent
    assert find(p.device, short_key(keyed_hash(KEY, "dev", "home"))) is not None
    assert len(encode_profile(p)) < 2048 and size_before < 2048


def test_velocity_window_counts_all_even_when_merged() -> None:
    cfg = ProfileConfig(k_recent=4)
    p = new_profile()
    for i in range(10):
        learn(p, attrs(ts=T0 + i * 60, amount=10.0), cfg)
    assert sum(r[2] for r in p.recent) == 10 and sum(r[1] for r in p.recent) == 10 * 1000
    learn(p, attrs(ts=T0 + 2 * DAY, amount=10.0), cfg)
    assert sum(r[2] for r in p.recent) == 1


def test_unlearn_removes_relationship_created_by_fraud() -> None:
    p = new_profile()
    for i in range(10):
        learn(p, attrs(ts=T0 + i * DAY))
    fraud = attrs(ts=T0 + 11 * DAY, device="evil", payee="mule", amount=900.0)
    learn(p, fraud)
    assert find(p.device, short_key(fraud.device_h)) is not None
    unlearn(p, fraud)
    assert find(p.device, short_key(fraud.device_h)) is None
    assert find(p.payee, short_key(fraud.payee_h)) is None
    assert find(p.device, short_key(keyed_hash(KEY, "dev", "d1"))) is not None
    assert p.n == 10 and p.version == 12
    assert all(r[1] != 90000 for r in p.recent)


def test_no_raw_identifier_in_profile_or_view() -> None:
    p = new_profile()
    a = attrs(device="dev-RAW-77", payee="acct-RAW-88", ip="203.0.113.99", country="FR", city="FR|paris")
    learn(p, a)
    blob = encode_profile(p)
    view = json.dumps(profile_view(p))
    for raw in ("dev-RAW-77", "acct-RAW-88", "203.0.113.99"):
        assert raw.encode() not in blob and raw not in view
    assert f"{short_key(a.device_h):08x}" in view


def test_level_llr_equals_one_level_chain() -> None:
    from features.familiarity import chain_llr, level_llr
    cfg = ProfileConfig()
    p = new_profile()
    for i in range(30):
        learn(p, attrs(ts=T0 + i * DAY, payee=f"p{i % 5}"), cfg)
    hl = cfg.hl_payee / 60
    for payee in ("p0", "p4", "unknown"):
        k = short_key(keyed_hash(KEY, "payee", payee))
        for now in (int(T0 // 60) + 10 * 1440, int((T0 + 400 * DAY) // 60)):
            chain, novel, _ = chain_llr((p.payee,), (k,), (0.01,), (0.2,), now, hl, 1.0)
            assert level_llr(p.payee, find(p.payee, k), 0.01, 0.2, now, hl, 1.0) == chain
            assert (novel == 0) == (payee == "unknown")


def test_velocity_window_expires_old_payments_in_order() -> None:
    p = new_profile()
    for i in range(6):
        learn(p, attrs(ts=T0 + i * 6 * 3600, amount=5.0))
    assert [r[0] for r in p.recent] == [int(T0 + h * 3600) for h in (12, 18, 24, 30)]   # a day before the last
    learn(p, attrs(ts=T0 + 40 * 3600, amount=5.0))
    assert [r[0] for r in p.recent] == [int(T0 + h * 3600) for h in (18, 24, 30, 40)]


def test_attr_keys_match_the_per_group_key_functions() -> None:
    """Pins the order of `TABLES`: country key at 8, city key at 9, so that a
    speed-up of attr_keys cannot silently move a key to another table."""
    from features.profile import TABLES, attr_keys, device_keys, network_keys, place_keys
    full = attrs(net_a_h="aa11bb22cc", net_b_h="dd33ee44", asn="ACME", ip_country="FR", ua_family="BankApp",
                 ua_os="Android", ua_model="Pixel", country="FR", city="FR|paris")
    bare = Attributes(customer_id="c", ts=T0, amount=1.0)
    model_only = Attributes(customer_id="c", ts=T0, amount=1.0, ua_model="iPad")
    for a in (full, bare, model_only):
        net, dev, place = network_keys(a), device_keys(a), place_keys(a)
        assert attr_keys(a) == net[::-1] + dev[::-1] + place + (short_key(a.payee_h) if a.payee_h else None,)
    assert attr_keys(full)[8] != attr_keys(full)[9] and attr_keys(bare) == (None,) * 11
    assert TABLES[8:10] == ("country", "city")


def test_learn_stores_country_and_city_in_their_own_tables() -> None:
    """The country key goes to p.country (capacity k_country), the city key to
    p.city (capacity k_city); they used to be crossed."""
    from features.hashing import label_key
    cfg = ProfileConfig(k_country=2, k_city=5)
    p = new_profile()
    for i in range(8):
        learn(p, attrs(ts=T0 + i * DAY, country=f"C{i}", city=f"C{i}|town{i}"), cfg)
    assert len(p.country.e) == 2 and len(p.city.e) == 5
    assert find(p.country, label_key("C7")) is not None and find(p.city, label_key("C7")) is None
    assert find(p.city, label_key("C7|town7")) is not None and find(p.country, label_key("C7|town7")) is None


def test_unlearn_removes_a_place_created_by_fraud() -> None:
    from features.hashing import label_key
    p = new_profile()
    for i in range(10):
        learn(p, attrs(ts=T0 + i * DAY, country="FR", city="FR|paris"))
    fraud = attrs(ts=T0 + 11 * DAY, country="RO", city="RO|bucharest", amount=700.0)
    learn(p, fraud)
    assert find(p.country, label_key("RO")) is not None and find(p.city, label_key("RO|bucharest")) is not None
    unlearn(p, fraud)
    assert find(p.country, label_key("RO")) is None and find(p.city, label_key("RO|bucharest")) is None
    home_c, home_city = find(p.country, label_key("FR")), find(p.city, label_key("FR|paris"))
    assert home_c is not None and home_c.c == 10 and home_city is not None and home_city.c == 10
    # a fraud in a place the customer already knew only takes its own weight back
    known = attrs(ts=T0 + 12 * DAY, country="FR", city="FR|paris", amount=700.0)
    learn(p, known)
    unlearn(p, known)
    assert find(p.city, label_key("FR|paris")).c == 10  # type: ignore[union-attr]


def _win(p: object, now_s: float, i: int) -> tuple[float, float]:
    """(decayed count, mean amount) of spending window i at time now_s, from the stored ints."""
    from features.profile import WIN_UNIT
    cfg = ProfileConfig()
    w = p.win  # type: ignore[attr-defined]
    dt = int(now_s // 60) - p.win_t  # type: ignore[attr-defined]
    c = w[2 * i] * 2.0 ** (-max(0, dt) / (cfg.hl_windows[i] / 60)) / WIN_UNIT
    return c, (w[2 * i + 1] / 100.0) / (w[2 * i] / WIN_UNIT)


def test_spending_windows_decay_with_their_half_lives() -> None:
    cfg = ProfileConfig()
    p = new_profile()
    for i in range(10):                      # ten payments of 30, one a day
        learn(p, attrs(ts=T0 + i * DAY, amount=30.0), cfg)
    learn(p, attrs(ts=T0 + 9 * DAY + 3600, amount=300.0), cfg)   # and one of 300 an hour after the last
    now = T0 + 9 * DAY + 3600
    expect = [sum(2.0 ** (-(now - (T0 + i * DAY)) / hl) for i in range(10)) + 1.0 for hl in cfg.hl_windows]
    for i in range(3):
        c, m = _win(p, now, i)
        assert abs(c - expect[i]) < 0.01 * expect[i]
    # the short window is dominated by the recent 300, the long one by the habit of 30
    m1, m3 = _win(p, now, 0)[1], _win(p, now, 2)[1]
    assert 100.0 < m1 < 300.0 and 30.0 < m3 < 60.0
    # a day later the 1-day count has halved, the 30-day one barely moved
    c1a, c3a = _win(p, now, 0)[0], _win(p, now, 2)[0]
    c1b, c3b = _win(p, now + DAY, 0)[0], _win(p, now + DAY, 2)[0]
    assert abs(c1b - c1a / 2) < 0.01 and c3b > 0.97 * c3a


def test_spending_windows_out_of_order_and_unlearn() -> None:
    cfg = ProfileConfig()
    in_order, late = new_profile(), new_profile()
    times = [T0, T0 + 3 * DAY, T0 + 5 * DAY]
    for t in times:
        learn(in_order, attrs(ts=t, amount=40.0), cfg)
    for t in (times[0], times[2], times[1]):       # the middle one arrives last
        learn(late, attrs(ts=t, amount=40.0), cfg)
    for i in range(3):
        assert abs(_win(in_order, times[2], i)[0] - _win(late, times[2], i)[0]) < 0.01
    fraud = attrs(ts=T0 + 6 * DAY, amount=2000.0)
    learn(in_order, fraud, cfg)
    assert _win(in_order, fraud.ts, 0)[1] > 500.0
    unlearn(in_order, fraud, cfg)
    for i in range(3):
        c, m = _win(in_order, fraud.ts, i)
        assert abs(m - 40.0) < 0.5 and c < 3.0


def _reference_learn(p, a: Attributes, cfg: ProfileConfig) -> None:  # type: ignore[no-untyped-def]
    """`learn` as it was before its helpers were written out inline: the helper
    functions called in order. The fast `learn` must store the same bytes."""
    from features.profile import (
        _amount_add, _bump, _burst_add, _centre_add, _day_max_add, _hist_add, _minute, _recent_add, _table_params, _window_hls,
        _windows_add, amount_units, attr_keys, typical_amount,
    )

    now = _minute(a.ts)
    if p.n == 0 or now < p.first:
        p.first = now
    if now > p.last:
        p.last = now
    p.n += 1
    p.version += 1
    hls, caps = _table_params(cfg)
    tabs = (p.ip, p.net_a, p.net_b, p.asn, p.ipcc, p.device, p.ua_family, p.ua_os, p.country, p.city, p.payee)
    for i, k in enumerate(attr_keys(a)):
        if k is not None:
            if i == 10:   # the payee table keeps amounts and weighs its evictions by them
                gone = _bump(tabs[i], k, now, hls[i], caps[i], amount_units(a.amount), typical_amount(p),
                             int(cfg.label_delay // 60.0), p.payee_mem)
                if gone is not None:
                    p.payee_mem = payee_memory_add(p.payee_mem, gone)
            else:
                _bump(tabs[i], k, now, hls[i], caps[i])
    if a.lat is not None and a.lon is not None:
        _centre_add(p, a.lat, a.lon, now, cfg)
        ts_s = int(a.ts)
        if not p.last_geo or ts_s >= p.last_geo[2]:
            p.last_geo = [int(round(a.lat * 1e4)), int(round(a.lon * 1e4)), ts_s]
    _hist_add(p, a.how, now, cfg.hl_time / 60.0, +1)
    _amount_add(p, a.amount, now, cfg)
    cents = int(round(a.amount * 100))
    _recent_add(p, int(a.ts), cents, cfg.k_recent)
    c1h, c1d = _day_max_add(p, int(a.ts), now, cfg.hl_burst / 60.0)
    _burst_add(p, c1h, c1d, now, cfg.hl_burst / 60.0, int(cfg.label_delay // 60.0))
    _windows_add(p, now, cents, _window_hls(cfg), +1)


def test_learn_stores_the_same_bytes_as_its_reference_helpers() -> None:
    """Random histories with what the hot path must get right: late
    (out-of-order) payments, several in one minute, missing attributes,
    evictions from full tables and centres, far travel, tiny and huge amounts,
    and unlearning in between; under the default and a small config."""
    import random

    rng = random.Random(3)
    for cfg in (ProfileConfig(), ProfileConfig(k_ip=2, k_payee=3, k_centres=2, k_device=2, k_recent=4, hl_place=DAY,
                                               label_delay=3600.0)):   # (payee evictions weighing amounts)
        for trial in range(12):
            fast, ref = new_profile(), new_profile()
            ts = T0
            done = []
            for step in range(rng.randrange(20, 160)):
                r = rng.random()
                ts += 0.0 if r < 0.05 else 20.0 if r < 0.1 else -rng.uniform(0, 2 * DAY) if r < 0.15 else \
                    rng.expovariate(1 / (6 * 3600.0))
                kw: dict[str, object] = {
                    "amount": rng.choice([0.001, 1e7, round(rng.lognormvariate(3, 1.2), 2)]) if rng.random() < 0.1
                    else round(rng.lognormvariate(3, 1.2), 2),
                    "device": rng.randrange(6), "payee": rng.randrange(25), "ip": f"10.0.{rng.randrange(4)}.{rng.randrange(9)}",
                }
                if rng.random() < 0.8:
                    kw["lat"], kw["lon"] = rng.choice([(48.85, 2.35), (45.76, 4.84), (40.7, -74.0), (-33.9, 151.2)])
                    kw["lat"] += rng.gauss(0, 0.05)  # type: ignore[operator]
                    kw["lon"] += rng.gauss(0, 0.05)  # type: ignore[operator]
                if rng.random() < 0.7:
                    kw["ua_family"], kw["ua_os"] = rng.choice([("Chrome", "Windows"), ("BankApp", "Android"), ("Safari", "iOS")])
                if rng.random() < 0.7:
                    kw["country"], kw["city"] = rng.choice([("FR", "FR|paris"), ("US", "US|new york"), ("FR", "FR|lyon")])
                if step in (4, 5) and trial % 2:
                    kw["amount"] = 5e4   # an outlier when winsorizing starts (n = 5)
                a = attrs(ts=ts, **kw)
                if rng.random() < 0.1:
                    a.payee_h = a.device_h = a.ip_h = None
                learn(fast, a, cfg)
                _reference_learn(ref, a, cfg)
                assert encode_profile(fast) == encode_profile(ref)
                done.append(a)
                if rng.random() < 0.05:
                    b = done.pop(rng.randrange(len(done)))
                    unlearn(fast, b, cfg)
                    unlearn(ref, b, cfg)
                    assert encode_profile(fast) == encode_profile(ref)


def _payee(name: str) -> int:
    return short_key(keyed_hash(KEY, "payee", name))


def test_the_rent_survives_a_month_of_one_off_shops() -> None:
    """A month of 25 distinct small payees fills the 16-entry table; the rent
    paid once a month stays (its amount weighs its eviction), a café paid once
    the same day as the rent does not, and the rent's amount is kept."""
    cfg = ProfileConfig()
    p = new_profile()
    for i in range(20):   # an established customer paying ~30 a day
        learn(p, attrs(ts=T0 + i * DAY, payee=f"grocer{i % 3}", amount=30.0), cfg)
    t = T0 + 20 * DAY
    learn(p, attrs(ts=t, payee="landlord", amount=900.0), cfg)
    learn(p, attrs(ts=t + 60, payee="cafe", amount=4.0), cfg)
    for i in range(25):
        learn(p, attrs(ts=t + DAY + i * DAY, payee=f"shop{i}", amount=25.0), cfg)
    rent = find(p.payee, _payee("landlord"))
    assert rent is not None and rent.a == 900 and rent.c == 1
    assert find(p.payee, _payee("cafe")) is None
    assert len(p.payee.e) == cfg.k_payee
    # the same month with the rent as small as the café: nothing keeps it
    q = new_profile()
    for i in range(20):
        learn(q, attrs(ts=T0 + i * DAY, payee=f"grocer{i % 3}", amount=30.0), cfg)
    learn(q, attrs(ts=t, payee="landlord", amount=4.0), cfg)
    for i in range(25):
        learn(q, attrs(ts=t + DAY + i * DAY, payee=f"shop{i}", amount=25.0), cfg)
    assert find(q.payee, _payee("landlord")) is None


def test_a_large_payment_holds_its_payee_only_once_it_has_settled() -> None:
    """Within the label delay a large payment may still be reported as fraud (a
    mule's account): it gives its payee no extra hold on the table, so a burst of
    new payees pushes it out as it would any payee."""
    cfg = ProfileConfig()
    p = new_profile()
    for i in range(20):
        learn(p, attrs(ts=T0 + i * DAY, payee=f"grocer{i % 3}", amount=30.0), cfg)
    t = T0 + 20 * DAY
    learn(p, attrs(ts=t, payee="mule", amount=900.0), cfg)
    for i in range(25):   # 25 new payees within 5 days
        learn(p, attrs(ts=t + 3600 + i * 4 * 3600, payee=f"shop{i}", amount=25.0), cfg)
    assert find(p.payee, _payee("mule")) is None


def test_payee_keeps_its_largest_amount_and_a_fraud_does_not_leave_one() -> None:
    cfg = ProfileConfig()
    p = new_profile()
    for i, amt in enumerate((120.0, 80.0, 150.4, 90.0)):
        learn(p, attrs(ts=T0 + i * DAY, payee="utility", amount=amt), cfg)
    assert find(p.payee, _payee("utility")).a == 150  # type: ignore[union-attr]
    fraud = attrs(ts=T0 + 5 * DAY, payee="utility", amount=5000.0)
    learn(p, fraud, cfg)
    assert find(p.payee, _payee("utility")).a == 5000  # type: ignore[union-attr]
    unlearn(p, fraud, cfg)
    e = find(p.payee, _payee("utility"))
    assert e is not None and e.c == 4 and e.a == 0   # the relationship stays, the amount is not trusted
    learn(p, attrs(ts=T0 + 6 * DAY, payee="utility", amount=110.0), cfg)
    assert find(p.payee, _payee("utility")).a == 110  # type: ignore[union-attr]


def test_keep_bonus_is_bounded_and_zero_when_unknown() -> None:
    assert keep_bonus(0, 30.0) == 0.0 and keep_bonus(900, 0.0) == 0.0
    assert keep_bonus(30, 30.0) == 0.0 and keep_bonus(20, 30.0) == 0.0   # ordinary amounts: no bonus
    assert keep_bonus(60, 30.0) == 1.0
    assert keep_bonus(10**9, 1.0) == KEEP_BONUS_MAX


def test_profiles_stored_before_payee_amounts_still_decode() -> None:
    """Older profiles have 5-field payee entries: they decode with no amount known."""
    import msgspec

    class OldProfile(msgspec.Struct, array_like=True):   # the layout as it was: payee entries = Entry
        version: int = 0
        n: int = 0
        first: int = 0
        last: int = 0
        ip: object = None
        net_a: object = None
        net_b: object = None
        asn: object = None
        ipcc: object = None
        device: object = None
        ua_family: object = None
        ua_os: object = None
        country: object = None
        city: object = None
        payee: object = None

    p = new_profile()
    learn(p, attrs(payee="rent", amount=900.0))
    blob = encode_profile(p)
    fields = msgspec.msgpack.decode(blob)
    tab = fields[14]
    tab[2] = [e[:5] for e in tab[2]]   # drop the amount: the old 5-field entry
    old = msgspec.msgpack.encode(fields)
    q = decode_profile(old)
    e = find(q.payee, _payee("rent"))
    assert e is not None and e.a == 0 and e.c == 1
    learn(q, attrs(ts=T0 + DAY, payee="rent", amount=900.0))
    assert find(q.payee, _payee("rent")).a == 900  # type: ignore[union-attr]
    assert OldProfile and Entry and Profile   # (names used for the layout above)


def test_extract_hands_the_policy_the_payees_largest_amount() -> None:
    from features.extract import extract
    from features.population import PopulationFrequencies

    p = new_profile()
    for i in range(6):
        learn(p, attrs(ts=T0 + i * DAY, payee="shop", amount=30.0))
    learn(p, attrs(ts=T0 + 7 * DAY, payee="rent", amount=900.0))
    freq = PopulationFrequencies()
    assert extract(attrs(ts=T0 + 37 * DAY, payee="rent", amount=900.0), p, {}, freq).payee_largest == 900.0
    assert extract(attrs(ts=T0 + 37 * DAY, payee="other", amount=900.0), p, {}, freq).payee_largest == 0.0
    # not yet settled: a payee paid 900 three days ago vouches for nothing (a takeover
    # ramping up payments to a mule would otherwise raise its own cap by 1.5x a step)
    assert extract(attrs(ts=T0 + 10 * DAY, payee="rent", amount=1300.0), p, {}, freq).payee_largest == 0.0


def test_busiest_hour_and_day_by_count_wait_to_settle_then_decay_and_a_fraud_leaves_them() -> None:
    """The busiest hour / day by count: pending until `label_delay` passes without a
    higher peak (a drain in progress must not teach its own habit), then folded into
    the decayed maxima; an unlearned fraud takes one payment out."""
    cfg = DEFAULT_CONFIG
    hl = cfg.hl_burst / 60.0
    settle = int(cfg.label_delay // 60.0)
    p = new_profile()
    for i in range(12):                                      # a payroll run: 12 within 12 minutes
        learn(p, attrs(ts=T0 + i * 60, payee=f"emp{i}", amount=2000.0))
    for i in range(6):                                       # and 6 more later that day
        learn(p, attrs(ts=T0 + 5 * 3600 + i * 60, payee=f"sup{i}", amount=300.0))
    assert (p.pend_h, p.pend_d, p.burst_h, p.burst_d) == (12 * UNIT, 18 * UNIT, 0, 0)
    peak = int((T0 + 5 * 3600 + 5 * 60) // 60)
    assert p.pend_t == peak
    assert settled_bursts(p, peak + 3 * 1440, hl, settle) == (0.0, 0.0)        # not settled yet
    h, d = settled_bursts(p, peak + 8 * 1440, hl, settle)
    f8 = 2.0 ** (-8 * 1440 / hl)
    assert h == pytest.approx(12 * f8) and d == pytest.approx(18 * f8)
    learn(p, attrs(ts=T0 + 30 * DAY, amount=50.0))           # folds the settled peak
    assert (p.burst_h, p.burst_d, p.burst_t) == (12 * UNIT, 18 * UNIT, peak)
    assert p.pend_h == UNIT and p.pend_d == UNIT
    h, _ = settled_bursts(p, peak + 30 * 1440, hl, settle)
    assert h == pytest.approx(12 * 2.0 ** (-30 * 1440 / hl))
    fraud = attrs(ts=T0 + 30 * DAY + 60, amount=900.0, payee="mule")
    before = (p.burst_h, p.burst_d)
    learn(p, fraud)
    unlearn(p, fraud)
    assert (p.burst_h, p.burst_d) == (before[0] - UNIT, before[1] - UNIT)
    view = profile_view(p)["busiest"]
    assert view["hour_payments"] == 11.0 and view["as_of"] == peak * 60


def test_busiest_day_is_learned_and_a_fraud_leaves_it() -> None:
    """`day_max`: the largest completed total within 24 h, settled: the current
    one waits in `day_pend` until a day has passed without a higher one, so a
    day never raises its own daily cap; unlearning a fraud takes its amount out
    (at worst an under-estimate, which only asks more); profiles stored before
    the fields decode with no busiest day known."""
    import msgspec

    from features.profile import DAY_SETTLE_MIN, settled_day

    hl = ProfileConfig().hl_burst / 60.0
    p = new_profile()
    for i in range(4):
        learn(p, attrs(ts=T0 + i * 600, amount=500.0))       # 2,000 within 40 minutes
    peak = (T0 + 1800) // 60
    assert (p.day_max, p.day_pend, p.day_pend_t) == (0, 200000, peak)
    assert settled_day(p, peak + 60, hl) == 0.0                 # not while the day is on
    assert settled_day(p, peak + DAY_SETTLE_MIN - 1, hl) == 0.0
    assert settled_day(p, peak + DAY_SETTLE_MIN, hl) == 0.0
    later = peak + DAY_SETTLE_MIN + 1
    assert settled_day(p, later, hl) == pytest.approx(200000 * 2.0 ** (-(DAY_SETTLE_MIN + 1) / hl))
    learn(p, attrs(ts=T0 + 20 * 3600, amount=100.0))           # within the same 24 h: a higher day, waits anew
    peak = (T0 + 20 * 3600) // 60
    assert (p.day_max, p.day_pend, p.day_pend_t) == (0, 210000, peak)
    learn(p, attrs(ts=T0 + 10 * DAY, amount=100.0))            # folded: 60-day half-life from the peak
    assert (p.day_max, p.day_max_t, p.day_pend) == (210000, peak, 10000)
    fraud = attrs(ts=T0 + 10 * DAY + 60, amount=3000.0, payee="mule")
    learn(p, fraud)
    assert (p.day_max, p.day_pend) == (210000, 310000)
    unlearn(p, fraud)
    assert (p.day_max, p.day_pend) == (210000, 10000)
    before = Profile.__struct_fields__.index("day_max")      # the fields appended since
    old = msgspec.msgpack.encode(msgspec.msgpack.decode(encode_profile(p))[:before])
    q = decode_profile(old)
    assert q.day_max == 0 and q.day_max_t == 0 and q.amt_max == p.amt_max
    assert q.burst_h == 0 and q.burst_d == 0 and q.day_pend == 0 and q.day_pend_t == 0


def test_unlearning_a_settled_fraud_leaves_a_later_genuine_busy_day() -> None:
    """A review: a fraud whose day had settled into day_max was also taken out of a
    later pending day, which could not hold it (its 24 h began after it)."""
    p = new_profile()
    for d in range(10):
        learn(p, attrs(ts=T0 + d * DAY, amount=1500.0))
    fraud = attrs(ts=T0 + 10 * DAY, amount=3000.0, payee="mule")
    learn(p, fraud)
    learn(p, attrs(ts=T0 + 12 * DAY, amount=3000.0))           # folds the fraud's day; a genuine one waits
    assert p.day_max == 300000 and p.day_pend == 300000
    unlearn(p, fraud)
    assert p.day_max == 0 and p.day_pend == 300000


def test_a_busy_day_settles_only_once_more_than_24_hours_have_passed() -> None:
    """A review: minutes are floored from seconds, so settling at exactly 1,440 minutes
    let a payment made 59 s into its minute count while its 24 h still held it."""
    from features.profile import DAY_SETTLE_MIN, settled_day

    hl = ProfileConfig().hl_burst / 60.0
    p = new_profile()
    t = T0 - T0 % 60 + 59
    learn(p, attrs(ts=t, amount=2000.0))
    m = int(t) // 60
    assert settled_day(p, m + DAY_SETTLE_MIN, hl) == 0.0       # 86,341 s later is in that minute
    assert settled_day(p, m + DAY_SETTLE_MIN + 1, hl) > 0.0


def test_a_day_never_raises_its_own_daily_floor() -> None:
    """A time audit: each completed payment of a day was part of the busiest day the
    daily cap's floor is made of, so 1,400 EUR every 20 minutes reached 11,200 EUR in
    24 h at level 0. The settled busiest day does not move while the day goes on."""
    from features.profile import DAY_SETTLE_MIN, settled_day

    hl = ProfileConfig().hl_burst / 60.0
    p = new_profile()
    for d in range(40):                                         # 40 days of ~27 EUR
        learn(p, attrs(ts=T0 + d * DAY, amount=27.0))
    t = T0 + 40 * DAY
    floor = settled_day(p, t // 60, hl)
    assert 2000 < floor < 2800                                  # cents: one ordinary day
    for i in range(8):                                          # the drain, every 20 minutes
        learn(p, attrs(ts=t + i * 1200, amount=1400.0))
        assert settled_day(p, (t + i * 1200) // 60 + 1, hl) <= floor
    assert settled_day(p, (t + 7 * 1200) // 60 + DAY_SETTLE_MIN + 1, hl) > 1_000_000   # the day over: habit


def test_payees_the_table_forgets_are_remembered_and_the_memory_ages() -> None:
    """A business paying 40 people in turn overflows the 16-entry table: every
    payee it evicts is still known as paid before (`payee_remembered`), and comes
    back into the table marked recalled; a payee never paid is not (false positives
    rare); once a generation fills, the older one is dropped, so the memory forgets
    the oldest and stays sparse."""
    p = new_profile()
    keys = [short_key(keyed_hash(KEY, "payee", f"emp{i}")) for i in range(40)]
    for month in range(2):
        for i in range(40):
            learn(p, attrs(ts=T0 + month * 30 * DAY + i * 60, payee=f"emp{i}", amount=1500.0))
    assert len(p.payee.e) == 16 and len(p.payee_mem) == 192
    in_table = {e.k for e in p.payee.e}
    assert all(payee_remembered(p.payee_mem, k) for k in keys if k not in in_table)
    assert sum(e.r for e in p.payee.e) == 16      # this month's came back from the memory
    strangers = [short_key(keyed_hash(KEY, "payee", f"x{i}")) for i in range(2000)]
    assert sum(payee_remembered(p.payee_mem, k) for k in strangers) < 2000 * 0.01
    view = profile_view(p)["payee_memory"]
    assert view["bits_per_generation"] == 768 and 0 < view["bits_set"][0] <= 0.3 * 768 + 3
    # a flood of new payees: generations rotate, the oldest are forgotten
    mem = p.payee_mem
    for i in range(400):
        mem = payee_memory_add(mem, short_key(keyed_hash(KEY, "payee", f"flood{i}")))
    assert sum(payee_remembered(mem, k) for k in keys) <= 4
    assert sum(payee_remembered(mem, k) for k in strangers) < 2000 * 0.06
    assert int.from_bytes(mem[:96], "little").bit_count() <= 0.3 * 768 + 3


# ------------------------------------------------------------ a white-box review's findings
# (unlearn must take back what learn gave, and only that; a late payment must not turn
# the hour histogram's clock back)

from features.hashing import keyed_hash as _keyed_hash  # noqa: E402


def _rv_pay(ts: float, amount: float = 20.0, how: int | None = None, **kw: object) -> Attributes:
    a = Attributes(customer_id="c", ts=ts, amount=amount, how=int(ts // 3600) % 168 if how is None else how)
    for k, v in kw.items():
        setattr(a, k, v)
    return a


def _rv_h(kind: str, i: object) -> str:
    return _keyed_hash(b"k", kind, str(i))


def test_review_a_late_payment_leaves_the_hour_clock_where_it_was() -> None:
    for learn_fn in (learn, learn_py):
        late_at = T0 + 17 * 90 * DAY       # 17 half-lives on: the histogram rescales
        p = new_profile()
        learn_fn(p, _rv_pay(T0))
        learn_fn(p, _rv_pay(late_at))
        before = p.hist_t
        learn_fn(p, _rv_pay(late_at - 90 * DAY))    # 90 days late, the same hour: rescaled again
        assert p.hist_t >= before


def test_review_unlearn_takes_from_the_centre_learn_fed() -> None:
    # centre A (3 payments) and centre B 50 km east; a payment 28 km east of A
    # (22 km from B) is learned into B, the nearest, but unlearned from A, the first within 30 km
    p = new_profile()
    for i in range(3):
        learn(p, _rv_pay(T0 + i * 60, lat=48.0, lon=2.0))
    learn(p, _rv_pay(T0 + 600, lat=48.0, lon=2.0 + 50 / 74.4))
    assert len(p.centres) == 2
    fraud = _rv_pay(T0 + 1200, lat=48.0, lon=2.0 + 28 / 74.4)
    learn(p, fraud)
    assert p.centres[1].c == 2 and p.centres[0].c == 3
    unlearn(p, fraud)
    assert [c.c for c in p.centres] == [3, 1]


def test_review_fraud_payee_evicted_before_report_stays_remembered() -> None:
    p = new_profile()
    fraud = _rv_pay(T0, 900.0, payee_h=_rv_h("p", "mule"))
    learn(p, fraud)
    for i in range(16):                          # the customer's own one-off shops
        learn(p, _rv_pay(T0 + 3600 * (i + 1), payee_h=_rv_h("p", i)))
    k = short_key(fraud.payee_h)
    assert find(p.payee, k) is None              # evicted into the payee memory
    unlearn(p, fraud)                            # reported 16 h later
    assert not payee_remembered(p.payee_mem, k)  # the mule stays a "paid before" payee


def test_review_largest_amount_not_restored_when_a_payment_followed() -> None:
    p = new_profile()
    for i in range(10):
        learn(p, _rv_pay(T0 + i * DAY, 20.0))
    fraud = _rv_pay(T0 + 10 * DAY, 5000.0)
    learn(p, fraud)
    learn(p, _rv_pay(T0 + 10 * DAY + 600, 15.0))    # the customer pays a coffee 10 min later
    unlearn(p, fraud)
    assert p.amt_max < 100 * 100, p.amt_max      # still ~5,000.00 as the customer's largest


def test_review_unlearn_keeps_entry_recreated_after_the_payment() -> None:
    p = new_profile()
    home = _rv_h("ip", "home")
    fraud = _rv_pay(T0, ip_h=home)
    learn(p, fraud)
    for i in range(4):                           # travelling: home evicted (k_ip = 4)
        learn(p, _rv_pay(T0 + 3600 * (i + 1), ip_h=_rv_h("ip", i)))
    assert find(p.ip, short_key(home)) is None
    for i in range(3):                           # back home: genuine payments
        learn(p, _rv_pay(T0 + 2 * DAY + 3600 * i, ip_h=home))
    unlearn(p, fraud)
    e = find(p.ip, short_key(home))
    assert e is not None and e.c == 3            # genuine relationship deleted


def test_review_unlearn_after_a_late_rescale_does_not_overflow() -> None:
    cfg = dataclasses.replace(DEFAULT_CONFIG, hl_time=HOUR)   # a half-life of hours
    p = new_profile()
    learn_py(p, _rv_pay(T0, how=0), cfg)
    learn_py(p, _rv_pay(T0 + 50 * DAY, how=1), cfg)            # > 1,000 half-lives: the histogram restarts
    p2 = _rv_pay(T0 + 50 * DAY + 16 * HOUR, how=1)
    learn_py(p, p2, cfg)                                       # a rescale
    learn_py(p, _rv_pay(T0 + HOUR, how=1), cfg)                # 50 days late, the same hour: rescaled again
    unlearn(p, p2, cfg)                                        # reported: raised OverflowError on every retry
    assert p.hist_tot >= 0


def test_review_a_flood_of_new_everything_stays_within_the_2kb_bound() -> None:
    """A review: 400 payments a minute apart, each new in every attribute, reached
    2,163 bytes; the fullest tables' weakest entries are dropped to fit."""
    import random as _random

    from features.profile import PROFILE_MAX_BYTES

    rnd = _random.Random(1)
    p, most = new_profile(), 0
    for i in range(400):
        a = Attributes(customer_id="c", ts=T0 + i * 60.0, amount=rnd.choice([12.34, 98765.43, 1234567.89]),
                       how=i % 168)
        for f in ("ip_h", "net_a_h", "net_b_h", "device_h", "payee_h"):
            setattr(a, f, keyed_hash(b"k", f, str(i)))
        a.asn, a.ip_country, a.ua_family, a.ua_os = f"AS{i}", f"C{i}", f"F{i}", f"O{i}"
        a.country, a.city, a.lat, a.lon = f"X{i}", f"Y{i}", rnd.uniform(-80, 80), rnd.uniform(-179, 179)
        learn(p, a)
        blob = encode_profile(p)
        most = max(most, len(blob))
        assert decode_profile(blob).payee.e == p.payee.e     # the payee table is never trimmed
    assert most <= PROFILE_MAX_BYTES
