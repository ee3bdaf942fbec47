"""IP address → network prefixes, ASN, IP country and a hosting/anonymiser flag.

Uses the IP database shipped inside the geoip2fast wheel (nothing is downloaded
at run time). geoip2fast gives the ASN's registered name, not its number; the
name is what we key on. Hosting data does not exist in that database, so the
flag comes from a short list of well-known cloud, hosting, VPN and Tor-exit
operators matched on the ASN name: True/False when the ASN is known, None when
it is not (unknown is not the same as residential).
"""
from __future__ import annotations

import ipaddress
import os
import re
import socket
from typing import Any

import msgspec

from features.memo import make_room

# Short brand names match as words only: as substrings "colo" took COLOMBIA
# TELECOMUNICACIONES, "amazon" AMAZONIA TELECOMUNICACOES, "aws" Polish names with
# "Warszawsk", "ovh" ROVHIL (a review); Google Fiber is a home ISP.
_HOSTING_RE = re.compile(
    r"^(?!.*google[- ]?fiber).*?(?:"
    r"\bamazon\b|\baws\b|\bgoogle\b|microsoft|\bazure\b|digitalocean|\bovh\b|hetzner|linode|akamai|"
    r"vultr|choopa|constant company|cloudflare|\boracle\b|alibaba|aliyun|tencent|leaseweb|m247|"
    r"datacamp|contabo|scaleway|online s\.a\.s|ionos|hostinger|hosting|datacenter|"
    r"data center|server|cloud|\bvps\b|\bcolo\b|colocation|tor[- ]exit|erneuerbare freiheit|packethub|"
    r"nordvpn|expressvpn|mullvad|privateinternetaccess|proton|zscaler|g-core|gcore|"
    r"fastly|psychz|quadranet|hostwinds|hivelocity|ponynet|frantech|buyvm)",
    re.IGNORECASE,
)


def _prefix_len(cidr: object) -> int:
    """The length of a database answer's network ("104.28.122.0/30" -> 30); 128 when
    it names none (an address not in the database: memoised alone)."""
    if isinstance(cidr, str):
        _, _, n = cidr.rpartition("/")
        if n.isdigit():
            return int(n)
    return 128


class NetInfo(msgspec.Struct, frozen=True):
    """What one address tells about its network. Prefixes are raw here and are
    hashed (with their length) by `attributes.derive` before anything is stored."""

    version: int                 # 4 or 6; 0 when the string is not an IP
    prefix_a: str | None         # IPv4 /24, IPv6 /64
    prefix_b: str | None         # IPv4 /16, IPv6 /48
    asn: str | None              # registered ASN name
    country: str | None          # ISO code of the IP's registration
    hosting: bool | None
    private: bool
    # the address in one text form (dotted quad, RFC 5952), which its hash is taken
    # of: "::ffff:81.2.69.160" is 81.2.69.160, "2001:DB8:0::1" is 2001:db8::1 (a
    # review found one address hashed as two). None: as sent, lower-cased.
    addr: str | None = None


_BAD = NetInfo(0, None, None, None, None, None, False)
_V4_MAPPED = b"\0" * 10 + b"\xff\xff"
_ZERO8 = b"\0" * 8
_ZERO10 = b"\0" * 10


_HOSTING_MEMO: dict[str, bool] = {}


def is_hosting_asn(asn_name: str) -> bool:
    """Memoised (bounded): the alternation above costs ~10 µs a search, and a
    few thousand ASN names carry nearly all traffic while every new /24 block
    asks again."""
    hit = _HOSTING_MEMO.get(asn_name)
    if hit is None:
        hit = _HOSTING_RE.search(asn_name) is not None
        make_room(_HOSTING_MEMO, 100_000)
        _HOSTING_MEMO[asn_name] = hit
    return hit


_DATABASE: list[Any] = []     # [the GeoIP2Fast instance, the tables it loaded]
_TABLES = ("mainIndex", "mainListFirstIP", "mainListIDCountryCodes", "mainListNetlength", "mainListNamesCountry",
           "mainIndexASN", "mainListFirstIPASN", "mainListIDASN", "mainListNetlengthASN", "mainListNamesASN")


def _database() -> Any:
    """The database, read once per process: every `NetLookup` of the process (a
    replay's engines, the tests' hundreds) shares it instead of spending ≈0.4 s
    each on reading it again. geoip2fast keeps its tables in module globals, so
    another GeoIP2Fast loaded in the process (another file) replaces them for
    every instance: read again when the tables are no longer the ones read here."""
    import sys

    import geoip2fast
    from geoip2fast import GeoIP2Fast

    module = sys.modules[GeoIP2Fast.__module__]
    tables = [getattr(module, name, None) for name in _TABLES]
    if _DATABASE and all(a is b for a, b in zip(tables, _DATABASE[1])):
        return _DATABASE[0]
    path = os.path.join(os.path.dirname(geoip2fast.__file__), "geoip2fast-asn-ipv6.dat.gz")
    db = GeoIP2Fast(geoip2fast_data_file=path, verbose=False)
    _DATABASE[:] = [db, [getattr(module, name, None) for name in _TABLES]]
    return db


