"""Everything derived once per payment, before profile or model see it.

`Attributes` is what a decision record keeps (so that feedback weeks later can
still teach the profile): therefore it holds only keyed hashes of the IP, its
network prefixes, the device id and the payee id — never the raw values.
"""
from __future__ import annotations

from typing import Any, Callable

import msgspec

from features.compiled import load
from features.geo import valid_latlon
from features.hashing import Hasher, label_key, load_or_create_hash_key, short_key
from features.netinfo import NetLookup
from features.memo import make_room
from features.payment import Payment
from features.useragent import UAParser

__all__ = ["Attributes", "DeriveContext", "HAVE_C_DERIVE", "derive", "derive_py", "load_or_create_hash_key",
           "hour_of_week", "payee_hash"]


class Attributes(msgspec.Struct, kw_only=True, omit_defaults=True, dict=True):
    """`dict=True` lets the profile's table keys (`features.profile.attr_keys`)
    live on the instance (not serialized): `derive` stores them from its memo
    tables, and an instance decoded from a decision record computes them on
    first use, so extract and learn never compute them twice."""

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


_IpDerived = tuple[int, str, str, str, "str | None", "str | None", "bool | None", int, int, int, "int | None",
                   "int | None"]
_MEMO_CAP = 65536
_IP_MEMO_CAP = _MEMO_CAP


class DeriveContext:
    """Start-up state of `derive`: the HMAC key schedule, the IP database
    (loaded once, ≈0.3 s) and memo tables for IP blocks, user agents, whole
    addresses, device ids and payee ids (a customer's few IPs, devices and
    payees recur payment after payment, so their keyed hashes, lookups and
    profile table keys are computed once, not per payment)."""

    __slots__ = ("hasher", "net", "ua", "ips", "to_base", "devs", "payees", "uas", "chmac")

    def __init__(self, hasher: Hasher, net: NetLookup, ua: UAParser,
                 to_base: Callable[[str | None], float] | None = None) -> None:
        self.hasher = hasher
        self.net = net
        self.ua = ua
        self.ips: dict[str, _IpDerived | None] = {}
        # id -> (keyed hash, its profile table key); UA -> (family, OS, model, family key, OS key)
        self.devs: dict[str, tuple[str, int]] = {}
        self.payees: dict[str, tuple[str, int]] = {}
        self.uas: dict[str, tuple[str | None, str | None, str | None, int | None, int | None]] = {}
        # Factor from a payment's currency to one base currency (the policy's), so
        # that a customer who pays in several currencies has one amount history and
        # one daily total. None: amounts are taken as they come.
        self.to_base = to_base
        # the hasher's key as features/_derive.c hashes with it; None without the
        # extension (or with a hasher of another kind: derive_py then answers)
        key64 = getattr(hasher, "key64", None)
        self.chmac: bytes | None = _DERIVE_C.hmac_state(key64) if _DERIVE_C is not None and key64 else None

    @classmethod
    def create(cls, hash_key: bytes, to_base: Callable[[str | None], float] | None = None) -> "DeriveContext":
        return cls(Hasher(hash_key), NetLookup(), UAParser(), to_base)


def _derive_ip(ip: str, ctx: DeriveContext) -> _IpDerived | None:
    """(version, ip hash, /24 hash, /16 hash, ASN, IP country, hosting, then the
    profile table keys of the three hashes, of the ASN and of the IP country)
    of a cleaned address, None when it is not an IP; memoised (bounded)."""
    memo = ctx.ips
    if ip in memo:
        return memo[ip]
    info = ctx.net.lookup(ip)
    r: _IpDerived | None = None
    if info.version:
        h = ctx.hasher
        # prefix string carries its length, e.g. "/24"
        ip_h = h("ip", info.addr if info.addr else ip.lower())
        na, nb = h("net", info.prefix_a), h("net", info.prefix_b)  # type: ignore[arg-type]
        asn, cc = info.asn, info.country
        r = (info.version, ip_h, na, nb, asn, cc, info.hosting, short_key(ip_h), short_key(na), short_key(nb),
             label_key(asn) if asn else None, label_key(cc) if cc else None)
    make_room(memo, _MEMO_CAP)
    memo[ip] = r
    return r


def _clean(s: str | None) -> str | None:
    if s is None:
        return None
    s = s.strip()
    return s or None


def _remember_hash(memo: dict[str, tuple[str, int]], ctx: "DeriveContext", kind: str,
                   value: str) -> tuple[str, int]:
    """(keyed hash, its profile table key) of a device or payee id, remembered in
    a bounded memo: the HMAC is the costly part and the same ids come back."""
    h = ctx.hasher(kind, value)
    hit = (h, short_key(h))
    make_room(memo, _MEMO_CAP)
    memo[value] = hit
    return hit


