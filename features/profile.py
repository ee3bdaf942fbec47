"""A customer's behaviour profile: bounded, O(1) to update, decayed by event time.

Layout choices, all for a serialized size under 2 KB on a busy customer:
- every categorical relationship (network, device, place, payee) is a `Table`
  of at most K `Entry`s keyed by a 32-bit key of the stored hash (or of the
  label), weights quantized to 1/16 of a payment, times in whole minutes;
- decay is lazy: each entry carries the time its weight was last brought up to
  date, so an update touches one entry, never the whole profile; all entries of
  a table share one half-life, so comparing them needs only their own times;
- the hour-of-week histogram is 168 uint16 counts under one common scale
  (uniform decay does not change shares, so only the scale decays);
- the raw IP, device id and payee id never enter: `Attributes` holds only
  their HMACs, and the profile keeps 32 bits of those;
- the payee table's entries also keep the largest completed amount paid to the
  payee (whole units), which decides what a full table forgets (below) and lets
  the policy treat a repeat of a known bill as habit;
- the structs are `gc=False`: they hold only ints, bytes and lists of each
  other, so they can never form a reference cycle, and the ~70 objects of a
  decoded profile then cost the garbage collector nothing (and decode faster).
"""
from __future__ import annotations

import math
from typing import Any

import msgspec

from features.attributes import Attributes
from features.compiled import PURE_PYTHON_ENV, load
from features.config import DEFAULT_CONFIG, ProfileConfig
from features.geo import EARTH_KM, haversine_km
from features.hashing import label_key, short_key


__all__ = [
    "Entry", "Table", "PayeeEntry", "PayeeTable", "Centre", "Profile", "ProfileConfig", "new_profile", "encode_profile",
    "PROFILE_MAX_BYTES",
    "decode_profile", "learn", "unlearn", "profile_view", "decayed", "find", "UNIT", "WIN_UNIT",
    "network_keys", "device_keys", "place_keys", "TABLES", "attr_keys", "settled_bursts", "settled_day",
    "payee_remembered", "payee_memory_add", "learn_py", "HAVE_C_LEARN", "PURE_PYTHON_ENV",
]

UNIT = 16            # one payment's weight in stored units
WIN_UNIT = 256       # one payment in the spending windows (finer: they are updated often and decay fast)
_HIST_MAX = 65535
_HIST_FORGOTTEN = -1000.0   # log2 weight below which the hour histogram is forgotten (`_hist_add`)


class Entry(msgspec.Struct, array_like=True, gc=False):
    k: int   # 32-bit key of the stored hash / label
    w: int   # decayed weight in 1/16 payments, as of minute `t`
    t: int   # last seen, minutes since epoch
    f: int   # first seen, minutes since epoch
    c: int   # completed payments seen (undecayed)


class Table(msgspec.Struct, array_like=True, gc=False):
    w: int = 0                   # decayed total weight of all payments that had this attribute
    t: int = 0
    e: list[Entry] = msgspec.field(default_factory=list)


class PayeeEntry(Entry, array_like=True, gc=False):
    a: int = 0   # largest completed amount paid to this payee, whole units (0: unknown; older profiles)
    r: int = 0   # 1: recalled — the table had forgotten it, the payee memory had not (first seen unknown)


class PayeeTable(msgspec.Struct, array_like=True, gc=False):
    w: int = 0
    t: int = 0
    e: list[PayeeEntry] = msgspec.field(default_factory=list)


# What a full payee table forgets first. Forgetting a payee costs most when the
# customer comes back with a large payment: the rent, the yearly insurance, the
# monthly standing order are paid once a month or less, and a month of one-off
# shops and cafés (20+ distinct payees is common) would otherwise push them out
# just before they recur, so that they come back "new" and "above habit". A
# payee's eviction score (log2 of its weight in payments, less its age in
# half-lives) therefore gains log2(largest amount / typical amount) when that
# is above 1: a payee that once took k typical payments is remembered as if
# paid k times, at most 16 (KEEP_BONUS_MAX = 4). Payees of ordinary amounts
# gain nothing, so the table's usual order is unchanged for them.
KEEP_BONUS_MAX = 4.0


def keep_bonus(largest: int, typical: float) -> float:
    """log2(largest / typical) when positive, at most KEEP_BONUS_MAX; 0 when either is unknown."""
    if largest <= 0 or not typical > 0.0 or largest <= typical:
        return 0.0
    b = math.log2(largest / typical)
    return b if b < KEEP_BONUS_MAX else KEEP_BONUS_MAX


def amount_units(amount: float) -> int:
    """An amount as the payee table keeps it: whole units, rounded."""
    return int(amount + 0.5) if amount > 0.0 else 0


def typical_amount(p: "Profile") -> float:
    """The customer's typical amount (decayed log-mean), 0.0 before any."""
    return math.exp(p.amt_mu / 1000.0) if p.amt_w else 0.0


class Centre(msgspec.Struct, array_like=True, gc=False):
    lat: int  # 1e-4 degrees
    lon: int
    w: int
    t: int
    f: int
    c: int


