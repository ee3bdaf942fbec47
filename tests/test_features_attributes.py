"""derive(): hashing, networks, user agents, places, time."""
from __future__ import annotations

import os
import stat

import msgspec
import pytest

from features.attributes import Attributes, DeriveContext, derive, hour_of_week
from features.hashing import Hasher, keyed_hash, load_or_create_hash_key
from features.payment import Payment
from features.useragent import parse_user_agent

KEY = b"test-key"


@pytest.fixture(scope="module")
def ctx() -> DeriveContext:
    return DeriveContext.create(KEY)


def pay(**kw: object) -> Payment:
    base: dict[str, object] = dict(transaction_id="t1", customer_id="c1", timestamp="", ts=1_700_000_000.0, amount=10.0,
                                   currency="EUR")
    base.update(kw)
    return Payment(**base)  # type: ignore[arg-type]


def test_hasher_equals_hmac_and_depends_on_key_and_kind() -> None:
    h = Hasher(KEY)
    assert h("ip", "1.2.3.4") == keyed_hash(KEY, "ip", "1.2.3.4")
    assert h("ip", "1.2.3.4") != Hasher(b"other")("ip", "1.2.3.4")
    assert h("ip", "x") != h("dev", "x")


def test_key_file_created_private_and_stable(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("RISKGATE_HASH_KEY", raising=False)
    k1 = load_or_create_hash_key(str(tmp_path))
    assert stat.S_IMODE(os.stat(tmp_path / "hash.key").st_mode) == 0o600
    assert load_or_create_hash_key(str(tmp_path)) == k1
    monkeypatch.setenv("RISKGATE_HASH_KEY", "from-env")
    assert load_or_create_hash_key(str(tmp_path)) == b"from-env"


def test_no_raw_identifier_in_encoded_attributes(ctx) -> None:
    p = pay(ip="203.0.113.77", device_id="dev-SECRET-1", payee_id="acct-SECRET-2",
            user_agent="BankApp/7.1 (Android 14; SM-S918B)")
    blob = msgspec.msgpack.encode(derive(p, ctx))
    for raw in (b"203.0.113", b"dev-SECRET-1", b"acct-SECRET-2"):
        assert raw not in blob
    assert msgspec.msgpack.decode(blob, type=Attributes).device_h == keyed_hash(KEY, "dev", "dev-SECRET-1")


def test_same_24_shares_network_hash_but_not_ip(ctx) -> None:
    a = derive(pay(ip="81.2.3.4"), ctx)
    b = derive(pay(ip="81.2.3.200"), ctx)
    c = derive(pay(ip="81.2.9.1"), ctx)
    assert a.net_a_h == b.net_a_h and a.ip_h != b.ip_h
    assert a.net_a_h != c.net_a_h and a.net_b_h == c.net_b_h


def test_ipv6_prefixes_and_asn(ctx) -> None:
    a = derive(pay(ip="2001:4860:4860::8888"), ctx)
    b = derive(pay(ip="2001:4860:4860::8844"), ctx)
    assert a.ip_version == 6 and a.net_a_h == b.net_a_h and a.ip_h != b.ip_h
    g = derive(pay(ip="8.8.8.8"), ctx)
    assert g.asn == "GOOGLE" and g.ip_country == "US" and g.hosting is True


def test_bad_ip_is_missing_not_error(ctx) -> None:
    a = derive(pay(ip="not-an-ip"), ctx)
    assert a.ip_h is None and a.ip_version == 0


def test_app_upgrade_keeps_family_new_phone_changes_model() -> None:
    old = parse_user_agent("BankApp/7.1 (Android 14; SM-S918B)")
    new = parse_user_agent("BankApp/8.0.3 (Android 15; SM-S918B)")
    phone = parse_user_agent("BankApp/8.0.3 (Android 15; Pixel 8)")
    assert old == new
    assert phone[:2] == old[:2] and phone[2] != old[2]
    chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{} Safari/537.36"
    assert parse_user_agent(chrome.format("119.0.1")) == parse_user_agent(chrome.format("120.0.2")) == ("Chrome", "Windows", None)
    assert parse_user_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
                            "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1")[:2] == ("Safari", "iOS")


def test_hour_of_week_monday_midnight_is_zero() -> None:
    assert hour_of_week(1_704_067_200.0) == 0          # 2024-01-01 00:00 UTC, a Monday
    assert hour_of_week(1_704_067_200.0 + 86400 * 6 + 3600 * 23) == 167


def test_place_fields_and_null_island(ctx) -> None:
    a = derive(pay(lat=0.0, lon=0.0, country="fr", city=" Paris "), ctx)
    assert a.lat is None and a.country == "FR" and a.city == "FR|paris"


def test_amounts_are_converted_to_the_base_currency() -> None:
    """One amount history per customer whatever the currency: a traveller's
    payments in yen must not look like a 150x spending spree."""
    from features.attributes import DeriveContext, derive
    from features.payment import Payment

    rates = {"JPY": 0.0057, "EUR": 1.0}
    ctx = DeriveContext.create(b"k" * 16, lambda c: rates.get(c or "EUR", 1.0))
    p = Payment(transaction_id="t", customer_id="c", timestamp="", ts=1.7e9, amount=10000.0, currency="JPY")
    assert abs(derive(p, ctx).amount - 57.0) < 1e-9
    plain = DeriveContext.create(b"k" * 16)
    assert derive(p, plain).amount == 10000.0