class NetLookup:
    """Loads the database once (≈0.3 s) at start-up; memoises per /24 (/48):
    BGP never routes anything smaller than a /24, so ASN and country are the
    same for every address in it."""

    def __init__(self, cache_cap: int = 200_000) -> None:
        self._db = _database()
        self._cache: dict[str, tuple[str | None, str | None, bool | None, bool]] = {}
        self._cap = cache_cap

    def _geo(self, ip: str, block: str) -> tuple[str | None, str | None, bool | None, bool]:
        hit = self._cache.get(block)
        if hit is None:
            hit = self._cache.get(ip)
            if hit is not None:
                return hit
            r = self._db.lookup(ip)
            cc = r.country_code if len(r.country_code) == 2 and r.country_code != "--" else None
            asn = r.asn_name or None
            private = bool(r.is_private)
            if private:
                asn = None
            hosting = None if asn is None else is_hosting_asn(asn)
            hit = (asn, cc, hosting, private)
            make_room(self._cache, self._cap)
            # The database's networks do not overlap: one that holds the whole block answers
            # for every address in it. A finer one (a /30 of Cloudflare's WARP in one country,
            # the next /31 in another: a review found ~200,000 such IPv4 entries) answers for
            # its address alone, memoised by the address (never a block key's form).
            span = 48 if ":" in ip else 24
            if _prefix_len(r.cidr) <= span and _prefix_len(r.asn_cidr) <= span:
                self._cache[block] = hit
            else:
                self._cache[ip] = hit
        return hit

    def lookup(self, ip: str) -> NetInfo:
        parts = ip.split(".")
        if len(parts) == 4 and ":" not in ip:
            # each part a decimal 0..255 (int() alone would also take "+1", " 1", "1_0")
            p0, p1, p2, p3 = parts
            try:
                o0, o1, o2, o3 = int(p0), int(p1), int(p2), int(p3)
            except ValueError:
                return _BAD
            if not (0 <= o0 <= 255 and 0 <= o1 <= 255 and 0 <= o2 <= 255 and 0 <= o3 <= 255
                    and p0.isdigit() and p1.isdigit() and p2.isdigit() and p3.isdigit()):
                return _BAD
            b = f"{o0}.{o1}"
            a = f"{b}.{o2}"
            full = f"{a}.{o3}"
            asn, cc, hosting, private = self._geo(full, a)
            return NetInfo(4, a + "/24", b + "/16", asn, cc, hosting, private, full)
        if ":" not in ip:
            return _BAD
        s = ip.split("%", 1)[0]
        fast = self._lookup_v6(s)
        return fast if fast is not None else self._lookup_v6_ipaddress(s)

    def _lookup_v6_ipaddress(self, s: str) -> NetInfo:
        """An IPv6 address (or not) as `ipaddress` reads and prints it: the
        reference `_lookup_v6` follows, and the answer where it declines."""
        try:
            addr = ipaddress.IPv6Address(s)
        except ValueError:
            return _BAD
        if addr.ipv4_mapped is not None:
            return self.lookup(str(addr.ipv4_mapped))
        n = int(addr)
        a = f"{ipaddress.IPv6Address(n >> 64 << 64)}/64"
        b = f"{ipaddress.IPv6Address(n >> 80 << 80)}/48"
        full = str(addr)
        asn, cc, hosting, private = self._geo(full, b)
        return NetInfo(6, a, b, asn, cc, hosting, private or addr.is_private, full)

    def _lookup_v6(self, s: str) -> NetInfo | None:
        """`_lookup_v6_ipaddress` through the C library's parser and printer:
        ~3 µs instead of ~13, and IPv6 carries much of mobile banking's
        traffic. Both parse RFC 4291 text alike and print RFC 5952 form alike
        (lower case, the longest run of two or more zero groups as "::", the
        first of equal runs), except that glibc prints a dotted quad in the
        last 32 bits of some addresses: those, and whatever it does not parse,
        are left to `ipaddress` (None). tests/test_netinfo.py compares the two
        on random and edge-case strings."""
        try:
            packed = socket.inet_pton(socket.AF_INET6, s)
        except (OSError, ValueError):
            return None
        if packed[:12] == _V4_MAPPED:
            return None
        full = socket.inet_ntop(socket.AF_INET6, packed)
        a = socket.inet_ntop(socket.AF_INET6, packed[:8] + _ZERO8)
        b = socket.inet_ntop(socket.AF_INET6, packed[:6] + _ZERO10)
        if "." in full or "." in a or "." in b:
            return None
        asn, cc, hosting, private = self._geo(full, b + "/48")
        return NetInfo(6, a + "/64", b + "/48", asn, cc, hosting, private or ipaddress.IPv6Address(packed).is_private,
                       full)