class Profile(msgspec.Struct, array_like=True, gc=False):
    version: int = 0
    n: int = 0                   # completed payments learned (minus unlearned)
    first: int = 0               # minute of the first learned payment
    last: int = 0                # minute of the latest learned payment
    ip: Table = msgspec.field(default_factory=Table)
    net_a: Table = msgspec.field(default_factory=Table)
    net_b: Table = msgspec.field(default_factory=Table)
    asn: Table = msgspec.field(default_factory=Table)
    ipcc: Table = msgspec.field(default_factory=Table)
    device: Table = msgspec.field(default_factory=Table)
    ua_family: Table = msgspec.field(default_factory=Table)  # key: family|model
    ua_os: Table = msgspec.field(default_factory=Table)
    country: Table = msgspec.field(default_factory=Table)
    city: Table = msgspec.field(default_factory=Table)
    payee: PayeeTable = msgspec.field(default_factory=PayeeTable)
    centres: list[Centre] = msgspec.field(default_factory=list)
    geo_w: int = 0               # decayed weight of payments that had a location
    geo_t: int = 0
    hist: bytes = b""            # 168 big-endian uint16, hour-of-week counts
    hist_tot: int = 0            # sum of the 168 counts
    hist_log2: float = 0.0       # log2 of one count's weight (payments) at minute hist_t
    hist_t: int = 0
    amt_mu: int = 0              # decayed mean of ln(amount), x1000
    amt_var: int = 0             # decayed variance of ln(amount), x1000
    amt_w: int = 0               # decayed weight, stored units
    amt_t: int = 0
    amt_max: int = 0             # largest recent amount in cents (decays to forget)
    amt_max_t: int = 0
    recent: list[list[int]] = msgspec.field(default_factory=list)  # [ts_s, cents, count], last 24 h
    last_geo: list[int] = msgspec.field(default_factory=list)      # [lat e4, lon e4, ts_s]
    # Spending windows, one per half-life in `ProfileConfig.hl_windows`, flat:
    # [count x WIN_UNIT, amount in cents] each, decayed as of minute win_t.
    win: list[int] = msgspec.field(default_factory=list)
    win_t: int = 0
    # Largest completed amount within 24 h (cents, decayed with `hl_burst`, as of
    # minute day_max_t): the customer's own settled busiest day, which sets their
    # daily limit (rules.daily); the current one waits in day_pend (below).
    # Last, with defaults, so that profiles stored before it decode.
    day_max: int = 0
    day_max_t: int = 0
    # Most completed payments within one hour and within 24 h (x UNIT, decayed
    # with `hl_burst` as of minute burst_t): the customer's own bursts, which
    # the velocity factor takes as habit (a business's payroll run). A burst
    # counts only once settled: it waits in pend_* (its peak, undecayed, and
    # the minute that peak was last raised) until `label_delay` has passed
    # without a higher one, so a drain in progress, or one reported days later,
    # never teaches its own habit. Appended, as above.
    burst_h: int = 0
    burst_d: int = 0
    burst_t: int = 0
    pend_h: int = 0
    pend_d: int = 0
    pend_t: int = 0
    # Payees the table forgot (evicted), as a two-generation Bloom filter of
    # their table keys (`payee_memory`): empty until the first eviction.
    payee_mem: bytes = b""
    # Challenges that failed and none passed since (the policy's
    # [rules.failed_challenge]): the highest level failed, how many, the minute of
    # the last (forgotten at the next failure once older than the policy's window).
    # Not behaviour: the customer's account state, set and cleared by auth_result
    # feedback, never by learn. Appended, as above.
    fail_lvl: int = 0
    fail_n: int = 0
    fail_t: int = 0
    fail_new: int = 0            # of those, failed from a device the customer had not completed a payment with
    # The busiest 24 h not yet settled (cents, undecayed) and the minute it was
    # last raised: it joins day_max only once a day has passed without a higher
    # one (DAY_SETTLE_MIN), as the bursts' pending peak does after the label
    # delay. So today's own spending never raises today's daily cap (each
    # completed payment let the next pass half as much again). Appended, as above.
    day_pend: int = 0
    day_pend_t: int = 0


TABLES = ("ip", "net_a", "net_b", "asn", "ipcc", "device", "ua_family", "ua_os", "country", "city", "payee")

_ENC = msgspec.msgpack.Encoder()
_DEC = msgspec.msgpack.Decoder(Profile)


def new_profile() -> Profile:
    return Profile()


#: The stored profile's bound (issue 3's 2 KB): the tables' caps keep a busy
#: customer under it; a flood of payments each new in every attribute is trimmed.
PROFILE_MAX_BYTES = 2048
# tables trimmed first: the finest network and place levels, whose values are the
# most numerous and the least telling once weak (the payee table never: its
# evictions feed the payee memory)
_TRIM_ORDER = ("ip", "net_a", "city", "net_b", "asn", "device", "ua_family", "ua_os", "country", "ipcc")


def encode_profile(p: Profile) -> bytes:
    b = _ENC.encode(p)
    if len(b) <= PROFILE_MAX_BYTES:
        return b
    return _encode_trimmed(p, b)


def _encode_trimmed(p: Profile, b: bytes) -> bytes:
    """Drop the weakest entry of the fullest table until the profile fits (a
    review: every attribute new on each of 400 payments reached 2,163 bytes).
    A dropped value looks new again: the cautious side."""
    while len(b) > PROFILE_MAX_BYTES:
        tabs = [getattr(p, n) for n in _TRIM_ORDER]
        tab = max(tabs, key=lambda t: len(t.e))
        if len(tab.e) <= 1:
            if len(p.centres) > 1:
                del p.centres[min(range(len(p.centres)), key=lambda i: p.centres[i].w)]
            elif len(p.recent) > 1:
                del p.recent[0]
            else:
                break
        else:
            # the weakest, but never one the table's latest payment just bumped or
            # made while another is left: else a new value (a new office's network)
            # was dropped again at every store and never learned (a review)
            e = tab.e
            del e[min(range(len(e)), key=lambda i: (e[i].t >= tab.t, e[i].w))]
        b = _ENC.encode(p)
    return b


def decode_profile(b: bytes) -> Profile:
    return _DEC.decode(b)


# ---------------------------------------------------------------- keys per table

def network_keys(a: Attributes) -> tuple[int | None, int | None, int | None, int | None, int | None]:
    """Coarse to fine: IP country, ASN, /16 (/48), /24 (/64), address."""
    return (
        label_key(a.ip_country) if a.ip_country else None,
        label_key(a.asn) if a.asn else None,
        short_key(a.net_b_h) if a.net_b_h else None,
        short_key(a.net_a_h) if a.net_a_h else None,
        short_key(a.ip_h) if a.ip_h else None,
    )


def device_keys(a: Attributes) -> tuple[int | None, int | None, int | None]:
    """Coarse to fine: OS, app/browser family (+ phone model), device id."""
    fam = None
    if a.ua_family is not None or a.ua_model is not None:
        fam = label_key(f"{a.ua_family}|{a.ua_model}")
    return (
        label_key(a.ua_os) if a.ua_os else None,
        fam,
        short_key(a.device_h) if a.device_h else None,
    )


def place_keys(a: Attributes) -> tuple[int | None, int | None]:
    return (
        label_key(a.country) if a.country else None,
        label_key(a.city) if a.city else None,
    )


def attr_keys(a: Attributes) -> tuple[int | None, ...]:
    """All table keys of a payment, computed once per payment, in the order
    of `TABLES` (learn's table tuple and extract read them so): ip, net_a,
    net_b, asn, ipcc, device, ua_family, ua_os, country, city, payee.
    `attributes.derive` stores them already (from its memo tables); this
    computes them for instances built otherwise (decoded records, tests)."""
    k = a.__dict__.get("_keys")
    if k is None:
        fam = None
        if a.ua_family is not None or a.ua_model is not None:
            fam = label_key(f"{a.ua_family}|{a.ua_model}")
        k = (
            short_key(a.ip_h) if a.ip_h else None,
            short_key(a.net_a_h) if a.net_a_h else None,
            short_key(a.net_b_h) if a.net_b_h else None,
            label_key(a.asn) if a.asn else None,
            label_key(a.ip_country) if a.ip_country else None,
            short_key(a.device_h) if a.device_h else None,
            fam,
            label_key(a.ua_os) if a.ua_os else None,
            label_key(a.country) if a.country else None,
            label_key(a.city) if a.city else None,
            short_key(a.payee_h) if a.payee_h else None,
        )
        a.__dict__["_keys"] = k
    return k


