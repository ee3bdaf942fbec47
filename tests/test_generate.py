"""The generator: determinism per seed, the replay format of API.md, and the
world's promised properties (fraud signatures, genuine-but-unusual behaviour)."""
from __future__ import annotations

import csv
import gzip
import ipaddress
import re
from collections import Counter, defaultdict

import pytest

from benchmarks.gen_fraud import SCENARIOS
from benchmarks.gen_world import HOME_ISPS, HOSTING, MOBILE_ISPS
from benchmarks.generate import COLUMNS, generate, generate_rows, main, write_csv

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture(scope="module")
def world() -> list[dict]:
    return list(generate(customers=300, days=50, seed=11))


def _read(path) -> list[dict]:
    with gzip.open(path, "rt", newline="") as f:
        return list(csv.DictReader(f))


def test_same_seed_gives_identical_bytes_and_other_seeds_differ(tmp_path):
    a, b, c = tmp_path / "a.csv.gz", tmp_path / "b.csv.gz", tmp_path / "c.csv.gz"
    for path, seed in ((a, 7), (b, 7), (c, 8)):
        assert main(["--customers", "200", "--days", "30", "--seed", str(seed), "--out", str(path), "--quiet"]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_dict_api_and_tuple_path_write_the_same_file(tmp_path):
    x, y = tmp_path / "x.csv", tmp_path / "y.csv"
    write_csv(generate(60, 20, 3), x)
    write_csv(generate_rows(60, 20, 3), y)
    assert x.read_bytes() == y.read_bytes()
    with open(x, newline="") as f:
        assert next(csv.reader(f)) == list(COLUMNS)


def test_rows_are_sorted_well_formed_and_inside_the_period(world):
    stamps = [r["timestamp"] for r in world]
    assert stamps == sorted(stamps)
    assert all(ISO.match(s) for s in stamps)
    assert stamps[0] >= "2026-01-01T00:00:00Z" and stamps[-1] < "2026-02-20T00:00:00Z"
    ids = [r["transaction_id"] for r in world]
    assert len(set(ids)) == len(ids)
    for r in world:
        assert r["amount"] > 0 and re.fullmatch(r"[A-Z]{3}", r["currency"])
        if r["ip"] is not None:
            ipaddress.ip_address(r["ip"])
        assert (r["lat"] is None) == (r["lon"] is None)
        if r["lat"] is not None:
            assert -90 <= r["lat"] <= 90 and -180 <= r["lon"] <= 180


def test_labels_are_consistent_and_some_frauds_are_never_reported(world):
    fraud = [r for r in world if r["is_fraud"] == 1]
    assert all(r["is_fraud"] == 0 and r["scenario"] is None and r["fraud_reported_at"] is None
               for r in world if r["is_fraud"] != 1)
    assert all(r["scenario"] in SCENARIOS for r in fraud)
    reported = [r for r in fraud if r["fraud_reported_at"] is not None]
    assert all(r["fraud_reported_at"] > r["timestamp"] for r in reported)
    assert 0 < len(reported) < len(fraud)
    assert {r["scenario"] for r in fraud} == set(SCENARIOS)
    assert 0.001 < len(fraud) / len(world) < 0.03


def _seen_before(world, field):
    """For each row, was its `field` value already used by the same customer in a genuine row?"""
    seen: dict[str, set] = defaultdict(set)
    out = []
    for r in world:
        v = r[field]
        out.append((r, v is not None and v in seen[r["customer_id"]]))
        if v is not None and not r["is_fraud"]:
            seen[r["customer_id"]].add(v)
    return out


def test_fraud_scenarios_leave_their_signatures(world):
    dev = _seen_before(world, "device_id")
    by = defaultdict(list)
    for r, known in dev:
        if r["is_fraud"] and r["device_id"] is not None:
            by[r["scenario"]].append(known)
    assert not any(by["account_takeover"]) and not any(by["sim_swap"])
    assert sum(by["stolen_phone"]) > 0.8 * len(by["stolen_phone"])  # the victim's own phone
    assert sum(by["scam"]) > 0.6 * len(by["scam"])  # the victim's own device
    tests = [r for r in world if r["scenario"] == "card_testing"]
    assert sum(r["amount"] < 10 for r in tests) > 0.8 * len(tests)
    per_device = defaultdict(set)
    for r in tests:
        per_device[r["device_id"]].add(r["customer_id"])
    assert max(len(v) for v in per_device.values()) >= 5  # one tester, many cards
    home = defaultdict(Counter)
    for r in world:
        if not r["is_fraud"] and r["country"] is not None:
            home[r["customer_id"]][r["country"]] += 1
    slow = [r for r in world if r["scenario"] == "low_and_slow"]
    assert slow and all(r["country"] == home[r["customer_id"]].most_common(1)[0][0] for r in slow)  # imitation


def test_genuine_unusual_behaviour_is_common(world):
    genuine = [r for r in world if not r["is_fraud"]]
    new_dev = sum(known is False and r["device_id"] is not None for r, known in _seen_before(genuine, "device_id"))
    customers_with_device = len({r["customer_id"] for r in genuine if r["device_id"] is not None})
    assert new_dev > 1.1 * customers_with_device  # new phones, reinstalls, cleared cookies, shared tablets
    assert sum(r["country"] not in (None, "DE") for r in genuine) > 0.01 * len(genuine)  # travel, living abroad
    big_new = [r for r, known in _seen_before(genuine, "payee_id") if not known and r["amount"] > 1000]
    assert len(big_new) > 20
    tablets = defaultdict(set)
    for r in genuine:
        if r["device_id"] and r["user_agent"] and ("iPad" in r["user_agent"] or "SM-X" in r["user_agent"]):
            tablets[r["device_id"]].add(r["customer_id"])
    assert any(len(v) >= 2 for v in tablets.values())  # family tablets
    assert any(r["device_id"] is None and r["channel"] == "mobile" for r in genuine)  # gateways omitting fields


def test_network_prefixes_belong_to_their_claimed_country():
    geo = pytest.importorskip("geoip2fast").GeoIP2Fast()
    nets = [n for table in (HOME_ISPS, MOBILE_ISPS) for opts in table.values() for _, n in opts] + list(HOSTING)
    for n in nets:
        for base, size in n.v4:
            for k in range(0, size, max(256, size // 64)):  # a /24 every 1/64th of the prefix
                ip = str(ipaddress.IPv4Address(base + k + 7))
                assert geo.lookup(ip).country_code == n.country, (n.name, ip)


def test_the_summary_says_customers_without_a_payment_were_simulated_not_lost():
    from benchmarks.generate import Summary

    s = Summary()
    for i, c in enumerate(("c-1", "c-2", "c-1")):
        s.add((0, c, f"2026-01-0{i + 1}T00:00:00Z", 1.0, "EUR", "mobile") + (None,) * 8 + (0, None, ""))
    assert "customers 2 with a payment (of 3 simulated" in s.text(simulated=3)
    assert "customers 2  2026" in s.text(simulated=2)


def test_shop_terminals_and_providers_are_device_ids_many_genuine_customers_share():
    """With `--shared-devices` a busy device id is not only a fraud farm: tills and
    payment providers are genuine."""
    world = list(generate(customers=300, days=50, seed=11, shared_devices=True))
    customers, fraud, channel, hosting = defaultdict(set), Counter(), defaultdict(set), defaultdict(set)
    host_nets = [ipaddress.IPv4Network(f"{ipaddress.IPv4Address(b)}/{32 - (s - 1).bit_length()}")
                 for n in HOSTING for b, s in n.v4]
    for r in world:
        d = r["device_id"]
        if d is None:
            continue
        customers[d].add(r["customer_id"])
        fraud[d] += r["is_fraud"]
        channel[d].add(r["channel"])
        if r["ip"] is not None:
            hosting[d].add(any(ipaddress.ip_address(r["ip"]) in net for net in host_nets))
    busy = [d for d, who in customers.items() if len(who) >= 10]
    tills = [d for d in busy if channel[d] == {"card"} and not hosting[d]]
    providers = [d for d in busy if channel[d] == {"web"} and hosting[d] == {True}]
    assert len(tills) >= 5 and providers
    assert all(fraud[d] <= 0.05 * len(customers[d]) for d in tills + providers)
    assert any(fraud[d] >= 10 for d in busy)  # the card testers' devices are still there


def test_the_shared_devices_change_only_device_fields_of_the_same_payments():
    """The terminals and providers come from a second stream: with and without them the
    world's payments are the same, so the two worlds are an A/B of those fields alone."""
    on = list(generate(customers=120, days=30, seed=4, shared_devices=True))
    off = list(generate(customers=120, days=30, seed=4))
    assert len(on) == len(off)
    moved = Counter()
    for a, b in zip(on, off):
        for k in ("transaction_id", "customer_id", "timestamp", "amount", "currency", "payee_id", "is_fraud",
                  "fraud_reported_at", "scenario"):
            assert a[k] == b[k], k
        if a != b:
            assert a["device_id"] != b["device_id"]
            moved["provider" if a["channel"] == "web" and b["channel"] != "card" else a["channel"]] += 1
    assert moved["card"] > 100 and moved["provider"] > 0
    assert not any(r["device_id"] is not None and r["channel"] == "card" and r["ip"] is None for r in off)
