"""Features on hand-built histories: commuter, traveller, new phone, shared
family device, app upgrade, cold start, payment with no device or location."""
from __future__ import annotations

import copy
import math
import random

import pytest

from features.attributes import Attributes, DeriveContext, derive
from features.config import DAY, HOUR
from features.extract import FEATURE_NAMES, FeatureSet, extract
from features.payment import Payment
from features.hashing import label_key
from features.population import PopulationFrequencies, decode_entity, entity_keys, mark_fraud, observe_entity, paid_before
from features.profile import Profile, attr_keys, learn, new_profile, payee_remembered

T0 = 1_704_096_000.0  # 2024-01-01 08:00 UTC, Monday
UA = "BankApp/7.1 (Android 14; SM-S918B)"
HOME = dict(ip="81.2.3.4", lat=48.85, lon=2.35, country="FR", city="Paris")
OFFICE = dict(ip="62.4.1.9", lat=48.89, lon=2.24, country="FR", city="Puteaux")
IDX = {n: i for i, n in enumerate(FEATURE_NAMES)}

_CTX: DeriveContext | None = None


def ctx() -> DeriveContext:
    global _CTX
    if _CTX is None:
        _CTX = DeriveContext.create(b"test")
    return _CTX


def pay(ts: float, customer: str = "c1", **kw: object) -> Attributes:
    d: dict[str, object] = dict(transaction_id="t", customer_id=customer, timestamp="", ts=ts, amount=40.0, currency="EUR",
                                device_id="phone-1", user_agent=UA, payee_id="grocer")
    d.update(kw)
    return derive(Payment(**d), ctx())  # type: ignore[arg-type]


class World:
    """Profiles, entity blobs and population frequencies, as the service keeps them."""

    def __init__(self) -> None:
        self.profiles: dict[str, Profile] = {}
        self.entities: dict[str, bytes | None] = {}
        self.freq = PopulationFrequencies()

    def score(self, a: Attributes) -> FeatureSet:
        ents = {k: self.entities.get(k) for k in entity_keys(a)}
        return extract(a, self.profiles.get(a.customer_id), ents, self.freq)

    def complete(self, a: Attributes) -> FeatureSet:
        fs = self.score(a)
        p = self.profiles.setdefault(a.customer_id, new_profile())
        for k in entity_keys(a):
            new = (fs.new_payee if k.startswith("p:") else fs.new_device if k.startswith("d:") else False) or False
            self.entities[k] = observe_entity(self.entities.get(k), k, a, bool(new), True)
        self.freq.observe(a, fs.novelty)
        learn(p, a)
        return fs


def background(w: World, n_customers: int = 30, days: int = 20) -> None:
    """Other customers, so that population frequencies and novelty rates exist."""
    rnd = random.Random(7)
    for d in range(days):
        for c in range(n_customers):
            w.complete(pay(T0 - 40 * DAY + d * DAY + rnd.random() * 12 * HOUR, customer=f"bg{c}",
                           ip=f"90.{c}.{rnd.randint(0, 1)}.{rnd.randint(1, 9)}", device_id=f"bgd{c}",
                           lat=45.0 + c * 0.1, lon=4.0, country="FR", city=f"town{c}",
                           payee_id=f"shop{rnd.randint(0, 40)}", amount=rnd.lognormvariate(3.5, 0.6)))


@pytest.fixture(scope="module")
def commuter() -> World:
    """Weekdays: mornings from home, lunch from the office, for 8 weeks."""
    w = World()
    background(w)
    rnd = random.Random(1)
    for d in range(56):
        if d % 7 >= 5:
            continue
        w.complete(pay(T0 + d * DAY + rnd.random() * 600, **HOME, amount=rnd.uniform(20, 60)))
        w.complete(pay(T0 + d * DAY + 4 * HOUR + rnd.random() * 600, **OFFICE, payee_id="canteen",
                       amount=rnd.uniform(8, 15)))
    return w


NOW = T0 + 56 * DAY  # a Monday 08:00


def v(fs: FeatureSet, name: str) -> float:
    return fs.values[IDX[name]]


def llr(fs: FeatureSet, group: str) -> float:
    return v(fs, "llr_" + group)