# ---------------------------------------------------------------- table primitives

def decayed(w: int, t: int, now: int, hl_min: float) -> float:
    """Weight `w` (stored units, as of minute t) brought to minute `now`.
    Out-of-order events (now < t) do not inflate weights."""
    if now <= t:
        return float(w)
    return w * 2.0 ** (-(now - t) / hl_min)


def find(tab: Table, k: int) -> Entry | None:
    for e in tab.e:
        if e.k == k:
            return e
    return None


# ---------------------------------------------------------------- payee memory

# The payee table keeps 16 payees with their history, for the 2 KB bound. A
# business paying 50-250 employees and suppliers a month, or a shopper with a
# few dozen merchants, cycles through more than that, and every payee forgotten
# would come back "new" (13-23 % of genuine payments, in worlds from several
# authors). What a forgotten payee still needs is one bit of knowledge: paid
# before. The table's evictions therefore go into a Bloom filter of their keys:
# MEM_HASHES bits in the current generation of MEM_GEN_BYTES; when more than
# MEM_FILL of its bits are set (about 90 payees), it becomes the previous
# generation and a new one starts, so the memory holds the last ~90-180
# forgotten payees and its false-positive rate stays below ~2 x 0.3^3 = 5 %
# (under 0.5 % for a customer with a few dozen payees). A false positive makes
# a new payee look known to this customer; the payee's own population signals
# (fraud reports, new senders) still apply. 192 bytes, only once the table has
# overflowed.
MEM_GEN_BYTES = 96
MEM_HASHES = 3
MEM_FILL = 0.3
_MEM_BITS = MEM_GEN_BYTES * 8
_MEM_ROTATE = int(MEM_FILL * _MEM_BITS)


