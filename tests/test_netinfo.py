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


@pytest.mark.parametrize("first,second", [
    ("104.28.122.0", "104.28.122.4"),                  # CLOUDFLARENET (WARP egress): a /30 in KR, the /31 next in SG
    ("5.62.60.0", "5.62.60.18"),                       # a VPN's addresses
    ("2a09:bac1:64a0::1", "2a09:bac1:64a0:1100::1"),   # CLOUDFLARENET, IPv6
])
def test_an_address_gets_its_own_networks_answer_whatever_its_block_showed_first(first: str, second: str) -> None:
    """A review: country and ASN were memoised per /24 (/48), but the database has
    ~200,000 finer IPv4 networks: the answer depended on which address came first."""
    fresh = NetLookup().lookup(second)
    net = NetLookup()
    net.lookup(first)
    assert net.lookup(second) == fresh
    assert net.lookup(first) == NetLookup().lookup(first)


@pytest.mark.parametrize("ip,asn,hosting", [
    ("45.71.180.1", "COLOMBIA TELECOMUNICACIONES S.A. ESP", False),   # Movistar Colombia: not "colo"cation
    ("23.228.128.1", "GOOGLE-FIBER", False),                          # a home fibre ISP
    ("38.156.64.1", "AMAZONIA TELECOMUNICACOES LTDA", False),         # a Brazilian ISP: not "amazon"
    ("3.120.0.1", None, True),                                        # AWS eu-central-1
    ("88.198.0.1", None, True),                                       # Hetzner
    ("54.37.0.1", None, True),                                        # OVH
])
def test_hosting_names_data_centres_not_isps_whose_names_contain_a_brand(ip: str, asn: str | None,
                                                                           hosting: bool) -> None:
    info = NetLookup().lookup(ip)
    assert asn is None or info.asn == asn
    assert info.hosting is hosting, info.asn