def test_commuter_home_and_office_are_both_familiar(commuter: World) -> None:
    home = commuter.score(pay(NOW, **HOME))
    office = commuter.score(pay(NOW + 4 * HOUR, **OFFICE, payee_id="canteen", amount=10.0))
    for fs in (home, office):
        assert fs.new_device is False and fs.new_payee is False and fs.new_network is False
        assert fs.distance_km < 5 and not fs.cold_start
        assert llr(fs, "network") < 0 and llr(fs, "place") < 0 and llr(fs, "device") < 0
        assert all(math.isfinite(x) for x in fs.values) and len(fs.values) == len(FEATURE_NAMES)


def test_traveller_abroad_is_unusual_location_and_impossible_travel(commuter: World) -> None:
    commuter = copy.deepcopy(commuter)
    commuter.complete(pay(NOW, **HOME))
    fs = commuter.score(pay(NOW + 2 * HOUR, ip="8.8.8.8", lat=40.71, lon=-74.0, country="US", city="New York"))
    assert fs.distance_km > 5000 and fs.new_country is True
    assert llr(fs, "place") > 2 and llr(fs, "network") > 1
    assert fs.speed_kmh > 900 and llr(fs, "travel") > 1
    later = commuter.score(pay(NOW + 3 * DAY, ip="8.8.8.8", lat=40.71, lon=-74.0, country="US", city="New York"))
    assert llr(later, "travel") == 0.0 and llr(later, "place") > 2


def test_new_phone_is_new_device_app_upgrade_is_not(commuter: World) -> None:
    upgrade = commuter.score(pay(NOW, **HOME, user_agent="BankApp/8.2 (Android 15; SM-S918B)"))
    phone = commuter.score(pay(NOW, **HOME, device_id="phone-2", user_agent="BankApp/8.2 (Android 15; Pixel 9)"))
    same = commuter.score(pay(NOW, **HOME))
    assert upgrade.new_device is False and v(upgrade, "ua_family_new") == 0.0
    assert llr(upgrade, "device") == llr(same, "device") < 0
    assert phone.new_device is True and v(phone, "ua_family_new") == 1.0 and llr(phone, "device") > 2


def test_shared_family_device_counts_other_customers() -> None:
    w = World()
    background(w, n_customers=10, days=5)
    for d in range(10):
        for who in ("mum", "dad", "kid"):
            w.complete(pay(T0 + d * DAY + len(who) * 60, customer=who, device_id="family-tablet", **HOME))
    fs = w.score(pay(T0 + 10 * DAY, customer="mum", device_id="family-tablet", **HOME))
    assert fs.device_others_1d == 2 and fs.new_device is False
    assert llr(fs, "shared") == 0.0  # a family is within the allowance
    for i in range(8):  # a device farm: many strangers on one device within a day
        w.complete(pay(T0 + 10 * DAY + i * 60, customer=f"victim{i}", device_id="farm", **HOME))
    farm = w.score(pay(T0 + 10 * DAY + 900, customer="victim99", device_id="farm", **HOME))
    assert farm.device_others_1d == 8 and llr(farm, "shared") > 1


def test_a_device_passed_between_fresh_accounts_over_days_is_counted_over_the_week() -> None:
    """A ring's emulator opens one account a day: the day's count stays 0, the
    week's names every account before it; the family tablet above stays at 2."""
    w = World()
    background(w, n_customers=10, days=5)
    for d in range(5):
        w.complete(pay(T0 + d * DAY, customer=f"fresh{d}", device_id="emulator", **HOME))
    fs = w.score(pay(T0 + 5 * DAY + HOUR, customer="fresh5", device_id="emulator", **HOME))
    assert fs.device_others_1d == 0 and v(fs, "device_others_7d") == 5.0
    alone = w.score(pay(T0 + 5 * DAY + HOUR, customer="fresh5", device_id="own-phone", **HOME))
    assert v(alone, "device_others_7d") == 0.0