def _mem_positions(k: int) -> tuple[int, int, int]:
    """Three bit positions of a 32-bit table key (mixed by a 64-bit golden-ratio multiply)."""
    h = (k * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    return (h >> 11) % _MEM_BITS, (h >> 29) % _MEM_BITS, (h >> 47) % _MEM_BITS


def payee_remembered(mem: bytes, k: int) -> bool:
    """Whether the payee memory holds key k (in either generation)."""
    if not mem:
        return False
    for off in (0, MEM_GEN_BYTES):
        for b in _mem_positions(k):
            if not mem[off + (b >> 3)] & (1 << (b & 7)):
                break
        else:
            return True
    return False


def payee_memory_forget(mem: bytes, k: int) -> bytes:
    """`mem` without key k in either generation: its bits cleared, which may make
    a payee sharing one of them look new (the cautious side)."""
    if len(mem) != 2 * MEM_GEN_BYTES:
        return mem
    m = bytearray(mem)
    for off in (0, MEM_GEN_BYTES):
        for b in _mem_positions(k):
            m[off + (b >> 3)] &= ~(1 << (b & 7)) & 0xFF
    return bytes(m)


def payee_memory_add(mem: bytes, k: int) -> bytes:
    """`mem` with key k added to the current generation, rotated when full."""
    m = bytearray(mem) if len(mem) == 2 * MEM_GEN_BYTES else bytearray(2 * MEM_GEN_BYTES)
    for b in _mem_positions(k):
        m[b >> 3] |= 1 << (b & 7)
    if int.from_bytes(m[:MEM_GEN_BYTES], "little").bit_count() > _MEM_ROTATE:
        m[MEM_GEN_BYTES:] = m[:MEM_GEN_BYTES]
        m[:MEM_GEN_BYTES] = bytes(MEM_GEN_BYTES)
    return bytes(m)


def _bump(tab: Any, k: int, now: int, hl_min: float, cap: int, units: int | None = None,
          typical: float = 0.0, settle_min: int = 0, memory: bytes = b"") -> int | None:
    """One payment with value k. `units` (the payee table only) is the amount in
    whole units: kept as the entry's largest, and with `typical` it weighs the
    eviction (`keep_bonus`) of entries last paid at least `settle_min` minutes
    ago: by then a fraud among those payments has usually been reported, and
    unlearning it reset the amount, so a fraudster's large payment does not
    hold its payee in the table. A new payee entry the payee `memory` holds is
    marked recalled. Returns the key of the entry evicted, if any."""
    t = tab.t
    factor = 1.0
    if now > t:
        factor = 2.0 ** ((t - now) / hl_min)
        tab.w = int(tab.w * factor + 0.5) + UNIT
        tab.t = now
    else:
        tab.w += UNIT
    entries = tab.e
    for e in entries:
        if e.k == k:
            te = e.t
            if now > te:
                # the value seen last in this table was last updated with the table:
                # same elapsed time, same decay factor (no second power)
                e.w = int(e.w * (factor if te == t else 2.0 ** ((te - now) / hl_min)) + 0.5) + UNIT
                e.t = now
            else:
                e.w += UNIT
            if now < e.f:
                e.f = now
            e.c += 1
            if units is not None and units > e.a:
                e.a = units
            return None
    if units is None:
        new = Entry(k, UNIT, now, now, 1)
    else:
        new = PayeeEntry(k, UNIT, now, now, 1, units, 1 if payee_remembered(memory, k) else 0)
    if len(entries) < cap:
        entries.append(new)
        return None
    # Evict the weakest by decayed weight; the newcomer always gets its chance,
    # and under a flood of new values the established habits (heavier) survive.
    weakest = 0
    low = math.inf
    log2 = math.log2
    for i in range(len(entries)):
        e = entries[i]
        score = log2(e.w + 1) - (now - e.t) / hl_min
        if units is not None and now - e.t >= settle_min:
            score += keep_bonus(e.a, typical)
        if score < low:
            low = score
            weakest = i
    gone = entries[weakest].k
    entries[weakest] = new
    return gone


def _drop(tab: Any, k: int, ts_min: int, hl_min: float, units: int | None = None) -> None:
    """Take back what one payment at minute ts_min taught this table; a
    relationship that began with that payment is removed entirely. On the payee
    table (`units` given), a largest amount that this payment may have set is
    forgotten: the one before it is not kept, and a fraud must not leave behind
    a large "known" amount for the policy to wave through."""
    for i, e in enumerate(tab.e):
        if e.k == k:
            if e.f > ts_min:
                # first seen after the payment: the entry was evicted since and made
                # again by later payments, none of them this one (a review found a
                # genuine relationship deleted so); only the table's total held it
                break
            contrib = UNIT * 2.0 ** (-max(0, e.t - ts_min) / hl_min)
            if e.f >= ts_min - 1 or e.c <= 1 or e.w <= contrib:
                del tab.e[i]
            else:
                e.w = int(e.w - contrib + 0.5)
                e.c -= 1
                if units is not None and units >= e.a:
                    e.a = 0
            break
    # not in the table (evicted, or removed by the report of an earlier payment of
    # the same relationship): the table's total still holds this payment
    tab.w = max(0, int(tab.w - UNIT * 2.0 ** (-max(0, tab.t - ts_min) / hl_min) + 0.5))


# ---------------------------------------------------------------- learn / unlearn

def _minute(ts: float) -> int:
    return int(ts // 60.0)


def _hist_add(p: Profile, how: int, now: int, hl_min: float, sign: int) -> None:
    hist = bytearray(p.hist) if p.hist else bytearray(336)
    if p.hist_tot == 0:
        p.hist_log2 = 0.0
        p.hist_t = now
    # log2 of one count's weight (in payments) at `now`
    dt = now - p.hist_t
    lw = p.hist_log2 - (dt if dt > 0 else 0) / hl_min
    if lw < _HIST_FORGOTTEN and sign < 0:
        return      # the payment's count has decayed to nothing: nothing to take back
    if lw < _HIST_FORGOTTEN and sign > 0:
        # Silent for more than ~1,000 half-lives (centuries by default, weeks
        # under a configured half-life of hours): the counts have decayed to
        # nothing and 2 ** -lw would overflow a float. Start afresh.
        hist = bytearray(336)
        p.hist_tot = 0
        p.hist_log2 = 0.0
        p.hist_t = now
        lw = 0.0
    inc = 2.0 ** (-lw)
    i = 2 * how
    v = (hist[i] << 8) | hist[i + 1]
    if sign > 0:
        v += int(inc + 0.5)
        if v > _HIST_MAX:
            # Rescale everything: happens once per ~16 half-lives of growth.
            shift = max(1, math.ceil(math.log2(v / _HIST_MAX)))
            tot = 0
            for j in range(0, 336, 2):
                u = ((hist[j] << 8) | hist[j + 1]) >> shift
                hist[j] = u >> 8
                hist[j + 1] = u & 255
                tot += u
            p.hist_log2 = lw + shift
            # lw is a count's weight at max(now, hist_t): a late payment leaves the
            # clock where it was (a review: it moved back, over-weighting what came next)
            p.hist_t = now if now > p.hist_t else p.hist_t
            p.hist_tot = tot
            v = min(_HIST_MAX, v >> shift)
            old = (hist[i] << 8) | hist[i + 1]
            p.hist_tot += v - old
        else:
            p.hist_tot += int(inc + 0.5)
    else:
        dec = min(v, int(inc + 0.5))
        v -= dec
        p.hist_tot -= dec
    hist[i] = v >> 8
    hist[i + 1] = v & 255
    p.hist = bytes(hist)


def _amount_add(p: Profile, amount: float, now: int, cfg: ProfileConfig) -> None:
    x = math.log(max(amount, 0.01))
    hl = cfg.hl_amount / 60.0
    w = decayed(p.amt_w, p.amt_t, now, hl) / UNIT + 1.0
    mu = p.amt_mu / 1000.0
    var = p.amt_var / 1000.0
    if p.amt_w == 0:
        mu, var = x, 0.0
    else:
        d = x - mu
        if p.n >= 5:
            # Winsorize: one outlier (or a fraud that slipped through) moves the
            # typical amount by at most 3 spreads.
            lim = 3.0 * max(math.sqrt(var), 0.25)
            d = max(-lim, min(lim, d))
        mu += d / w
        var = (1.0 - 1.0 / w) * (var + d * d / w)
    p.amt_mu = int(round(mu * 1000))
    p.amt_var = int(round(var * 1000))
    p.amt_w = int(w * UNIT + 0.5)
    p.amt_t = max(now, p.amt_t)
    cents = int(round(amount * 100))
    p.amt_max, p.amt_max_t = _raise_max(p.amt_max, p.amt_max_t, now, cfg.hl_max_amount / 60.0, cents)


def _raise_max(value: int, t: int, now: int, hl_min: float, new: int) -> tuple[int, int]:
    """A decayed running maximum (the largest amount, the busiest day) and its
    time: `new` if it is at least the old value decayed to `now`, else that."""
    cur = decayed(value, t, now, hl_min)
    if new >= cur:
        return new, now
    return int(cur + 0.5), max(now, t)


def _recent_add(p: Profile, ts: int, cents: int, cap: int) -> None:
    rec = p.recent
    horizon = ts - 86400
    if rec and rec[0][0] <= horizon:
        # kept sorted by time, so the expired entries are a prefix
        i = 1
        while i < len(rec) and rec[i][0] <= horizon:
            i += 1
        del rec[:i]
    rec.append([ts, cents, 1])
    if len(rec) > 1 and rec[-2][0] > ts:
        rec.sort(key=lambda r: r[0])
    if len(rec) > cap:
        # Merge the two oldest, stamped with the later time: counts and sums
        # stay complete and only ever over-, never under-estimate a window.
        a, b = rec[0], rec[1]
        rec[1] = [b[0], a[1] + b[1], a[2] + b[2]]
        del rec[0]


# A pending busiest day settles once more than a full day (in whole minutes, so more
# than 86,400 s) has passed since it was last raised: no 24-h window ending later can
# still hold its payments, so that day is over.
DAY_SETTLE_MIN = 1440


def _day_max_add(p: Profile, ts: int, now: int, hl_min: float) -> tuple[int, int]:
    """After `_recent_add`: fold a pending busiest day that has settled into the
    decayed busiest day, then let the 24 h total ending with this payment (the
    same window as extract's `day_amount`, this payment included) raise the
    pending one (restarting its wait). Returns the 1 h and 24 h counts
    (extract's `c1h`, `c1d`) of the same window, for `_burst_add`."""
    day = 0
    c1h = c1d = 0
    for t_r, cents_r, cnt_r in p.recent:
        age = ts - t_r
        if 0 <= age < 86400:
            day += cents_r
            c1d += cnt_r
            if age < 3600:
                c1h += cnt_r
    if p.day_pend_t and now - p.day_pend_t > DAY_SETTLE_MIN:
        p.day_max, p.day_max_t = _raise_max(p.day_max, p.day_max_t, p.day_pend_t, hl_min, p.day_pend)
        p.day_pend = p.day_pend_t = 0
    if day > p.day_pend or not p.day_pend_t:
        p.day_pend = day if day > p.day_pend else p.day_pend
        p.day_pend_t = now
    return c1h, c1d


def settled_day(p: Profile, now: int, hl_min: float) -> float:
    """The busiest 24 h by completed amount (cents), decayed to minute `now`:
    the settled one, and the pending one too once its day is over."""
    day = 0.0
    if p.day_max:
        dt = now - p.day_max_t
        day = p.day_max if dt <= 0 else p.day_max * 2.0 ** (-dt / hl_min)
    if p.day_pend_t and now - p.day_pend_t > DAY_SETTLE_MIN:
        dt = now - p.day_pend_t
        pend = p.day_pend * 2.0 ** (-dt / hl_min)
        if pend > day:
            day = pend
    return day


def settled_bursts(p: Profile, now: int, hl_min: float, settle_min: int) -> tuple[float, float]:
    """The busiest hour and day by count, in payments, decayed to minute `now`:
    the settled peaks, and the pending one too once it has waited `settle_min`."""
    bh = bd = 0.0
    if p.burst_t:
        bh = decayed(p.burst_h, p.burst_t, now, hl_min) / UNIT
        bd = decayed(p.burst_d, p.burst_t, now, hl_min) / UNIT
    if p.pend_t and now - p.pend_t >= settle_min:
        bh = max(bh, decayed(p.pend_h, p.pend_t, now, hl_min) / UNIT)
        bd = max(bd, decayed(p.pend_d, p.pend_t, now, hl_min) / UNIT)
    return bh, bd


def _burst_add(p: Profile, c1h: int, c1d: int, now: int, hl_min: float, settle_min: int) -> None:
    """Fold a pending peak that has settled into the decayed busiest hour and
    day, then let this payment's 1 h and 24 h counts raise the pending peak
    (restarting its wait)."""
    if p.pend_t and now - p.pend_t >= settle_min:
        t = p.pend_t
        h = int(decayed(p.burst_h, p.burst_t, t, hl_min) + 0.5)
        d = int(decayed(p.burst_d, p.burst_t, t, hl_min) + 0.5)
        p.burst_h = max(p.pend_h, h)
        p.burst_d = max(p.pend_d, d)
        p.burst_t = max(t, p.burst_t)
        p.pend_h = p.pend_d = p.pend_t = 0
    h, d = c1h * UNIT, c1d * UNIT
    if h > p.pend_h or d > p.pend_d or not p.pend_t:
        p.pend_h = h if h > p.pend_h else p.pend_h
        p.pend_d = d if d > p.pend_d else p.pend_d
        p.pend_t = now


def _windows_add(p: Profile, now: int, cents: int, hls: tuple[float, ...], sign: int) -> None:
    """Add (sign +1) or take back (-1) one payment of `cents` at minute `now`
    in every spending window. A payment older than the windows' time enters
    already decayed, so out-of-order events and unlearning are exact up to
    rounding; counts never go negative."""
    w = p.win
    if len(w) != 2 * len(hls):
        w = p.win = [0] * (2 * len(hls))
    t = p.win_t
    cnt = sign * WIN_UNIT
    amt = sign * cents
    if now >= t:
        for i in range(len(hls)):
            j = 2 * i
            if now > t:
                f = 2.0 ** ((t - now) / hls[i])
                w[j] = max(0, int(w[j] * f + 0.5) + cnt)
                w[j + 1] = max(0, int(w[j + 1] * f + 0.5) + amt)
            else:
                w[j] = max(0, w[j] + cnt)
                w[j + 1] = max(0, w[j + 1] + amt)
        p.win_t = now
    else:
        for i in range(len(hls)):
            j = 2 * i
            g = 2.0 ** ((now - t) / hls[i])
            w[j] = max(0, w[j] + int(cnt * g + (0.5 if sign > 0 else -0.5)))
            w[j + 1] = max(0, w[j + 1] + int(amt * g + (0.5 if sign > 0 else -0.5)))
    if sign < 0:
        for j in range(0, len(w), 2):
            if w[j] == 0:
                w[j + 1] = 0   # no payment left in the window: its amount is rounding residue


def _centre_add(p: Profile, lat: float, lon: float, now: int, cfg: ProfileConfig) -> None:
    hl = cfg.hl_place / 60.0
    p.geo_w = int(decayed(p.geo_w, p.geo_t, now, hl) + 0.5) + UNIT
    p.geo_t = max(now, p.geo_t)
    best = None
    best_d = cfg.centre_radius_km
    for c in p.centres:
        d = haversine_km(lat, lon, c.lat * 1e-4, c.lon * 1e-4)
        if d <= best_d:
            best, best_d = c, d
    if best is not None:
        w = decayed(best.w, best.t, now, hl)
        tot = w + UNIT
        # Drift the centre toward the new point in proportion to its weight.
        best.lat = int(round((best.lat * w + lat * 1e4 * UNIT) / tot))
        best.lon = _centre_lon(best.lon, lon, w, tot)
        best.w = int(tot + 0.5)
        best.t = max(best.t, now)
        best.c += 1
        return
    _centre_new(p, lat, lon, now, cfg.k_centres, hl)


def _centre_lon(c_lon: int, lon: float, w: float, tot: float) -> int:
    """A centre's longitude (1e-4 degrees) drifted toward `lon` the short way round:
    179.98 and -179.98 are 4 km apart, not a world (a review found a usual place on
    the antimeridian averaged to longitude 0). features/_hotpath.c does the same."""
    x = lon * 1e4
    if x - c_lon > 1800000.0:
        x -= 3600000.0
    elif x - c_lon < -1800000.0:
        x += 3600000.0
    v = int(round((c_lon * w + x * UNIT) / tot))
    if v > 1800000:
        v -= 3600000
    elif v < -1800000:
        v += 3600000
    return v


def _centre_new(p: Profile, lat: float, lon: float, now: int, cap: int, hl: float) -> None:
    """A place away from every centre: a new centre, evicting the weakest when full."""
    new = Centre(int(round(lat * 1e4)), int(round(lon * 1e4)), UNIT, now, now, 1)
    if len(p.centres) < cap:
        p.centres.append(new)
        return
    low, idx = math.inf, 0
    for i, c in enumerate(p.centres):
        s = math.log2(c.w + 1) - (now - c.t) / hl
        if s < low:
            low, idx = s, i
    p.centres[idx] = new


_TABLE_CACHE: dict[int, tuple[Any, ...]] = {}


def _table_params(cfg: ProfileConfig) -> tuple[tuple[float, ...], tuple[int, ...]]:
    """Per-table half-lives in minutes and capacities, in `attr_keys` order,
    computed once per config object (keyed by id, checked by identity so that
    a new config at a recycled address is not served stale values)."""
    hit = _config_cache(cfg)
    return hit[1], hit[2]


def _window_hls(cfg: ProfileConfig) -> tuple[float, ...]:
    """The spending windows' half-lives in minutes, once per config object."""
    return _config_cache(cfg)[3]


def _config_cache(cfg: ProfileConfig) -> tuple[Any, ...]:
    """(cfg, table half-lives, table capacities, window half-lives, then the
    half-lives in minutes of place, time, amount and largest amount): the
    divisions `learn` would otherwise redo per payment, once per config."""
    hit = _TABLE_CACHE.get(id(cfg))
    if hit is None or hit[0] is not cfg:
        net, dev, pl = cfg.hl_network / 60.0, cfg.hl_device / 60.0, cfg.hl_place / 60.0
        hls = (net, net, net, net, net, dev, dev, dev, pl, pl, cfg.hl_payee / 60.0)
        caps = (cfg.k_ip, cfg.k_net24, cfg.k_net16, cfg.k_asn, cfg.k_ipcc, cfg.k_device,
                cfg.k_ua_family, cfg.k_ua_os, cfg.k_country, cfg.k_city, cfg.k_payee)
        if len(_TABLE_CACHE) > 64:
            _TABLE_CACHE.clear()
        hit = _TABLE_CACHE[id(cfg)] = (cfg, hls, caps, tuple(h / 60.0 for h in cfg.hl_windows),
                                       pl, cfg.hl_time / 60.0, cfg.hl_amount / 60.0, cfg.hl_max_amount / 60.0)
    return hit


_RAD = math.pi / 180.0            # as features.geo
_TWO_R = 2.0 * EARTH_KM


def learn_py(profile: Profile, attrs: Attributes, cfg: ProfileConfig = DEFAULT_CONFIG) -> None:
    """Teach the profile one completed (genuine until reported) payment.

    `learn` is this function compiled (features/_hotpath.c) where the extension
    is built; this stays the reference definition, the fallback, and what
    `RISKGATE_PURE_PYTHON=1` runs.

    This runs for every completed payment, so `_bump` (per table),
    `_centre_add` (with `geo.haversine_km`), `_amount_add` and `_windows_add`
    are written out here with the same float operations in the same order,
    and two-way min/max are conditional expressions (as in `extract`); the
    helpers stay the reference (and `unlearn`'s) definitions, and
    tests/test_features_profile.py checks that both give the same bytes. The
    payee table goes through `_bump` itself: it keeps amounts, and its
    evictions weigh them."""
    p = profile
    ts = attrs.ts
    now = int(ts // 60.0)          # _minute
    if p.n == 0 or now < p.first:
        p.first = now
    if now > p.last:
        p.last = now
    p.n += 1
    p.version += 1
    _, hls, caps, win_hls, hl_place, hl_time, hl_amount, hl_max_amount = _config_cache(cfg)
    tabs = (p.ip, p.net_a, p.net_b, p.asn, p.ipcc, p.device, p.ua_family, p.ua_os, p.country, p.city)
    keys = attr_keys(attrs)
    # Tables of one attribute family share a half-life and are usually updated
    # together (same last time), so their decay factor is usually the previous
    # table's: reused when (time, half-life) are equal, the same float either way.
    last_t = -1
    last_hl = 0.0
    last_f = 1.0
    for tab, k, hl_min, cap in zip(tabs, keys, hls, caps):   # all but the payee table (after)
        if k is None:
            continue
        # ---- _bump(tab, k, now, hl_min, cap)
        t = tab.t
        factor = 1.0
        if now > t:
            if t != last_t or hl_min != last_hl:
                last_f = 2.0 ** ((t - now) / hl_min)
                last_t = t
                last_hl = hl_min
            factor = last_f
            tab.w = int(tab.w * factor + 0.5) + UNIT
            tab.t = now
        else:
            tab.w += UNIT
        entries = tab.e
        for e in entries:
            if e.k == k:
                te = e.t
                if now > te:
                    e.w = int(e.w * (factor if te == t else 2.0 ** ((te - now) / hl_min)) + 0.5) + UNIT
                    e.t = now
                else:
                    e.w += UNIT
                if now < e.f:
                    e.f = now
                e.c += 1
                break
        else:
            new = Entry(k, UNIT, now, now, 1)
            if len(entries) < cap:
                entries.append(new)
            else:
                weakest = 0
                low = math.inf
                log2 = math.log2
                for i in range(len(entries)):
                    e = entries[i]
                    score = log2(e.w + 1) - (now - e.t) / hl_min
                    if score < low:
                        low = score
                        weakest = i
                entries[weakest] = new
    k = keys[10]
    settle_min = int(cfg.label_delay // 60.0)
    if k is not None:
        gone = _bump(p.payee, k, now, hls[10], caps[10], amount_units(attrs.amount), typical_amount(p),
                     settle_min, p.payee_mem)
        if gone is not None:
            p.payee_mem = payee_memory_add(p.payee_mem, gone)
    lat, lon = attrs.lat, attrs.lon
    if lat is not None and lon is not None:
        # ---- _centre_add(p, lat, lon, now, cfg)
        hl = hl_place
        gt = p.geo_t
        p.geo_w = int((float(p.geo_w) if now <= gt else p.geo_w * 2.0 ** (-(now - gt) / hl)) + 0.5) + UNIT
        if now > gt:     # max(now, gt)
            p.geo_t = now
        best = None
        best_d = cfg.centre_radius_km
        p1 = lat * _RAD
        cos_p1 = math.cos(p1)
        sin, cos, asin, sqrt = math.sin, math.cos, math.asin, math.sqrt
        for c in p.centres:
            p2 = c.lat * 1e-4 * _RAD
            s_p = sin((p2 - p1) * 0.5)
            s_l = sin((c.lon * 1e-4 - lon) * _RAD * 0.5)
            d = sqrt(s_p ** 2 + cos_p1 * cos(p2) * s_l ** 2)
            d = _TWO_R * asin(d if d < 1.0 else 1.0)
            if d <= best_d:
                best, best_d = c, d
        if best is not None:
            bt = best.t
            w = float(best.w) if now <= bt else best.w * 2.0 ** (-(now - bt) / hl)
            tot = w + UNIT
            # Drift the centre toward the new point in proportion to its weight.
            best.lat = int(round((best.lat * w + lat * 1e4 * UNIT) / tot))
            best.lon = _centre_lon(best.lon, lon, w, tot)
            best.w = int(tot + 0.5)
            if now > bt:
                best.t = now
            best.c += 1
        else:
            _centre_new(p, lat, lon, now, cfg.k_centres, hl)
        ts_s = int(ts)
        if not p.last_geo or ts_s >= p.last_geo[2]:
            p.last_geo = [int(round(lat * 1e4)), int(round(lon * 1e4)), ts_s]
    _hist_add(p, attrs.how, now, hl_time, +1)
    # ---- _amount_add(p, amount, now, cfg)
    amount = attrs.amount
    x = math.log(0.01 if 0.01 > amount else amount)
    at = p.amt_t
    amt_w = p.amt_w
    w = (float(amt_w) if now <= at else amt_w * 2.0 ** (-(now - at) / hl_amount)) / UNIT + 1.0
    mu = p.amt_mu / 1000.0
    var = p.amt_var / 1000.0
    if amt_w == 0:
        mu, var = x, 0.0
    else:
        d = x - mu
        if p.n >= 5:
            # Winsorize: one outlier (or a fraud that slipped through) moves the
            # typical amount by at most 3 spreads.
            sd = math.sqrt(var)
            lim = 3.0 * (0.25 if 0.25 > sd else sd)
            d = d if d < lim else lim
            neg = -lim
            d = d if d > neg else neg
        mu += d / w
        var = (1.0 - 1.0 / w) * (var + d * d / w)
    p.amt_mu = int(round(mu * 1000))
    p.amt_var = int(round(var * 1000))
    p.amt_w = int(w * UNIT + 0.5)
    if now > at:
        p.amt_t = now
    cents = int(round(amount * 100))
    mt = p.amt_max_t
    cur_max = float(p.amt_max) if now <= mt else p.amt_max * 2.0 ** (-(now - mt) / hl_max_amount)
    if cents >= cur_max:
        p.amt_max = cents
        p.amt_max_t = now
    else:
        p.amt_max = int(cur_max + 0.5)
        if now > mt:
            p.amt_max_t = now
    _recent_add(p, int(ts), cents, cfg.k_recent)
    c1h, c1d = _day_max_add(p, int(ts), now, cfg.hl_burst / 60.0)
    _burst_add(p, c1h, c1d, now, cfg.hl_burst / 60.0, settle_min)
    # ---- _windows_add(p, now, cents, win_hls, +1)
    wv = p.win
    if len(wv) != 2 * len(win_hls):
        wv = p.win = [0] * (2 * len(win_hls))
    t = p.win_t
    if now > t:
        j = 0
        for hl in win_hls:
            f = 2.0 ** ((t - now) / hl)
            u = int(wv[j] * f + 0.5) + WIN_UNIT
            wv[j] = u if u > 0 else 0
            u = int(wv[j + 1] * f + 0.5) + cents
            wv[j + 1] = u if u > 0 else 0
            j += 2
        p.win_t = now
    elif now == t:
        for j in range(0, len(wv), 2):
            u = wv[j] + WIN_UNIT
            wv[j] = u if u > 0 else 0
            u = wv[j + 1] + cents
            wv[j + 1] = u if u > 0 else 0
    else:
        _windows_add(p, now, cents, win_hls, +1)


def _learn_params(cfg: ProfileConfig) -> tuple[Any, ...]:
    """What the compiled `learn` needs of a config, computed once per config
    object (the extension caches the last one): the same divisions as
    `_config_cache` and `learn_py`, so the same floats."""
    _, hls, caps, win_hls, hl_place, hl_time, hl_amount, hl_max_amount = _config_cache(cfg)
    return (hls, caps, win_hls, hl_place, hl_time, hl_amount, hl_max_amount, cfg.hl_burst / 60.0,
            int(cfg.label_delay // 60.0), cfg.centre_radius_km, cfg.k_centres, cfg.k_recent, _RAD, _TWO_R)


def _sort_recent(rec: list[list[int]]) -> None:
    """`_recent_add`'s re-sort of an out-of-order payment, for the compiled `learn`."""
    rec.sort(key=lambda r: r[0])


def _compiled_learn() -> Any:
    """`features._hotpath.learn` where the extension is in use (features/compiled.py), else None."""
    m = load("_hotpath", lambda m: m.setup(
        {"Profile": Profile, "Table": Table, "Entry": Entry, "PayeeTable": PayeeTable, "PayeeEntry": PayeeEntry,
         "Centre": Centre},
        {"attr_keys": attr_keys, "learn_params": _learn_params, "learn_py": learn_py,
         "windows_add": _windows_add, "sort_recent": _sort_recent, "default_cfg": DEFAULT_CONFIG},
    ))
    return m.learn if m is not None else None


_LEARN_C = _compiled_learn()
#: True when `learn` is the compiled features/_hotpath.c.
HAVE_C_LEARN: bool = _LEARN_C is not None
learn = _LEARN_C if _LEARN_C is not None else learn_py


def unlearn(profile: Profile, attrs: Attributes, cfg: ProfileConfig = DEFAULT_CONFIG) -> None:
    """Undo, as far as a compact profile allows, a learned payment that was
    later reported as fraud: device, network, payee and place relationships it
    created are removed (it taught the attacker's, not the customer's, habits),
    its weight is taken out of relationships that already existed, and it
    leaves the velocity window, the hour histogram and the largest amount."""
    p = profile
    now = _minute(attrs.ts)
    p.n = max(0, p.n - 1)
    p.version += 1
    hl = cfg.hl_network / 60.0
    for tab, k in zip((p.ipcc, p.asn, p.net_b, p.net_a, p.ip), network_keys(attrs)):
        if k is not None:
            _drop(tab, k, now, hl)
    hl = cfg.hl_device / 60.0
    for tab, k in zip((p.ua_os, p.ua_family, p.device), device_keys(attrs)):
        if k is not None:
            _drop(tab, k, now, hl)
    hl = cfg.hl_place / 60.0
    for tab, k in zip((p.country, p.city), place_keys(attrs)):
        if k is not None:
            _drop(tab, k, now, hl)
    if attrs.payee_h is not None:
        pk = short_key(attrs.payee_h)
        if find(p.payee, pk) is None and payee_remembered(p.payee_mem, pk):
            # evicted to the payee memory before the report: forgotten there too,
            # or it would stay "paid before" for good (a review)
            p.payee_mem = payee_memory_forget(p.payee_mem, pk)
        _drop(p.payee, pk, now, cfg.hl_payee / 60.0, amount_units(attrs.amount))
    if attrs.lat is not None and attrs.lon is not None:
        # the centre learn fed: the nearest within the radius (`_centre_add`), not the
        # first (a review found a neighbouring centre losing a genuine payment)
        best, best_d = -1, cfg.centre_radius_km
        for i, c in enumerate(p.centres):
            d = haversine_km(attrs.lat, attrs.lon, c.lat * 1e-4, c.lon * 1e-4)
            if d <= best_d:
                best, best_d = i, d
        if best >= 0:
            c = p.centres[best]
            if c.f > now:
                pass        # made after the payment: it never held it
            elif c.f >= now - 1 or c.c <= 1:
                del p.centres[best]
            else:
                c.w = max(0, int(c.w - UNIT * 2.0 ** (-max(0, c.t - now) / hl) + 0.5))
                c.c -= 1
        if p.last_geo and p.last_geo[2] == int(attrs.ts):
            p.last_geo = []
    if p.hist_tot:
        _hist_add(p, attrs.how, now, cfg.hl_time / 60.0, -1)
    ts_s, cents = int(attrs.ts), int(round(attrs.amount * 100))
    for i, r in enumerate(p.recent):
        if r[0] == ts_s and r[1] == cents and r[2] == 1:
            del p.recent[i]
            break
    # The largest recent amount came from this payment if it is this amount decayed
    # since (later payments re-stamp it decayed): a larger one set since stands (a
    # review found the fraud's amount kept once any payment followed it).
    hl_max = cfg.hl_max_amount / 60.0
    own = cents * 2.0 ** (-max(0, p.amt_max_t - now) / hl_max)
    if p.amt_max and now <= p.amt_max_t and p.amt_max <= own * 1.001 + 2:
        p.amt_max = int(math.exp(p.amt_mu / 1000.0) * 100)
    # the busiest day, settled or pending, may have held this payment if it was
    # last raised (or stamped) no earlier: lower it by the amount (an
    # under-estimate at worst, which only asks more of the customer)
    if p.day_max and now <= p.day_max_t:
        p.day_max = p.day_max - cents if p.day_max > cents else 0
    if p.day_pend and p.day_pend_t - DAY_SETTLE_MIN <= now <= p.day_pend_t:   # within its 24 h
        p.day_pend = p.day_pend - cents if p.day_pend > cents else 0
    # likewise the busiest hour and day, settled or pending, may have counted it
    p.burst_h = p.burst_h - UNIT if p.burst_h > UNIT else 0
    p.burst_d = p.burst_d - UNIT if p.burst_d > UNIT else 0
    p.pend_h = p.pend_h - UNIT if p.pend_h > UNIT else 0
    p.pend_d = p.pend_d - UNIT if p.pend_d > UNIT else 0
    if p.win:
        _windows_add(p, now, cents, _window_hls(cfg), -1)


# ---------------------------------------------------------------- admin view

def _entries(tab: Any, hex_keys: bool) -> list[dict[str, Any]]:
    out = []
    for e in tab.e:
        d = {"key": f"{e.k:08x}", "weight": round(e.w / UNIT, 3), "count": e.c, "first_seen": e.f * 60,
             "last_seen": e.t * 60}
        if isinstance(e, PayeeEntry):
            d["largest_amount"] = float(e.a)
            d["recalled"] = bool(e.r)
        out.append(d)
    return out


def profile_view(profile: Profile) -> dict[str, Any]:
    """What is stored, as stored: keys are the first 32 bits of the HMAC (for
    IPs, prefixes, devices, payees) or a CRC32 of a label — nothing more."""
    p = profile
    hist = p.hist or bytes(336)
    return {
        "version": p.version,
        "payments_learned": p.n,
        "first_seen": p.first * 60,
        "last_seen": p.last * 60,
        "tables": {name: {"weight": round(getattr(p, name).w / UNIT, 3), "last_update": getattr(p, name).t * 60,
                          "entries": _entries(getattr(p, name), True)} for name in TABLES},
        "places": [
            {"lat": c.lat * 1e-4, "lon": c.lon * 1e-4, "weight": round(c.w / UNIT, 3), "count": c.c,
             "first_seen": c.f * 60, "last_seen": c.t * 60}
            for c in p.centres
        ],
        "last_location": ({"lat": p.last_geo[0] * 1e-4, "lon": p.last_geo[1] * 1e-4, "ts": p.last_geo[2]}
                          if p.last_geo else None),
        "hour_of_week_counts": [(hist[i] << 8) | hist[i + 1] for i in range(0, 336, 2)],
        "amount": {
            "typical": round(math.exp(p.amt_mu / 1000.0), 2) if p.amt_w else None,
            "log_spread": round(math.sqrt(max(p.amt_var, 0) / 1000.0), 3),
            "weight": round(p.amt_w / UNIT, 3),
            "largest_recent": p.amt_max / 100.0,
            "largest_day": p.day_max / 100.0,
            "largest_day_as_of": p.day_max_t * 60,
            "pending_largest_day": p.day_pend / 100.0,
            "pending_day_since": p.day_pend_t * 60,
        },
        "payee_memory": ({"bits_set": [int.from_bytes(p.payee_mem[:MEM_GEN_BYTES], "little").bit_count(),
                                       int.from_bytes(p.payee_mem[MEM_GEN_BYTES:], "little").bit_count()],
                          "bits_per_generation": _MEM_BITS} if p.payee_mem else None),
        "busiest": {"hour_payments": round(p.burst_h / UNIT, 3), "day_payments": round(p.burst_d / UNIT, 3),
                    "as_of": p.burst_t * 60, "pending_hour_payments": round(p.pend_h / UNIT, 3),
                    "pending_day_payments": round(p.pend_d / UNIT, 3), "pending_since": p.pend_t * 60},
        "recent_payments": [{"ts": r[0], "amount": r[1] / 100.0, "count": r[2]} for r in p.recent],
        "spending_windows": {"as_of": p.win_t * 60,
                             "count": [round(c / WIN_UNIT, 3) for c in p.win[0::2]],
                             "amount": [c / 100.0 for c in p.win[1::2]]},
    }
