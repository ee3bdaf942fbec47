"""Everything derived once per payment, before profile or model see it.

`Attributes` is what a decision record keeps (so that feedback weeks later can
still teach the profile): therefore it holds only keyed hashes of the IP, its
network prefixes, the device id and the payee id — never the raw values.
"""
from __future__ import annotations

from typing import Callable

import msgspec

from features.geo import valid_latlon
from features.hashing import Hasher, load_or_create_hash_key
from features.netinfo import NetLookup
from features.payment import Payment
from features.useragent import UAParser

__all__ = ["Attributes", "DeriveContext", "derive", "load_or_create_hash_key", "hour_of_week"]


class Attributes(msgspec.Struct, kw_only=True, omit_defaults=True, dict=True):
    """`dict=True` lets `features.profile.attr_keys` memoise the profile's table
    keys on the instance (not serialized), so extract and learn compute them once."""

    customer_id: str
    ts: float
    amount: float                   # in the policy's currency (see DeriveContext.to_base)
    currency: str | None = None
    channel: str | None = None
    # network (hashes are 64-bit hex HMACs; prefixes hashed together with their length)
    ip_h: str | None = None
    net_a_h: str | None = None      # IPv4 /24, IPv6 /64
    net_b_h: str | None = None      # IPv4 /16, IPv6 /48
    ip_version: int = 0             # 0 = no or unparseable IP
    asn: str | None = None          # ASN name from the shipped database
    ip_country: str | None = None
    hosting: bool | None = None     # None: unknown
    # device
    device_h: str | None = None
    ua_family: str | None = None    # version-free app/browser
    ua_os: str | None = None        # version-free OS
    ua_model: str | None = None     # phone model where the UA names one
    # place
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    city: str | None = None         # "CC|city", case-folded, so equal names in two countries differ
    # payee
    payee_h: str | None = None
    # time, in UTC: a customer's own histogram absorbs their time zone
    how: int = 0                    # hour of week, Monday 00:00 = 0


def hour_of_week(ts: float) -> int:
    # 1970-01-01 was a Thursday (weekday 3 with Monday = 0).
    days = int(ts // 86400.0)
    return ((days + 3) % 7) * 24 + int(ts % 86400.0) // 3600


_IpDerived = tuple[int, str, str, str, "str | None", "str | None", "bool | None"]
_IP_MEMO_CAP = 65536


class DeriveContext:
    """Start-up state of `derive`: the HMAC key schedule, the IP database
    (loaded once, ≈0.3 s) and memo tables for IP blocks, user agents and whole
    addresses (a customer's few IPs recur payment after payment, so the three
    keyed hashes and the lookup of an address are done once, not per payment)."""

    __slots__ = ("hasher", "net", "ua", "ips", "to_base")

    def __init__(self, hasher: Hasher, net: NetLookup, ua: UAParser,
                 to_base: Callable[[str | None], float] | None = None) -> None:
        self.hasher = hasher
        self.net = net
        self.ua = ua
        self.ips: dict[str, _IpDerived | None] = {}
        # Factor from a payment's currency to one base currency (the policy's), so
        # that a customer who pays in several currencies has one amount history and
        # one daily total. None: amounts are taken as they come.
        self.to_base = to_base

    @classmethod
    def create(cls, hash_key: bytes, to_base: Callable[[str | None], float] | None = None) -> "DeriveContext":
        return cls(Hasher(hash_key), NetLookup(), UAParser(), to_base)


def _derive_ip(ip: str, ctx: DeriveContext) -> _IpDerived | None:
    """(version, ip hash, /24 hash, /16 hash, ASN, IP country, hosting) of a
    cleaned address, None when it is not an IP; memoised (bounded)."""
    memo = ctx.ips
    if ip in memo:
        return memo[ip]
    info = ctx.net.lookup(ip)
    r: _IpDerived | None = None
    if info.version:
        h = ctx.hasher
        # prefix string carries its length, e.g. "/24"
        r = (info.version, h("ip", ip.lower()), h("net", info.prefix_a), h("net", info.prefix_b),  # type: ignore[arg-type]
             info.asn, info.country, info.hosting)
    if len(memo) >= _IP_MEMO_CAP:
        memo.clear()
    memo[ip] = r
    return r


def _clean(s: str | None) -> str | None:
    if s is None:
        return None
    s = s.strip()
    return s or None


def derive(payment: Payment, ctx: DeriveContext) -> Attributes:
    h = ctx.hasher
    a = Attributes(
        customer_id=payment.customer_id,
        ts=payment.ts,
        amount=payment.amount if ctx.to_base is None else payment.amount * ctx.to_base(payment.currency),
        currency=_clean(payment.currency),
        channel=(_clean(payment.channel) or "").lower() or None,
        how=hour_of_week(payment.ts),
    )
    ip = _clean(payment.ip)
    if ip is not None:
        net = _derive_ip(ip, ctx)
        if net is not None:
            a.ip_version, a.ip_h, a.net_a_h, a.net_b_h, a.asn, a.ip_country, a.hosting = net
    dev = _clean(payment.device_id)
    if dev is not None:
        a.device_h = h("dev", dev)
    ua = _clean(payment.user_agent)
    if ua is not None:
        a.ua_family, a.ua_os, a.ua_model = ctx.ua(ua)
    if valid_latlon(payment.lat, payment.lon):
        a.lat = float(payment.lat)  # type: ignore[arg-type]
        a.lon = float(payment.lon)  # type: ignore[arg-type]
    cc = _clean(payment.country)
    if cc is not None:
        cc = cc.upper()[:3]
        a.country = cc
    city = _clean(payment.city)
    if city is not None:
        a.city = f"{cc or ''}|{city.casefold()[:64]}"
    payee = _clean(payment.payee_id)
    if payee is not None:
        a.payee_h = h("payee", payee)
    return a