def test_cold_start_customer_gets_population_priors_not_alarms(commuter: World) -> None:
    fs = commuter.score(pay(NOW, customer="brand-new", **HOME))
    assert fs.cold_start and fs.history_n == 0 and fs.new_device is True
    for g in ("device", "network", "place", "payee", "time"):
        assert llr(fs, g) == 0.0
    # amounts are judged against the population's amounts
    big = commuter.score(pay(NOW, customer="brand-new", amount=20000.0))
    small = commuter.score(pay(NOW, customer="brand-new", amount=30.0))
    assert llr(big, "amount") > llr(small, "amount")


def test_missing_device_and_location_is_neutral_with_indicators(commuter: World) -> None:
    a = pay(NOW, device_id=None, user_agent=None, ip=None, payee_id="grocer")
    fs = commuter.score(a)
    assert fs.new_device is None and fs.new_network is None and fs.distance_km == -1.0
    for name in ("miss_ip", "miss_device", "miss_ua", "miss_latlon", "miss_country", "miss_city"):
        assert v(fs, name) == 1.0
    for g in ("device", "network", "place", "travel", "shared"):
        assert llr(fs, g) == 0.0


def test_back_home_after_a_far_payment_is_not_impossible_travel(commuter: World) -> None:
    """The thief is the one far from home: after a completed payment placed far
    away (a trip, or a coarse IP-based position), a payment minutes later from a
    place the customer has paid from many times carries no travel factor, while a
    payment far from every usual place after a home payment still does."""
    w = copy.deepcopy(commuter)
    w.complete(pay(NOW, ip="8.8.8.8", lat=43.30, lon=5.37, country="FR", city="Marseille"))   # 660 km away
    back = w.score(pay(NOW + 20 * 60, **HOME))
    assert back.speed_kmh > 900 and back.travel_km > 600 and back.distance_km < 5
    assert llr(back, "travel") == 0.0
    w2 = copy.deepcopy(commuter)
    w2.complete(pay(NOW, **HOME))
    away = w2.score(pay(NOW + 20 * 60, ip="8.8.8.8", lat=43.30, lon=5.37, country="FR", city="Marseille"))
    assert away.speed_kmh > 900 and llr(away, "travel") > 1
    # a place paid from once (it may be the thief's own completed payment) is not home
    w3 = copy.deepcopy(commuter)
    w3.complete(pay(NOW, ip="8.8.8.8", lat=43.30, lon=5.37, country="FR", city="Marseille"))
    w3.complete(pay(NOW + 3 * HOUR, **HOME))
    again = w3.score(pay(NOW + 3 * HOUR + 20 * 60, ip="8.8.8.8", lat=43.30, lon=5.37, country="FR",
                         city="Marseille"))
    assert again.distance_km < 5 and llr(again, "travel") > 1


def test_busiest_day_is_kept_decayed_and_reported(commuter: World) -> None:
    """`day_largest`: the largest 24-h completed total once its day is over (a day
    passed without a higher one), fading with the bursts' half-life (60 days); a
    busy day in progress does not count, so it never raises its own daily cap."""
    w = World()
    background(w, n_customers=5, days=3)
    for i in range(5):                      # a payroll day: 5 x 2,000 within an hour
        w.complete(pay(T0 + i * 600, amount=2000.0, **HOME))
    peak = T0 + 2400
    assert w.score(pay(T0 + 3000, amount=50.0, **HOME)).day_largest == 0.0     # not while the day is on
    assert w.score(pay(peak + DAY - 60, amount=50.0, **HOME)).day_largest == 0.0
    for d in range(1, 9):                   # then ordinary days
        w.complete(pay(T0 + d * DAY, amount=50.0, **HOME))
    fs = w.score(pay(T0 + 8 * DAY + HOUR, amount=50.0, **HOME))
    assert fs.day_largest == pytest.approx(10000.0 * 2.0 ** (-(T0 + 8 * DAY + HOUR - peak) / (60 * DAY)), rel=0.01)
    later = w.score(pay(T0 + 68 * DAY + HOUR, amount=50.0, **HOME))
    assert later.day_largest == pytest.approx(fs.day_largest / 2.0, rel=0.01)
    for i in range(5):                      # the next payroll day, twice as big, as it happens
        t = T0 + 9 * DAY + i * 600
        before = w.score(pay(t, amount=4000.0, **HOME)).day_largest
        assert before == pytest.approx(10000.0 * 2.0 ** (-(t - peak) / (60 * DAY)), rel=0.01)
        w.complete(pay(t, amount=4000.0, **HOME))
    assert World().score(pay(T0, amount=50.0, **HOME)).day_largest == 0.0


