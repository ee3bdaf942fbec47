"""NetLookup.lookup's IPv6 path through the C library (`_lookup_v6`) must give
what the `ipaddress` path (`_lookup_v6_ipaddress`) gives: the same addresses
accepted, the same prefixes printed, the same block looked up, the same
private flag."""
from __future__ import annotations

import ipaddress
import random

import pytest

from features.netinfo import NetInfo, NetLookup


@pytest.fixture(scope="module")
def net() -> NetLookup:
    return NetLookup()


def _reference(net: NetLookup, ip: str) -> NetInfo:
    """The `ipaddress` path alone, on what `lookup` passes it."""
    return net._lookup_v6_ipaddress(ip.split("%", 1)[0])


EDGES = [
    "::", "::1", "1::", "::0", "0::0", "::ffff:1.2.3.4", "::ffff:01.2.3.4", "0:0:0:0:0:ffff:1.2.3.4", "::1.2.3.4",
    "::0.0.0.1", "::2:3", "::ffff:0:1.2.3.4", "64:ff9b::1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", ":1::2", "1::2::3", ":::",
    "1:::2", "12345::", "abcd::1234:", "::1.2.3", "::1.2.3.4.5", "1.2.3.4::", "::256.1.1.1", "2001:DB8::A",
    "2001:0db8:0000:0000:0000:0000:0000:0001", "fe80::1%eth0", "fe80::1%", "2001:db8:0:0:1:0:0:1",
    "2001:db8::1:0:0:1", "0:0:1:0:0:0:0:0", "1:0:0:1:0:0:0:1", "fc00::1", "100::1", "2001:2::1",
    "2a00:1450:4001:81b::200e", "::ffff:ffff:ffff", "g::1", "１::1", "::１", "1::2\x00",
]


def test_edge_cases_match_ipaddress(net: NetLookup) -> None:
    for ip in EDGES:
        assert net.lookup(ip) == _reference(net, ip), ip


def test_random_addresses_and_strings_match_ipaddress(net: NetLookup) -> None:
    rnd = random.Random(11)
    fast = 0
    for _ in range(20000):   # addresses with runs of zero groups in every place, in several written forms
        groups = [rnd.choice([0, 0, 0, 1, 0xFFFF, rnd.randrange(65536)]) for _ in range(8)]
        addr = ipaddress.IPv6Address(sum(g << (16 * (7 - i)) for i, g in enumerate(groups)))
        for ip in (str(addr), addr.exploded, addr.exploded.upper(), ":".join(f"{g:x}" for g in groups)):
            assert net.lookup(ip) == _reference(net, ip), ip
            fast += net._lookup_v6(ip) is not None
    for _ in range(20000):   # strings over the characters an address is written with
        ip = "".join(rnd.choice("0123456789abcdefABCDEF:.::") for _ in range(rnd.randint(2, 45)))
        if ":" in ip:
            assert net.lookup(ip) == _reference(net, ip), ip
    assert fast > 70000   # the C library's path answered nearly all of them


def test_a_new_lookup_after_another_geoip_database_was_loaded_still_answers_asns() -> None:
    """geoip2fast keeps its tables in module globals: another GeoIP2Fast (its
    country-only default file) loaded in the process replaced the ASN tables that
    every NetLookup shared, and the golden replay answered otherwise after
    tests/test_generate.py had run."""
    from geoip2fast import GeoIP2Fast

    addresses = ["8.8.8.8", "1.1.1.1", "81.2.69.160", "2001:4860:4860::8888", "203.0.113.7", "41.90.64.1"]
    before = [NetLookup().lookup(a) for a in addresses]
    assert before[0].asn and before[0].country == "US"
    GeoIP2Fast()
    assert [NetLookup().lookup(a) for a in addresses] == before