def test_hosting_flag_is_memoised_without_changing_it() -> None:
    from features import netinfo

    names = ["AMAZON-02", "Deutsche Telekom AG", "OVH SAS", "Hetzner Online GmbH", "Vodafone GmbH", "NordVPN"]
    expected = [netinfo._HOSTING_RE.search(n) is not None for n in names]
    assert expected == [True, False, True, True, False, True]
    netinfo._HOSTING_MEMO.clear()
    assert [netinfo.is_hosting_asn(n) for n in names] == expected   # computed
    assert [netinfo.is_hosting_asn(n) for n in names] == expected   # from the memo
    assert set(names) <= set(netinfo._HOSTING_MEMO)


def test_derive_stores_the_table_keys_attr_keys_would_compute(ctx: DeriveContext) -> None:
    """derive fills `profile.attr_keys`' memo from its own memo tables; the keys
    must equal those computed from the stored hashes and labels (what a decision
    record decoded weeks later gives), for present, missing and blank fields."""
    from features.profile import attr_keys

    ua = "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36"
    payments = [
        pay(ip="81.2.69.160", device_id="d1", user_agent=ua, country="fr", city="Paris", payee_id="p1",
            lat=48.85, lon=2.35),
        pay(ip="81.2.69.160", device_id=" d1 ", user_agent=ua, country=" ", city="Paris", payee_id="p1"),
        pay(ip="2a02:8108:1:2::1", device_id="", user_agent="curl/8.0", payee_id="  "),
        pay(ip="10.0.0.1", user_agent="BankApp/5.2.1 (iOS 17; iPhone15,2)", city="Lyon"),
        pay(ip="not-an-ip", device_id="d2", user_agent="", country="DEU"),
        pay(),
    ]
    for p in payments * 2:   # the second round is served from the memo tables
        a = derive(p, ctx)
        fresh = msgspec.msgpack.decode(msgspec.msgpack.encode(a), type=Attributes)
        assert "_keys" not in fresh.__dict__
        assert attr_keys(a) == attr_keys(fresh)


def test_a_worker_that_loses_the_race_to_create_the_hash_key_takes_the_winners(tmp_path, monkeypatch) -> None:
    """Two workers starting on a new data dir both found no key file and both
    created one; the loser's O_EXCL create failed and it exited (an audit)."""
    import secrets

    import features.hashing as hashing

    monkeypatch.delenv("RISKGATE_HASH_KEY", raising=False)
    real = secrets.token_hex
    won = {"done": False}

    def other_worker_wins_first(n: int) -> str:
        if not won["done"]:       # the other worker writes its key while this one makes its own
            won["done"] = True
            (tmp_path / hashing.KEY_FILE).write_bytes(b"the-other-workers-key")
        return real(n)

    monkeypatch.setattr(hashing.secrets, "token_hex", other_worker_wins_first)
    assert hashing.load_or_create_hash_key(str(tmp_path)) == b"the-other-workers-key"
    assert sorted(p.name for p in tmp_path.iterdir()) == [hashing.KEY_FILE]    # no temporary file left


@pytest.mark.parametrize("ua", ["Android;" + " " * 20_000 + "x", "Mozilla/5.0 (Linux; Android 14; " + "\u3000" * 20_000 + "x"])
def test_user_agent_parsing_does_not_backtrack(ua: str) -> None:
    """A review: 512 characters of spaces after "Android;" took ~1 s (cubic backtracking).
    At 20,000 characters cubic would take days; linear takes milliseconds (the bound is loose)."""
    import time

    t = time.perf_counter()
    parse_user_agent(ua)
    assert time.perf_counter() - t < 2.0


def test_harmonyos_phones_keep_their_model_across_the_upgrade_and_stay_two_phones() -> None:
    emui = ("Mozilla/5.0 (Linux; Android 10; TAS-AN00; HMSCore 5.0.4.301) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/83.0.4103.106 HuaweiBrowser/11.0.5.303 Mobile Safari/537.36")
    harmony = ("Mozilla/5.0 (Linux; Android 10; HarmonyOS; TAS-AN00; HMSCore 6.2.0.302) AppleWebKit/537.36 "
               "(KHTML, like Gecko) Chrome/88.0.4324.93 HuaweiBrowser/12.0.1.300 Mobile Safari/537.36")
    other = ("Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN01; HMSCore 6.11.0.332) AppleWebKit/537.36 "
             "Chrome/99.0 Mobile Safari/537.36")
    assert parse_user_agent(emui)[2] == parse_user_agent(harmony)[2] == "TAS-AN00"
    assert parse_user_agent(other)[2] == "NOH-AN01"
    assert parse_user_agent("Mozilla/5.0 (Phone; OpenHarmony 4.1) AppleWebKit/537.36 Chrome/114.0")[1] == "HarmonyOS"


def test_a_bare_locale_is_no_model() -> None:
    assert parse_user_agent("BankApp/7.1 (Android 14; en-GB)")[2] is None
    assert parse_user_agent("BankApp/7.1 (Android 14; en-GB; SM-S918B Build/UP1A)")[2] == "SM-S918B"