def test_amount_ratio_z_and_max(commuter: World) -> None:
    fs = commuter.score(pay(NOW, **HOME, amount=400.0))
    assert 10 < fs.amount_ratio < 40 and v(fs, "amount_z") > 2 and llr(fs, "amount") > 1
    assert v(fs, "log_amount_over_max") > 0
    low = commuter.score(pay(NOW, **HOME, amount=5.0))
    assert llr(low, "amount") <= 0.0


def test_velocity_and_day_amount(commuter: World) -> None:
    w = World()
    background(w, n_customers=5, days=3)
    for i in range(6):
        w.complete(pay(T0 + i * 120, amount=50.0, **HOME))
    fs = w.score(pay(T0 + 800, amount=50.0, **HOME))
    assert fs.count_1h == 7 and fs.day_amount == pytest.approx(300.0) and v(fs, "count_10m") >= 5
    assert llr(fs, "velocity") > 1


def test_a_burst_like_the_customers_settled_earlier_one_is_habit_not_velocity() -> None:
    """A payroll run of 15 a month after the last one: habit for the business that
    made it, a burst for a customer who never did; a burst of the same day (not
    settled) vouches for nothing."""
    w = World()
    background(w, n_customers=5, days=3)
    for d in range(0, 40, 3):                               # ordinary days: ~1 payment every 3 days
        w.complete(pay(T0 + d * DAY + 9 * HOUR, amount=80.0, **HOME))
    for i in range(15):                                     # last month's payroll
        w.complete(pay(T0 + 10 * DAY + 10 * HOUR + i * 60, amount=2000.0, payee_id=f"emp{i}", **HOME))
    for i in range(14):                                     # this month's, 30 days on
        w.complete(pay(T0 + 40 * DAY + 10 * HOUR + i * 60, amount=2000.0, payee_id=f"emp{i}", **HOME))
    fs = w.score(pay(T0 + 40 * DAY + 10 * HOUR + 15 * 60, amount=2000.0, payee_id="emp14", **HOME))
    assert fs.count_1h == 15 and llr(fs, "velocity") == 0.0
    assert v(fs, "count_1h_over_habit") < 1.0 and v(fs, "count_1d_over_habit") < 1.0
    # the same customer's history without last month's run: a burst
    w2 = World()
    background(w2, n_customers=5, days=3)
    for d in range(0, 40, 3):
        w2.complete(pay(T0 + d * DAY + 9 * HOUR, amount=80.0, **HOME))
    for i in range(14):
        w2.complete(pay(T0 + 40 * DAY + 10 * HOUR + i * 60, amount=2000.0, payee_id=f"emp{i}", **HOME))
    fs2 = w2.score(pay(T0 + 40 * DAY + 10 * HOUR + 15 * 60, amount=2000.0, payee_id="emp14", **HOME))
    assert fs2.count_1h == 15 and llr(fs2, "velocity") > 3.0
    assert v(fs2, "count_1h_over_habit") == 15.0     # a busiest hour of one payment: no batch habit
    # a consumer whose busiest settled hour held 3 payments: a burst of 6 on their
    # own phone a month later (a thief) is still a burst, judged on raw counts
    w3 = World()
    background(w3, n_customers=5, days=3)
    for d in range(0, 40, 3):
        w3.complete(pay(T0 + d * DAY + 9 * HOUR, amount=80.0, **HOME))
    for i in range(3):
        w3.complete(pay(T0 + 10 * DAY + 12 * HOUR + i * 600, amount=30.0, **HOME))
    for i in range(5):
        w3.complete(pay(T0 + 40 * DAY + 2 * HOUR + i * 120, amount=400.0, payee_id=f"m{i}", **HOME))
    fs3 = w3.score(pay(T0 + 40 * DAY + 2 * HOUR + 11 * 60, amount=400.0, payee_id="m5", **HOME))
    assert fs3.count_1h == 6 and v(fs3, "count_1h_over_habit") == 6.0 and llr(fs3, "velocity") > 2.0