def payee_hash(value: str, ctx: DeriveContext) -> str:
    """The keyed hash an id gets as a `payee_id` (stripped as derive strips it):
    the engine reads the paying customer's own account under it."""
    value = value.strip()
    hit = ctx.payees.get(value)
    return (hit if hit is not None else _remember_hash(ctx.payees, ctx, "payee", value))[0]


def _ua_derived(ua: str, ctx: DeriveContext) -> tuple[str | None, str | None, str | None, int | None, int | None]:
    """(family, OS, model, family key, OS key) of a user agent not in the memo, remembered."""
    fam, os_, model = ctx.ua(ua)
    uhit = (fam, os_, model,
            label_key(f"{fam}|{model}") if fam is not None or model is not None else None,
            label_key(os_) if os_ else None)
    make_room(ctx.uas, _MEMO_CAP)
    ctx.uas[ua] = uhit
    return uhit


def derive_py(payment: Payment, ctx: DeriveContext) -> Attributes:
    """The payment's `Attributes`, with the profile's table keys (`profile.attr_keys`)
    computed here from the memo tables and stored on the instance. `_clean`
    (strip; empty is missing) and `hour_of_week` are written out inline.
    features/_derive.c computes the same where it is built (`derive`)."""
    ts = payment.ts
    amount = payment.amount
    currency = payment.currency
    if ctx.to_base is not None:
        amount = amount * ctx.to_base(currency)
    if currency is not None:
        currency = currency.strip() or None
    channel = payment.channel
    if channel is not None:
        channel = channel.strip().lower() or None
    a = Attributes(
        customer_id=payment.customer_id, ts=ts, amount=amount, currency=currency, channel=channel,
        how=((int(ts // 86400.0) + 3) % 7) * 24 + int(ts % 86400.0) // 3600,   # hour_of_week(ts)
    )
    ip_k = net_a_k = net_b_k = asn_k = ipcc_k = None
    ip = payment.ip
    if ip is not None:
        ip = ip.strip()
        if ip:
            net = _derive_ip(ip, ctx)
            if net is not None:
                (a.ip_version, a.ip_h, a.net_a_h, a.net_b_h, a.asn, a.ip_country, a.hosting,
                 ip_k, net_a_k, net_b_k, asn_k, ipcc_k) = net
    dev_k = None
    dev = payment.device_id
    if dev is not None:
        dev = dev.strip()
        if dev:
            hit = ctx.devs.get(dev)
            a.device_h, dev_k = hit if hit is not None else _remember_hash(ctx.devs, ctx, "dev", dev)
    fam_k = os_k = None
    ua = payment.user_agent
    if ua is not None:
        ua = ua.strip()
        if ua:
            uhit = ctx.uas.get(ua)
            if uhit is None:
                uhit = _ua_derived(ua, ctx)
            a.ua_family, a.ua_os, a.ua_model, fam_k, os_k = uhit
    lat, lon = payment.lat, payment.lon
    if valid_latlon(lat, lon):
        a.lat = float(lat)  # type: ignore[arg-type]
        a.lon = float(lon)  # type: ignore[arg-type]
    cc_k = city_k = None
    cc = payment.country
    if cc is not None:
        cc = cc.strip()
        if cc:
            cc = cc.upper()[:3]
            a.country = cc
            cc_k = label_key(cc)
        else:
            cc = None
    city = payment.city
    if city is not None:
        city = city.strip()
        if city:
            city = f"{cc or ''}|{city.casefold()[:64]}"
            a.city = city
            city_k = label_key(city)
    payee_k = None
    payee = payment.payee_id
    if payee is not None:
        payee = payee.strip()
        if payee:
            phit = ctx.payees.get(payee)
            a.payee_h, payee_k = phit if phit is not None else _remember_hash(ctx.payees, ctx, "payee", payee)
    # profile.attr_keys, in profile.TABLES order
    a.__dict__["_keys"] = (ip_k, net_a_k, net_b_k, asn_k, ipcc_k, dev_k, fam_k, os_k, cc_k, city_k, payee_k)
    return a


def _compiled_derive() -> Any:
    """features._derive where it is in use (features/compiled.py), else None."""
    from features import hashing
    return load("_derive", lambda m: m.setup(Payment, Attributes, DeriveContext, {
        "derive_py": derive_py, "remember_hash": _remember_hash,
        "ua_derived": _ua_derived, "label_key": label_key, "labels": hashing._LABELS,
    }, _MEMO_CAP))


_DERIVE_C = _compiled_derive()
#: True when `derive` is features/_derive.c's.
HAVE_C_DERIVE = _DERIVE_C is not None
derive: Callable[[Payment, DeriveContext], Attributes] = _DERIVE_C.derive if _DERIVE_C is not None else derive_py