def test_a_payee_the_table_forgot_is_recalled_not_new() -> None:
    """Last month's payroll to 30 people overflowed the payee table: paying one of
    them again is not a first payment (no new-payee cap, a lower payee factor, not
    counted among payees taken up), while a payee never paid still is."""
    w = World()
    background(w, n_customers=5, days=3)
    for i in range(30):
        w.complete(pay(T0 + 9 * HOUR + i * 60, amount=1800.0, payee_id=f"emp{i}", **HOME))
    for i in range(5):
        w.complete(pay(T0 + 30 * DAY + 9 * HOUR + i * 60, amount=1800.0, payee_id=f"emp{i}", **HOME))
    at = T0 + 30 * DAY + 9 * HOUR + 10 * 60
    back = w.score(pay(at, amount=1800.0, payee_id="emp6", **HOME))
    fresh = w.score(pay(at, amount=1800.0, payee_id="stranger", **HOME))
    assert back.new_payee is False and v(back, "payee_new") == 0.0 and v(back, "payee_recalled") == 1.0
    assert fresh.new_payee is True and v(fresh, "payee_new") == 1.0 and v(fresh, "payee_recalled") == 0.0
    assert llr(back, "payee") < llr(fresh, "payee") - 0.5
    assert v(back, "payees_new_1d") == 0.0          # emp0-4 came back recalled: not taken up


def test_a_payroll_beyond_the_profiles_memory_is_remembered_by_the_payees() -> None:
    """250 staff outgrow the payee table and its Bloom memory (~150 payees): the
    staff accounts remember who paid them, so next month's run is not 250 first
    payments. Only completed payments count, and a fraud report makes the payee
    forget its victim."""
    w = World()
    background(w, n_customers=5, days=3)
    for i in range(250):
        w.complete(pay(T0 + 9 * HOUR + i * 30, amount=1800.0, payee_id=f"emp{i}", **HOME))
    at = T0 + 30 * DAY + 9 * HOUR
    p = w.profiles["c1"]
    key = attr_keys(pay(at, payee_id="emp3", **HOME))[10]
    assert all(pe.k != key for pe in p.payee.e) and not payee_remembered(p.payee_mem, key)   # the profile forgot
    back = w.score(pay(at, amount=1800.0, payee_id="emp3", **HOME))
    assert back.new_payee is False and v(back, "payee_recalled") == 1.0
    assert back.payee_largest == 1800.0     # settled: the policy's repeat rules may use it
    soon = w.score(pay(T0 + 9 * HOUR + 3 * DAY, amount=1800.0, payee_id="emp3", **HOME))
    assert soon.new_payee is False and soon.payee_largest == 0.0   # not yet settled
    # a payment scored but never completed (a step-up not passed) teaches the payee nothing
    a = pay(at, amount=900.0, payee_id="mule-1", **HOME)
    k = "p:" + (a.payee_h or "")
    w.entities[k] = observe_entity(w.entities.get(k), k, a, True, False)
    assert w.score(pay(at + 60, amount=900.0, payee_id="mule-1", **HOME)).new_payee is True
    # a reported fraud to a remembered payee: it forgets the victim, not the others
    a3 = pay(at, payee_id="emp3", **HOME)
    k3 = "p:" + (a3.payee_h or "")
    w.entities[k3] = observe_entity(w.entities[k3], k3, pay(at, customer="c2", payee_id="emp3", **HOME), False, True)
    w.entities[k3] = mark_fraud(w.entities[k3], at, at, "c1")
    assert w.score(pay(at + 60, amount=1800.0, payee_id="emp3", **HOME)).new_payee is True
    assert paid_before(decode_entity(w.entities[k3]), label_key("c2")) is not None


def test_a_frequent_payees_largest_amount_settles_a_week_after_it_was_paid() -> None:
    """A supplier paid every other day is never "last paid a week ago"; its largest
    invoice vouches for repeats up to it once a week has passed, and a larger
    payment since does not take that away: it vouches a week later."""
    w = World()
    background(w, n_customers=5, days=3)
    amounts = [3000.0, 5200.0, 4100.0] + [2500.0 + 300.0 * (i % 7) for i in range(12)]
    for i, amt in enumerate(amounts):
        w.complete(pay(T0 + i * 2 * DAY, amount=amt, payee_id="supplier", **HOME))
    at = T0 + len(amounts) * 2 * DAY
    fs = w.score(pay(at, amount=5000.0, payee_id="supplier", **HOME))
    assert fs.new_payee is False and fs.payee_largest == 5200.0
    w.complete(pay(at, amount=6000.0, payee_id="supplier", **HOME))
    assert w.score(pay(at + 2 * DAY, amount=5000.0, payee_id="supplier", **HOME)).payee_largest == 5200.0
    assert w.score(pay(at + 8 * DAY, amount=5000.0, payee_id="supplier", **HOME)).payee_largest == 6000.0


def test_a_device_links_to_fraud_against_other_customers_not_its_victims_own() -> None:
    """A fraud reported on c1's phone (a scam c1 paid from it) does not make c1's
    next payment from that phone look linked to fraud; the same phone used by
    another customer does (a fraudster's phone, a device farm)."""
    w = World()
    background(w, n_customers=5, days=3)
    for i in range(6):
        w.complete(pay(T0 + i * DAY, amount=30.0, **HOME))
    scam = pay(T0 + 6 * DAY, amount=900.0, payee_id="mule", **HOME)
    w.complete(scam)
    for k in entity_keys(scam):
        w.entities[k] = mark_fraud(w.entities[k], T0 + 7 * DAY, scam.ts, "c1")
    own = w.score(pay(T0 + 8 * DAY, amount=30.0, **HOME))
    other = w.score(pay(T0 + 8 * DAY, customer="c2", amount=30.0, **HOME))
    assert v(own, "device_fraud_w") > 0.9 and v(own, "device_fraud_w_others") == 0.0 and own.device_fraud_others == 0.0
    assert v(other, "device_fraud_w_others") > 0.9 and other.device_fraud_others > 0.9
    assert llr(other, "shared") > llr(own, "shared") + 1.0
    assert own.device_fraud_victims == 0 and other.device_fraud_victims == 1
    # a second victim on the same phone: two other customers for a third one, one for c1
    for k in entity_keys(scam):
        if k.startswith("d:"):
            w.entities[k] = mark_fraud(w.entities[k], T0 + 7 * DAY, scam.ts, "c2")
    assert w.score(pay(T0 + 8 * DAY, customer="c3", amount=30.0, **HOME)).device_fraud_victims == 2
    assert w.score(pay(T0 + 8 * DAY, amount=30.0, **HOME)).device_fraud_victims == 1


def test_payee_fraud_link_and_new_senders() -> None:
    w = World()
    background(w, n_customers=5, days=3)
    a = pay(T0, payee_id="terminal-9")
    for k in entity_keys(a):
        if k.startswith("p:"):
            for r in range(3):
                w.entities[k] = mark_fraud(w.entities.get(k), T0 - DAY + r)
    fs = w.score(a)
    assert fs.payee_fraud_n == 3 and llr(fs, "risky_payee") > 2
    clean = w.score(pay(T0, payee_id="terminal-10"))
    assert llr(clean, "risky_payee") == 0.0
    faded = w.score(pay(T0 + 365 * DAY, payee_id="terminal-9"))
    assert llr(faded, "risky_payee") < 0.2 * llr(fs, "risky_payee")


def test_spending_windows_count_mean_and_ratio() -> None:
    """A customer who pays ~20 a day for a month, then three 20s in the last
    day: the 1-day count is higher than the habit suggests, every mean is ~20,
    and a payment of 200 is ~10x each window's mean (log ratio ~ ln 10)."""
    w = World()
    for d in range(30):
        w.complete(pay(T0 + d * DAY, amount=20.0, **HOME))
    for h in (2, 4, 6):
        w.complete(pay(T0 + 29 * DAY + h * HOUR, amount=20.0, **HOME))
    now = T0 + 29 * DAY + 8 * HOUR
    fs = w.score(pay(now, amount=200.0, **HOME))
    counts = [math.expm1(v(fs, f"log1p_win_count_{i}")) for i in (1, 2, 3)]
    means = [math.expm1(v(fs, f"log1p_win_mean_{i}")) for i in (1, 2, 3)]
    assert 2.5 < counts[0] < 4.5 and counts[0] < counts[1] < counts[2] < 33
    assert all(abs(m - 20.0) < 0.5 for m in means)
    assert all(abs(v(fs, f"log_amount_over_win_mean_{i}") - math.log(10.0)) < 0.03 for i in (1, 2, 3))
    # the ratio follows the amount, the windows do not (they hold completed payments before this one)
    small = w.score(pay(now, amount=10.0, **HOME))
    assert v(small, "log_amount_over_win_mean_3") == pytest.approx(math.log(0.5), abs=0.03)
    assert v(small, "log1p_win_count_1") == v(fs, "log1p_win_count_1")
    # a blank profile has empty windows and a neutral ratio
    new = w.score(pay(now, customer="nobody", amount=200.0))
    assert all(v(new, f"{p}_{i}") == 0.0 for p in ("log1p_win_count", "log1p_win_mean", "log_amount_over_win_mean")
               for i in (1, 2, 3))
    # after a quiet fortnight the short windows have emptied, the monthly one has not
    later = w.score(pay(now + 14 * DAY, amount=20.0, **HOME))
    assert math.expm1(v(later, "log1p_win_count_1")) < 0.001 * counts[0]
    assert math.expm1(v(later, "log1p_win_count_3")) > 0.6 * counts[2]


def test_payee_and_device_fraud_rates() -> None:
    """Two reports on a busy terminal weigh far less than two on a quiet one;
    a clean terminal has rate 0; the rate fades with the reports' age."""
    w = World()
    for i in range(300):
        w.complete(pay(T0 + i * 1800, customer=f"s{i % 60}", payee_id="busy", device_id=f"dv{i % 60}"))
    for i in range(6):
        w.complete(pay(T0 + i * 86400, customer=f"s{i}", payee_id="quiet", device_id=f"dv{i}"))
    now = T0 + 6 * DAY
    for payee in ("busy", "quiet"):
        k = "p:" + pay(now, payee_id=payee).payee_h  # type: ignore[operator]
        for r in range(2):
            w.entities[k] = mark_fraud(w.entities.get(k), now - HOUR + r)
    dk = "d:" + pay(now, device_id="dv3").device_h  # type: ignore[operator]
    w.entities[dk] = mark_fraud(w.entities.get(dk), now - HOUR)
    busy = w.score(pay(now, customer="s1", payee_id="busy", device_id="dv1"))
    quiet = w.score(pay(now, customer="s1", payee_id="quiet", device_id="dv1"))
    clean = w.score(pay(now, customer="s1", payee_id="grocer", device_id="dv1"))
    assert v(busy, "payee_fraud_w") == pytest.approx(v(quiet, "payee_fraud_w"))   # same reports ...
    assert v(quiet, "payee_fraud_rate_long") > 5 * v(busy, "payee_fraud_rate_long") > 0.0  # ... not the same risk
    assert v(quiet, "payee_fraud_rate_short") > 5 * v(busy, "payee_fraud_rate_short") > 0.0
    assert v(busy, "log1p_payee_n_long") > v(busy, "log1p_payee_n_short") > v(quiet, "log1p_payee_n_short")
    assert v(clean, "payee_fraud_rate_short") == v(clean, "payee_fraud_rate_long") == 0.0
    assert v(busy, "device_fraud_rate_long") == 0.0
    stolen = w.score(pay(now, customer="s3", payee_id="grocer", device_id="dv3"))
    assert v(stolen, "device_fraud_rate_long") > 0.05
    faded = w.score(pay(now + 60 * DAY, customer="s1", payee_id="quiet", device_id="dv1"))
    assert v(faded, "payee_fraud_rate_short") < 0.01 * v(quiet, "payee_fraud_rate_short")


def test_place_novelty_is_about_the_right_level() -> None:
    """A new city in a known country is a new city, not a new country (the
    country and city tables used to be crossed)."""
    w = World()
    background(w, n_customers=10, days=5)
    for d in range(20):
        w.complete(pay(T0 + d * DAY, **HOME))
    lyon = w.score(pay(T0 + 21 * DAY, ip="81.2.3.4", country="FR", city="Lyon"))
    assert lyon.new_country is False and lyon.new_city is True
    assert v(lyon, "country_new") == 0.0 and v(lyon, "city_new") == 1.0
    abroad = w.score(pay(T0 + 21 * DAY, ip="81.2.3.4", country="DE", city="Berlin"))
    assert abroad.new_country is True and v(abroad, "country_new") == 1.0
    home = w.score(pay(T0 + 21 * DAY, **HOME))
    assert home.new_country is False and home.new_city is False
    assert llr(abroad, "place") > llr(lyon, "place") > llr(home, "place")


def test_a_payment_arriving_late_is_timed_against_the_later_one_the_other_way() -> None:
    """A review: a payment dated before the last located one got a negative gap,
    floored to a minute: Brussels 5 h before London read as 19,000 km/h."""
    from features import extract as ex
    from features.extract import LLR_GROUPS, extract_py
    from features.profile import learn_py as _learn_py

    paris, london, brussels = (48.8566, 2.3522), (51.5074, -0.1278), (50.8503, 4.3517)

    def at(ts: float, where: tuple[float, float]) -> Attributes:
        return Attributes(customer_id="c", ts=ts, amount=40.0, lat=where[0], lon=where[1], how=0)

    for fn in (extract_py, ex.extract):
        p = new_profile()
        for d in range(20):
            _learn_py(p, at(T0 + d * DAY, paris))
        t1 = T0 + 30 * DAY
        _learn_py(p, at(t1, london))
        fs = fn(at(t1 - 5 * HOUR, brussels), p, {}, PopulationFrequencies())
        assert 300 < fs.travel_km < 340 and fs.speed_kmh < 900.0
        assert fs.llr[LLR_GROUPS.index("travel")] == 0.0


@pytest.mark.parametrize("a,b", [("81.2.69.160", "::ffff:81.2.69.160"), ("81.2.69.160", "081.2.069.160"),
                                 ("2001:db8::1", "2001:0DB8:0000:0000:0000:0000:0000:0001")])
def test_one_address_in_two_text_forms_is_one_ip(a: str, b: str) -> None:
    """A review: the address was hashed as sent, so the IPv4-mapped or a written-out
    IPv6 form was a new IP to the profile and split the IP's population entity."""
    from features.attributes import derive_py
    from features.attributes import derive as derive_c

    def pay(ip: str) -> Payment:
        return Payment(transaction_id="t", customer_id="c", timestamp="x", ts=1.7e9, amount=10.0, currency="EUR",
                       ip=ip)

    for fn in (derive_py, derive_c):
        c = DeriveContext.create(b"k" * 32)
        x, y = fn(pay(a), c), fn(pay(b), c)
        assert x.ip_h == y.ip_h and x.net_a_h == y.net_a_h
    assert derive_py(pay(b), ctx()).ip_h == derive_c(pay(b), ctx()).ip_h


def test_a_usual_place_on_the_antimeridian_stays_there() -> None:
    """A review: a centre's longitude was averaged as a plain number, so two shops
    4 km apart either side of 180 degrees made a usual place at longitude 0."""
    from features import extract as ex
    from features.extract import extract_py
    from features.profile import learn as learn_c
    from features.profile import learn_py as _learn_py

    for learn_fn, fn in ((_learn_py, extract_py), (learn_c, ex.extract)):
        p = new_profile()
        for i in range(12):
            lon = 179.98 if i % 2 == 0 else -179.98
            learn_fn(p, Attributes(customer_id="c", ts=T0 + i * DAY, amount=20.0, lat=-16.85, lon=lon, how=0))
        assert all(abs(c.lon) > 1790000 for c in p.centres)
        fs = fn(Attributes(customer_id="c", ts=T0 + 13 * DAY, amount=20.0, lat=-16.85, lon=179.98, how=0), p, {},
                PopulationFrequencies())
        assert fs.distance_km < 30.0
