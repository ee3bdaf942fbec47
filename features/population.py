"""What one profile cannot see: state shared across customers.

Two kinds, kept apart on purpose:
- `Entity` blobs (device, exact IP, IP network, payee) live in the store and are
  updated inside its write transaction for every scored payment, because
  "how many customers used this device in the last hour" and "this payee was
  reported" must be exact and shared by all workers;
- `PopulationFrequencies` are statistics (how common a country, ASN, UA family,
  hour, amount band is; how often genuine customers show a new device), held
  in memory per process and snapshotted: a lost minute of them changes nothing.
  They are the attacker's distribution and the cold-start priors of the
  likelihood model (Freeman et al., NDSS 2016).
"""
from __future__ import annotations

import math
from typing import Any, Sequence

import msgspec

from features.attributes import Attributes
from features.compiled import load
from features.config import DEFAULT_CONFIG
from features.hashing import label_key
from features.profile import amount_units

__all__ = [
    "Entity", "entity_keys", "observe_entity", "observe_decoded", "observe_decoded_py", "HAVE_C_POPULATION",
    "mark_fraud", "unmark_fraud", "decode_entity", "encode_entity",
    "distinct_others", "others_by_window", "others_in_week", "DEVICE_KEEP_DAYS", "new_senders", "new_sender_rates", "fraud_weight", "entity_rates", "PopulationFrequencies", "amount_bin", "FREQ_FIELDS",
    "entity_signals", "payee_signals", "HOW_KEYS", "matured_fraud_shares", "MATURED_WINDOWS", "report_recency",
    "paid_before", "remember_sender", "restore_sender", "day_reports", "fraud_from_others", "other_victims", "received_fraud",
]

_CUST_CAP = 32       # distinct customers tracked per entity (saturates, stays bounded)
_SENDER_CAP = 64     # new-sender events tracked per payee over a day
_PAID_CAP = 32       # customers remembered per payee as having completed a payment to it
_PAID_W = 3          # ints per customer in `Entity.paid`
_SETTLE_MIN = int(DEFAULT_CONFIG.label_delay // 60)   # minutes before a paid amount vouches for repeats
_FRAUD_CUST_CAP = 8  # victims remembered per entity linked to reported fraud
DAY_S = 86400
HOUR_S = 3600
_HL_S = DEFAULT_CONFIG.entity_hl_short
_HL_L = DEFAULT_CONFIG.fraud_hl
_PRIOR_N = DEFAULT_CONFIG.rate_prior_n
_DELAY_DAYS = math.ceil(DEFAULT_CONFIG.label_delay / DAY_S)
MATURED_WINDOWS = (1, 7, 28)   # days of matured payments behind each payee fraud share
#: Days a device remembers the customers seen on it (other entities: one day).
#: A fraud ring's phone or emulator serves its fresh accounts one after another over
#: days, so a day's count of its customers is 0 or 1 when the week's is 3 or more
#: (docs/models.md, "A device's customers over a week").
DEVICE_KEEP_DAYS = 7
_DEV_KEEP_S = DEVICE_KEEP_DAYS * DAY_S
_DAYS_KEPT = _DELAY_DAYS + MATURED_WINDOWS[-1] + 1


class Entity(msgspec.Struct, array_like=True, gc=False):
    """`gc=False`: ints and lists of ints only, never part of a reference cycle."""

    first: int = 0                 # ts (s) first observed
    last: int = 0
    n: int = 0                     # payments observed
    cust: list[list[int]] = msgspec.field(default_factory=list)  # [customer key, last ts]
    new_snd: list[int] = msgspec.field(default_factory=list)     # ts of first payments by a sender
    fraud_w: float = 0.0           # decayed count of fraud reports, as of fraud_t
    fraud_t: int = 0
    fraud_n: int = 0               # fraud reports ever
    # Decayed counts for fraud RATES (reports per payment seen here, the
    # terminal-risk features of the fraud literature): payments over a short
    # (`entity_hl_short`) and a long (`fraud_hl`) half-life as of w_t, and
    # reports over the short one as of fraud_t (the long one is fraud_w).
    w_t: int = 0
    w_s: float = 0.0
    w_l: float = 0.0
    fraud_ws: float = 0.0
    # Payees only: decayed count (half-life `fraud_hl`, clock w_t) of payments
    # that were a sender's first to this payee (the mule signal over weeks).
    ns_l: float = 0.0
    # Payees only: per UTC day of payment, [day, payments, of which reported
    # fraud] flattened, ascending, the last `_DAYS_KEPT` days. A report counts on
    # the day its payment was made, so the share of a day's payments that turned
    # out fraudulent is exact once that day's labels have settled (see
    # `matured_fraud_shares`).
    days: list[int] = msgspec.field(default_factory=list)
    # Payees only: the `label_key`s of the last `_PAID_CAP` customers whose payment
    # to this payee completed, most recent last, and per customer in `paid` [largest
    # settled amount, largest pending amount, minute the pending one was paid], whole
    # units, flattened (`paid_before`). Keys apart, so that looking one up is a
    # C-level scan of a short list. New fields go last: older blobs decode empty.
    paid_k: list[int] = msgspec.field(default_factory=list)
    paid: list[int] = msgspec.field(default_factory=list)
    # `label_key`s of the last `_FRAUD_CUST_CAP` customers whose reported fraud
    # touched this entity (`fraud_from_others`); empty when unknown (blobs from
    # before this field, reports without a customer).
    fraud_cust: list[int] = msgspec.field(default_factory=list)


_ENC = msgspec.msgpack.Encoder()
_DEC = msgspec.msgpack.Decoder(Entity)


def entity_keys(attrs: Attributes) -> list[str]:
    """Store keys of the entities a payment touches; prefixes are hashed
    already and carry their length in the hash input."""
    keys: list[str] = []
    if attrs.device_h:
        keys.append("d:" + attrs.device_h)
    if attrs.ip_h:
        keys.append("i:" + attrs.ip_h)
    if attrs.net_a_h:
        keys.append("n:" + attrs.net_a_h)
    if attrs.payee_h:
        keys.append("p:" + attrs.payee_h)
    return keys


def decode_entity(blob: bytes | None) -> Entity | None:
    if not blob:
        return None
    return _DEC.decode(blob)


def encode_entity(e: Entity) -> bytes:
    return _ENC.encode(e)


def observe_entity(blob: bytes | None, key: str, attrs: Attributes, new_for_customer: bool,
                   completed: bool = False) -> bytes:
    """Record that this payment was scored with this entity; `new_for_customer`
    says the customer had never completed a payment with it (for a payee: a
    new sender, the mule-account signal); `completed`, that this payment
    completed as it was scored (a payee then remembers its sender)."""
    return observe_decoded(decode_entity(blob), key, attrs, new_for_customer, completed)


def observe_decoded(e: Entity | None, key: str, attrs: Attributes, new_for_customer: bool,
                    completed: bool = False) -> bytes:
    """`observe_entity` on an entity already decoded (and no longer needed as it
    was: it is updated in place). The engine hands over what `extract` decoded
    when the transaction sees the very blob extract read: decoding a busy
    entity costs 6-8 us, and each payment touches up to four. The update is
    features/_population.c where it is built (`observe_decoded_py` is its
    definition, same bytes); an entity it will not take (a field of an
    unexpected type, a value past int64's exact range) is left unchanged by it
    and updated here in Python."""
    if e is None:
        e = Entity()
    if _OBSERVE_C is not None:
        payee = key[0] == "p"
        if not payee or key.startswith("p:"):
            ts = int(attrs.ts)
            remember = bool(completed) and payee
            try:
                _OBSERVE_C(e, payee, ts, label_key(attrs.customer_id), new_for_customer, remember,
                           amount_units(attrs.amount) if remember else 0, int(attrs.ts // 60.0) if remember else 0,
                           _DEV_KEEP_S if key[0] == "d" else DAY_S)
            except (TypeError, OverflowError):
                return observe_decoded_py(e, key, attrs, new_for_customer, completed)
            return _ENC.encode(e)
    return observe_decoded_py(e, key, attrs, new_for_customer, completed)


def observe_decoded_py(e: Entity | None, key: str, attrs: Attributes, new_for_customer: bool,
                       completed: bool = False) -> bytes:
    """`observe_decoded` in Python: the definition features/_population.c follows."""
    if e is None:
        e = Entity()
    ts = int(attrs.ts)
    if e.n == 0 or ts < e.first:
        e.first = ts
    if ts > e.last:
        e.last = ts
    e.n += 1
    if key[0] == "p":   # first-time senders, on w_l's clock (before w_t moves below)
        _observe_new_sender(e, ts, new_for_customer)
        _count_day(e.days, ts // DAY_S)
    wt = e.w_t
    if ts >= wt:
        if ts > wt:
            e.w_s = e.w_s * 2.0 ** ((wt - ts) / _HL_S) + 1.0
            e.w_l = e.w_l * 2.0 ** ((wt - ts) / _HL_L) + 1.0
            e.w_t = ts
        else:
            e.w_s += 1.0
            e.w_l += 1.0
    else:   # an older payment arrives late: it enters already decayed
        e.w_s += 2.0 ** ((ts - wt) / _HL_S)
        e.w_l += 2.0 ** ((ts - wt) / _HL_L)
    ck = label_key(attrs.customer_id)
    horizon = ts - DAY_S
    kept_from = ts - _DEV_KEEP_S if key[0] == "d" else horizon
    # one pass: keep the others seen within the day (a device: the week), find this
    # customer's last time
    cust = []
    mine = None
    for c in e.cust:
        if c[0] == ck:
            if mine is None:
                mine = c[1]
        elif c[1] > kept_from:
            cust.append(c)
    cust.append([ck, ts if mine is None or mine <= ts else mine])
    if len(cust) > _CUST_CAP:
        cust.sort(key=lambda c: c[1])
        del cust[: len(cust) - _CUST_CAP]
    e.cust = cust
    if key.startswith("p:") and new_for_customer:
        snd = [t for t in e.new_snd if t > horizon]
        snd.append(ts)
        if len(snd) > _SENDER_CAP:
            snd.sort()
            del snd[: len(snd) - _SENDER_CAP]
        e.new_snd = snd
    if completed and key[0] == "p":
        _remember(e, ck, amount_units(attrs.amount), int(attrs.ts // 60.0))
    return _ENC.encode(e)


def _forget(e: Entity, ck: int) -> tuple[int, int, int] | None:
    """Take this customer out of the payee's memory; what it held, or None."""
    keys = e.paid_k
    if ck not in keys:
        return None
    i = keys.index(ck)
    del keys[i]
    j = i * _PAID_W
    settled, pending, t = e.paid[j:j + _PAID_W]
    del e.paid[j:j + _PAID_W]
    return settled, pending, t


def _remember(e: Entity, ck: int, units: int, minute: int) -> None:
    """A completed payment of `units` at `minute`. An amount is pending until the
    label delay has passed with nothing larger paid; then it is settled (the
    largest settled is kept, so a larger payment never hides it)."""
    had = _forget(e, ck)
    settled = pending = t = 0
    if had is not None:
        settled, pending, t = had
        if pending and minute - t >= _SETTLE_MIN:
            settled = pending if pending > settled else settled
            pending = t = 0
    if units > settled and units > pending:
        pending, t = units, minute
    e.paid_k.append(ck)
    e.paid += (settled, pending, t)
    if len(e.paid_k) > _PAID_CAP:
        del e.paid_k[0]
        del e.paid[:_PAID_W]


def remember_sender(blob: bytes | None, attrs: Attributes) -> bytes:
    """A payment to this payee completed after it was scored (a step-up passed):
    the payee remembers the customer, as `observe_entity` does for payments
    completed at once."""
    e = decode_entity(blob) or Entity()
    _remember(e, label_key(attrs.customer_id), amount_units(attrs.amount), int(attrs.ts // 60.0))
    return _ENC.encode(e)


def restore_sender(blob: bytes | None, customer_id: str, held: Sequence[int]) -> bytes:
    """A cleared report gives back what `mark_fraud` took from the payee's memory
    of the customer (`held`: settled, pending, minute), merged with what it
    learned of them since (a review found a cleared customer's settled amount
    lost for good)."""
    e = decode_entity(blob) or Entity()
    ck = label_key(customer_id)
    settled, pending, t = held
    now = _forget(e, ck)
    if now is not None:
        settled = max(settled, now[0])
        if now[1] > pending:
            if pending and now[2] - t >= _SETTLE_MIN:   # it had settled by then, as `_remember` settles it
                settled = pending if pending > settled else settled
            pending, t = now[1], now[2]
    e.paid_k.append(ck)
    e.paid += (settled, pending, t)
    if len(e.paid_k) > _PAID_CAP:
        del e.paid_k[0]
        del e.paid[:_PAID_W]
    return _ENC.encode(e)


def paid_before(e: Entity | None, customer_key: int) -> tuple[int, int, int] | None:
    """(largest settled amount, largest pending amount, minute the pending one
    was paid), whole units, when this customer is among the payee's last
    `_PAID_CAP` senders of a completed payment, else None. A pending amount is
    settled once `label_delay` has passed (extract checks the minute): a supplier
    paid every few days is never "last paid a week ago", but its invoices settle.
    Why the payee remembers, beside the customer's profile:
    the profile's payee table and its Bloom memory hold a few dozen to ~150
    payees within the 2 KB bound, and a business paying 200 staff every month
    outgrows both (in the `smb` world 12 % of genuine payments went to a payee
    the customer had paid, but more than 75 distinct payees ago). A staff
    member's account is paid by one or two customers, so its entity remembers
    them exactly, and the entity is read for every payment anyway. A fraud
    report takes the customer out again (`mark_fraud`), with the amount it vouched for."""
    if e is None:
        return None
    keys = e.paid_k
    if customer_key not in keys:
        return None
    j = keys.index(customer_key) * _PAID_W
    p = e.paid
    return p[j], p[j + 1], p[j + 2]


def _observe_new_sender(e: Entity, ts: int, new_sender: bool) -> None:
    """Decay `ns_l` to `ts` on the same clock as `w_l` (so their ratio is a share)
    and count this payment if it is the sender's first here; a late, older
    payment enters already decayed, as in `w_l`."""
    wt = e.w_t
    if ts > wt and e.ns_l:
        e.ns_l *= 2.0 ** ((wt - ts) / _HL_L)
    if new_sender:
        e.ns_l += 1.0 if ts >= wt else 2.0 ** ((ts - wt) / _HL_L)


def new_sender_rates(e: Entity | None, ts: float) -> tuple[float, float]:
    """(first payments from new senders over the long half-life, their share of
    the payee's payments with `rate_prior_n` pseudo-payments) at `ts`: a
    merchant or a landlord is paid again by the same people, a mule account
    mostly once each by many."""
    if e is None or e.ns_l <= 0.0:
        return 0.0, 0.0
    dt = ts - e.w_t
    f = 2.0 ** (-dt / _HL_L) if dt > 0 else 1.0
    n_new = e.ns_l * f
    return n_new, min(1.0, n_new / (e.w_l * f + _PRIOR_N))


def _count_day(days: list[int], day: int) -> None:
    """One more payment on `day` in the flat [day, payments, frauds, ...] list;
    days older than `_DAYS_KEPT` before the newest are dropped (bounded size)."""
    i = len(days) - 3
    while i >= 0 and days[i] > day:
        i -= 3
    if i >= 0 and days[i] == day:
        days[i + 1] += 1
        return
    days[i + 3:i + 3] = [day, 1, 0]
    lo = days[-3] - _DAYS_KEPT
    j = 0
    while j < len(days) and days[j] <= lo:
        j += 3
    if j:
        del days[:j]


def mark_fraud(blob: bytes | None, ts: float, paid_ts: float | None = None,
               customer_id: str | None = None) -> bytes:
    """A reported fraud touched this entity; the link fades with half-life
    `fraud_hl` (compromised terminals and mule accounts are used for weeks).
    `paid_ts`, when known, is when the reported payment was made: a payee
    counts the report on that day (`matured_fraud_shares`). `customer_id`,
    when known, is the victim's: a payee forgets that it was paid by them."""
    e = decode_entity(blob) or Entity()
    if customer_id is not None:
        ck = label_key(customer_id)
        _forget(e, ck)
        fc = e.fraud_cust
        if ck in fc:
            fc.remove(ck)
        fc.append(ck)
        if len(fc) > _FRAUD_CUST_CAP:
            del fc[0]
    if paid_ts is not None and e.days:
        day = int(paid_ts // DAY_S)
        days = e.days
        for i in range(len(days) - 3, -1, -3):
            if days[i] == day:
                if days[i + 2] < days[i + 1]:
                    days[i + 2] += 1
                break
            if days[i] < day:
                break
    t = int(ts)
    dt = t - e.fraud_t
    if dt >= 0:
        e.fraud_w = fraud_weight(e, t) + 1.0
        e.fraud_ws = (e.fraud_ws if dt == 0 else e.fraud_ws * 2.0 ** (-dt / _HL_S)) + 1.0
        e.fraud_t = t
    else:   # a report dated before the latest one enters already decayed, as a late payment does
        e.fraud_w += 2.0 ** (dt / _HL_L)
        e.fraud_ws += 2.0 ** (dt / _HL_S)
    e.fraud_n += 1
    if e.n == 0 and e.first == 0:
        e.first = e.last = t
    return _ENC.encode(e)


def day_reports(blob: bytes | None, paid_ts: float) -> int:
    """The reports a payee counts on the day of `paid_ts` (`matured_fraud_shares`);
    0 when the day is not kept. The engine compares it around `mark_fraud` to
    know whether a report was counted there (it is not beyond the day's payments)."""
    e = decode_entity(blob)
    if e is None or not e.days:
        return 0
    day = int(paid_ts // DAY_S)
    days = e.days
    for i in range(len(days) - 3, -1, -3):
        if days[i] == day:
            return int(days[i + 2])
        if days[i] < day:
            break
    return 0


def unmark_fraud(blob: bytes | None, report_ts: float, paid_ts: float | None = None,
                 customer_id: str | None = None, day_counted: bool = True) -> bytes | None:
    """Take back what `mark_fraud(blob, report_ts, paid_ts, customer_id)` added,
    for a report cleared since (`is_fraud: false`): the customer was not a
    victim and this entity not the fraud's. None when the entity holds no
    report to take back (purged since, or a blob from before the mark).

    - the decayed weights lose what the report's +1 has decayed to by the
      entity's fraud clock (`fraud_t`), never below 0; when no report is left,
      both are 0 exactly. A report marked after a later one (out of order)
      entered already decayed to that later time, so this is what it added;
    - `fraud_n` and the count of reported payments on the payment's day
      (`days`, for `matured_fraud_shares`) lose one;
    - the customer leaves `fraud_cust` only when none of the reports still
      counted can be theirs. The entity does not keep reports per customer
      (a list of keys, bounded), so this is inferred: each other customer
      listed has at least one report still counted, so when the reports left
      are no more than the others listed, none is this customer's. Otherwise
      (one of theirs may remain; or reports without a customer, older blobs,
      evictions past `_FRAUD_CUST_CAP` make the count uncertain) it stays:
      overstating the victims by one keeps a fraudster's tool flagged, while
      dropping a victim with a report still standing could empty the list,
      and an empty list reads as "unknown customer", which flags the victim's
      own phone (`other_victims`). With no report left the list is emptied.
    The payee's memory of the customer's payment (`paid_before`), which
    `mark_fraud` forgot, is not restored here: it is the sender's to give back
    if the payment completed (`remember_sender`)."""
    e = decode_entity(blob)
    if e is None or e.fraud_n <= 0:
        return None
    e.fraud_n -= 1
    if e.fraud_n == 0:
        e.fraud_w = 0.0
        e.fraud_ws = 0.0
        e.fraud_cust = []
    else:
        age = e.fraud_t - int(report_ts)
        if age < 0:
            age = 0
        fw = e.fraud_w - 2.0 ** (-age / _HL_L)
        e.fraud_w = fw if fw > 0.0 else 0.0
        fws = e.fraud_ws - 2.0 ** (-age / _HL_S)
        e.fraud_ws = fws if fws > 0.0 else 0.0
        if customer_id is not None:
            ck = label_key(customer_id)
            fc = e.fraud_cust
            if ck in fc and e.fraud_n <= len(fc) - 1:
                fc.remove(ck)
    if paid_ts is not None and e.days and day_counted:   # a report the day did not count takes none back
        day = int(paid_ts // DAY_S)
        days = e.days
        for i in range(len(days) - 3, -1, -3):
            if days[i] == day:
                if days[i + 2] > 0:
                    days[i + 2] -= 1
                break
            if days[i] < day:
                break
    return _ENC.encode(e)


def fraud_from_others(e: Entity, customer_key: int) -> bool:
    """Whether a fraud reported on this entity was against a customer other than
    this one (or against a customer unknown). Why it matters: the device a
    scam's victim paid from, or the phone a thief used on its owner's account,
    is linked to that fraud, and the victim goes on using it: across the worlds
    of docs/worlds.md such own-account links touched up to ~4,900 genuine
    payments per world and almost no fraud (`benchmarks.fraud_links`). A
    device on which fraud against *another* customer was reported is a
    fraudster's device or a device farm:
    up to 14 % of a world's fraud amount (41 % in one), under 0.1 % of its
    genuine payments."""
    return other_victims(e, customer_key) > 0


def other_victims(e: Entity, customer_key: int) -> int:
    """How many customers other than this one the entity's remembered fraud
    reports were against (at most `_FRAUD_CUST_CAP`); 1 when its reports name
    no customer (older blobs). A device with reports against two or more other
    customers was a fraudster's tool in every world of docs/worlds.md: no
    genuine payment came from one (`benchmarks.fraud_links`)."""
    fc = e.fraud_cust
    if not fc:
        return 1
    n = 0
    for c in fc:
        if c != customer_key:
            n += 1
    return n


def received_fraud(blob: bytes | None, customer_key: int, ts: float) -> tuple[float, int]:
    """(decayed weight of fraud reports, how many other customers they were
    from) of the paying customer's own account as a payee: the entity of the
    customer's id read as a `payee_id`. Where customers pay each other by the
    ids the gateway also sends as `customer_id` (wallets, mobile money, instant
    payments by phone number), a mule account is one: its victims' payments to
    it are reported, and its own onward payments are the fraud a challenge
    cannot stop (the mule passes it). Elsewhere the entity never exists and
    this is (0.0, 0)."""
    e = decode_entity(blob)
    if e is None or e.fraud_w <= 0.0:
        return 0.0, 0
    victims = other_victims(e, customer_key)
    return (fraud_weight(e, ts), victims) if victims else (0.0, 0)


def fraud_weight(e: Entity | None, ts: float) -> float:
    if e is None or e.fraud_w <= 0.0:
        return 0.0
    dt = ts - e.fraud_t
    if dt <= 0:
        return e.fraud_w
    return e.fraud_w * 2.0 ** (-dt / DEFAULT_CONFIG.fraud_hl)


def entity_rates(e: Entity | None, ts: float) -> tuple[float, float, float, float]:
    """(payments seen over the short half-life, over the long one, fraud
    reports per payment over the short one, over the long one), at `ts`.
    The rates carry `rate_prior_n` fraud-free pseudo-payments, so one report
    on a quiet entity is not a certainty, and are capped at 1 (reports
    arrive late, after their payments have decayed)."""
    if e is None:
        return 0.0, 0.0, 0.0, 0.0
    dt = ts - e.w_t
    if dt > 0:
        n_s = e.w_s * 2.0 ** (-dt / _HL_S)
        n_l = e.w_l * 2.0 ** (-dt / _HL_L)
    else:
        n_s, n_l = e.w_s, e.w_l
    if e.fraud_w <= 0.0:
        return n_s, n_l, 0.0, 0.0
    dt = ts - e.fraud_t
    if dt > 0:
        f_s = e.fraud_ws * 2.0 ** (-dt / _HL_S)
        f_l = e.fraud_w * 2.0 ** (-dt / _HL_L)
    else:
        f_s, f_l = e.fraud_ws, e.fraud_w
    return n_s, n_l, min(1.0, f_s / (n_s + _PRIOR_N)), min(1.0, f_l / (n_l + _PRIOR_N))


def distinct_others(e: Entity | None, customer_id: str, ts: float, window: float) -> int:
    """Customers other than this one seen with the entity within `window`
    seconds before `ts` (saturates at the tracking cap)."""
    if e is None:
        return 0
    ck = label_key(customer_id)
    lo = ts - window
    return sum(1 for c in e.cust if c[1] > lo and c[0] != ck)


def others_by_window(e: Entity | None, customer_key: int, ts: float) -> tuple[int, int]:
    """`distinct_others` for the last hour and the last day in one pass, with the
    customer's key computed once by the caller: extract needs both for every entity."""
    if e is None:
        return 0, 0
    lo_h = ts - HOUR_S
    lo_d = ts - DAY_S
    n_h = n_d = 0
    for c in e.cust:
        if c[0] != customer_key:
            t = c[1]
            if t > lo_d:
                n_d += 1
                if t > lo_h:
                    n_h += 1
    return n_h, n_d


def others_in_week(e: Entity | None, customer_key: int, ts: float) -> int:
    """Customers other than this one seen with a device within `DEVICE_KEEP_DAYS`
    days before `ts` (what a device keeps; other entities keep a day)."""
    if e is None:
        return 0
    lo = ts - _DEV_KEEP_S
    return sum(1 for c in e.cust if c[1] > lo and c[0] != customer_key)


def new_senders(e: Entity | None, ts: float, window: float = DAY_S) -> int:
    if e is None:
        return 0
    lo = ts - window
    return sum(1 for t in e.new_snd if lo < t <= ts + 60)


def matured_fraud_shares(e: Entity | None, ts: float) -> tuple[float, float, float]:
    """Share of the payee's payments that were reported as fraud, over the last
    1, 7 and 28 days whose labels have settled (payments at least `label_delay`
    old, by UTC day), with `rate_prior_n` fraud-free pseudo-payments.

    Why, beside the decayed rates of `entity_rates`: those divide reports (as
    they arrive) by payments (as they are made), so the weeks of a terminal's
    compromise still unreported dilute the reports that came in. Counting each
    report on its payment's day and only over days old enough to be labelled
    compares like with like: a terminal whose every payment a week ago was
    fraud reads 1 on the 1-day window however busy it is now (the delayed
    terminal-risk windows of Le Borgne et al.'s handbook, ch. 3)."""
    if e is None or not e.days:
        return 0.0, 0.0, 0.0
    hi = int(ts // DAY_S) - _DELAY_DAYS     # days before this one are matured
    w1, w7, w28 = MATURED_WINDOWS
    n1 = f1 = n7 = f7 = n28 = f28 = 0
    days = e.days
    for i in range(len(days) - 3, -1, -3):
        age = hi - days[i]
        if age <= 0:
            continue
        if age > w28:
            break
        n, f = days[i + 1], days[i + 2]
        n28 += n
        f28 += f
        if age <= w7:
            n7 += n
            f7 += f
            if age <= w1:
                n1 += n
                f1 += f
    return f1 / (n1 + _PRIOR_N), f7 / (n7 + _PRIOR_N), f28 / (n28 + _PRIOR_N)


def report_recency(e: Entity | None, ts: float) -> float:
    """2^-(days since the entity's last fraud report arrived), 1 when it arrived
    at or after `ts`, 0 when it has none.

    Why, beside the decayed report counts (`fraud_weight`, `entity_rates`): those
    mix how many reports with how long ago, so one report that came in an hour
    ago reads like two from a week ago. A compromise's first report is the
    moment its payee turns risky; the matured shares only see it from the next
    UTC day on. Any monotone function of the age would do for the trees; this
    one is 0 for "never" without a sentinel."""
    if e is None or e.fraud_n <= 0:
        return 0.0
    dt = ts - e.fraud_t
    return 2.0 ** (-dt / DAY_S) if dt > 0 else 1.0


def _compiled_observe() -> Any:
    """`features._population.observe` where the extension is in use (features/compiled.py), else None."""
    m = load("_population", lambda m: m.setup(Entity, {
        "hl_short": float(_HL_S), "hl_long": float(_HL_L), "day_s": DAY_S, "days_kept": _DAYS_KEPT,
        "cust_cap": _CUST_CAP, "sender_cap": _SENDER_CAP, "paid_cap": _PAID_CAP, "settle_min": _SETTLE_MIN,
    }))
    return m.observe if m is not None else None


_OBSERVE_C = _compiled_observe()
#: True when `observe_decoded` updates entities in features/_population.c.
HAVE_C_POPULATION: bool = _OBSERVE_C is not None


# ---------------------------------------------------------------- fused reads for extract
# `extract` needs several of the reads above for every entity of every payment.
# These compute the same values with the same float operations in the same
# order (so bit-identical; tests/test_features_population.py checks it against
# the functions above), in one call and one pass over the customer list.

def entity_signals(e: Entity, customer_key: int, ts: float) -> tuple[int, int, float, float]:
    """(`others_by_window`..., `fraud_weight`, `entity_rates`[3]) of a device,
    IP or network entity. The long fraud half-life is `fraud_hl` in both
    reads, so the decayed fraud weight is computed once."""
    n_h, n_d = others_by_window(e, customer_key, ts)
    fw = e.fraud_w
    if fw <= 0.0:
        return n_h, n_d, 0.0, 0.0
    dt = ts - e.fraud_t
    if dt > 0:
        fw = fw * 2.0 ** (-dt / _HL_L)
    dt = ts - e.w_t
    n_l = e.w_l * 2.0 ** (-dt / _HL_L) if dt > 0 else e.w_l
    r = fw / (n_l + _PRIOR_N)
    return n_h, n_d, fw, r if r < 1.0 else 1.0      # min(1.0, r)


def payee_signals(e: Entity, customer_key: int, ts: float) -> tuple[int, int, float, float, float, float, float,
                                                                      float, float]:
    """Everything extract reads from a payee entity: (`others_by_window`[1],
    `new_senders`, `fraud_weight`, *`entity_rates`, *`new_sender_rates`); the
    decay factors shared by these reads are computed once."""
    lo_d = ts - DAY_S
    n_d = 0
    for c in e.cust:
        if c[0] != customer_key and c[1] > lo_d:
            n_d += 1
    hi = ts + 60
    snd = 0
    for t in e.new_snd:
        if lo_d < t <= hi:
            snd += 1
    dt = ts - e.w_t
    if dt > 0:
        n_s = e.w_s * 2.0 ** (-dt / _HL_S)
        f = 2.0 ** (-dt / _HL_L)
        n_l = e.w_l * f
    else:
        n_s, n_l, f = e.w_s, e.w_l, 1.0
    ns = e.ns_l
    if ns <= 0.0:
        n_new = share = 0.0
    else:
        n_new = ns * f
        share = n_new / (n_l + _PRIOR_N)
        share = share if share < 1.0 else 1.0
    fw = e.fraud_w
    if fw <= 0.0:
        return n_d, snd, 0.0, n_s, n_l, 0.0, 0.0, n_new, share
    dt = ts - e.fraud_t
    if dt > 0:
        f_s = e.fraud_ws * 2.0 ** (-dt / _HL_S)
        fw = fw * 2.0 ** (-dt / _HL_L)
    else:
        f_s = e.fraud_ws
    r_s = f_s / (n_s + _PRIOR_N)
    r_l = fw / (n_l + _PRIOR_N)
    return n_d, snd, fw, n_s, n_l, r_s if r_s < 1.0 else 1.0, r_l if r_l < 1.0 else 1.0, n_new, share


# ---------------------------------------------------------------- population frequencies

FREQ_FIELDS = ("ipcc", "asn", "ua_os", "ua_family", "country", "city", "how", "amt", "channel", "hosting")
NOVELTY_GROUPS = ("device", "ua", "network", "asn", "place", "payee")
_FIELD_CAP = 4096
_EMPTY: dict[str, float] = {}
_TOTAL_CAP = float(1 << 22)
_AMT_BINS_PER_LN = 2.0
HOW_KEYS = tuple(str(h) for h in range(168))   # hour of week -> its key in the frequency tables


def amount_bin(amount: float) -> int:
    """Half-nat bins of ln(amount): wide enough to fill, narrow enough that
    x5 moves three bins."""
    return int(math.floor(math.log(max(amount, 0.01)) * _AMT_BINS_PER_LN))


def field_values(a: Attributes) -> tuple[tuple[str, object], ...]:
    return (
        ("ipcc", a.ip_country), ("asn", a.asn), ("ua_os", a.ua_os), ("ua_family", a.ua_family),
        ("country", a.country), ("city", a.city), ("how", a.how), ("amt", amount_bin(a.amount)),
        ("channel", a.channel), ("hosting", a.hosting),
    )


class _Counts(msgspec.Struct):
    total: dict[str, float] = msgspec.field(default_factory=dict)
    values: dict[str, dict[str, float]] = msgspec.field(default_factory=dict)
    novelty: dict[str, list[float]] = msgspec.field(default_factory=dict)  # group -> [new, total]
    amt_sum: float = 0.0           # ln-amount moments, for the cold-start amount prior
    amt_sq: float = 0.0
    amt_n: float = 0.0


class PopulationFrequencies:
    """Bounded counts of attribute values over all customers' completed payments
    (genuine behaviour) and over reported frauds (the attacker's behaviour once
    reports arrive). High-cardinality fields are capped: beyond `_FIELD_CAP`
    values the rarest half is dropped (their mass stays in the total, so they
    fall back to the smoothing floor). Totals are halved past `_TOTAL_CAP`,
    which doubles as slow forgetting."""

    def __init__(self) -> None:
        self._g = _Counts()
        self._f = _Counts()
        self._refresh()

    def _refresh(self) -> None:
        """Freeze what the hot path reads until the next refresh (as counts grow
        by 1 %, at every fraud report): per field, copies of the value counts and
        the normalisers of the attacker's distribution; also the novelty rates and
        the amount prior. The copies are C-level dict copies (~0.3 ms for the ten
        fields at their caps); the attacker probability itself is computed per
        lookup (`attacker_prob`), with the same expressions in the same order as
        the table of every value this built before, which took 10-16 ms: about
        once a second at 1,000 payments/s and at every fraud report, a stall of
        the event loop. A value first seen since the last refresh reads the
        floor until the next one, as it did."""
        sc: dict[str, tuple[int, dict[str, float], dict[str, float], float, float, float, float]] = {}
        g, f = self._g, self._f
        for name in FREQ_FIELDS:
            gv = g.values.get(name)
            fv = f.values.get(name)
            if not gv and not fv:
                continue
            if not fv:                  # no fraud reports: the population's distribution
                gd = g.total[name] + 0.5 * (len(gv) + 1)  # type: ignore[arg-type]
                sc[name] = (0, gv.copy(), _EMPTY, gd, 0.0, 0.0, 0.5 / gd)  # type: ignore[union-attr]
                continue
            fd = f.total[name] + 0.5 * (len(fv) + 1)
            if not gv:
                sc[name] = (1, _EMPTY, fv.copy(), 0.0, fd, 0.0, 0.5 / fd)
                continue
            gd = g.total[name] + 0.5 * (len(gv) + 1)
            nf = f.total.get(name, 0.0)
            beta = 0.5 * nf / (nf + 50.0)
            sc[name] = (2, gv.copy(), fv.copy(), gd, fd, beta, (1.0 - beta) * (0.5 / gd) + beta * (0.5 / fd))
        self._sc = sc
        self._nov = {grp: (c[0], c[1]) for grp, c in g.novelty.items()}
        self._rates: tuple[object, object, tuple[float, ...]] | None = None
        self._amt = self._amount_prior()
        self._seen = g.amt_n + f.amt_n
        self._next = self._seen + max(50.0, 0.01 * self._seen)

    def _tick(self) -> None:
        self._seen += 1.0
        if self._seen >= self._next:
            self._refresh()

    # -- updates
    @staticmethod
    def _add(c: _Counts, a: Attributes) -> None:
        """One payment counted: features/_population.c `count` where it is built
        (same dicts and floats as `_add_py`; it refuses, changing nothing,
        objects it does not expect), else `_add_py`."""
        if _COUNT_C is None or not _COUNT_C(c, a):
            PopulationFrequencies._add_py(c, a)

    @staticmethod
    def _trim(c: _Counts, name: str, tot: float) -> None:
        """`_add_py`'s two caps for one field, for the compiled `count` (rare)."""
        values = c.values
        vals = values[name]
        if len(vals) > _FIELD_CAP:
            keep = sorted(vals.items(), key=lambda kv: kv[1], reverse=True)[: _FIELD_CAP // 2]
            values[name] = dict(keep)
        if tot > _TOTAL_CAP:
            c.total[name] = tot / 2
            for k in list(values[name]):
                values[name][k] /= 2

    @staticmethod
    def _add_py(c: _Counts, a: Attributes) -> None:
        amount = a.amount
        x = math.log(0.01 if 0.01 > amount else amount)     # max(amount, 0.01)
        values = c.values
        total = c.total
        how = a.how
        hosting = a.hosting
        # the keys of `field_values(a)` as stored (str() of the hour, the amount
        # bin and the hosting flag), without building ten pairs per payment
        for name, key in zip(FREQ_FIELDS, (
                a.ip_country, a.asn, a.ua_os, a.ua_family, a.country, a.city,
                HOW_KEYS[how] if 0 <= how < 168 else str(how), str(int(math.floor(x * _AMT_BINS_PER_LN))),
                a.channel, None if hosting is None else "True" if hosting else "False")):
            if key is None:
                continue
            vals = values.get(name)
            if vals is None:
                vals = values[name] = {}
            vals[key] = vals.get(key, 0.0) + 1.0
            tot = total.get(name, 0.0) + 1.0
            total[name] = tot
            if len(vals) > _FIELD_CAP:
                keep = sorted(vals.items(), key=lambda kv: kv[1], reverse=True)[: _FIELD_CAP // 2]
                values[name] = dict(keep)
            if tot > _TOTAL_CAP:
                total[name] = tot / 2
                for k in list(values[name]):
                    values[name][k] /= 2
        c.amt_sum += x
        c.amt_sq += x * x
        c.amt_n += 1.0
        if c.amt_n > _TOTAL_CAP:
            c.amt_sum /= 2
            c.amt_sq /= 2
            c.amt_n /= 2

    def observe(self, attrs: Attributes, novelty: dict[str, bool | None] | None = None) -> None:
        """A completed payment. `novelty` (from `FeatureSet.novelty`, given only
        for customers past cold start) teaches how often genuine customers
        show a new device, network, place or payee: the prior of the model."""
        self._add(self._g, attrs)
        self._tick()
        if novelty:
            nv = self._g.novelty
            for group, is_new in novelty.items():
                if is_new is None:
                    continue
                cell = nv.get(group)
                if cell is None:
                    cell = nv[group] = [0.0, 0.0]
                if is_new:
                    cell[0] += 1.0
                cell[1] += 1.0
                if cell[1] > _TOTAL_CAP:
                    cell[0] /= 2
                    cell[1] /= 2

    def observe_fraud(self, attrs: Attributes) -> None:
        """A payment reported as fraud: its attribute values join the attacker's distribution."""
        self._add(self._f, attrs)
        self._refresh()   # rare and important: make a report count at once

    # -- lookups (hot path: dict gets and arithmetic only)
    @staticmethod
    def _p(c: _Counts, name: str, key: str) -> float:
        vals = c.values.get(name)
        if not vals:
            return -1.0
        tot = c.total[name]
        return (vals.get(key, 0.0) + 0.5) / (tot + 0.5 * (len(vals) + 1))

    def prob(self, name: str, value: object) -> float:
        """Genuine population probability of a value; -1.0 when the population
        has not seen the field at all (callers then treat it as uninformative)."""
        return self._p(self._g, name, str(value))

    def attacker_prob(self, name: str, value: object) -> float:
        """Attacker's probability of a value as of the last refresh (from the
        copies `_refresh` froze); -1.0 when the field has never been seen."""
        s = self._sc.get(name)
        if s is None:
            return -1.0
        key = value if value.__class__ is str else str(value)
        case, gv, fv, gd, fd, beta, floor = s
        if case == 0:
            n = gv.get(key)  # type: ignore[arg-type]
            return floor if n is None else (n + 0.5) / gd
        if case == 1:
            n = fv.get(key)  # type: ignore[arg-type]
            return floor if n is None else (n + 0.5) / fd
        n = gv.get(key)  # type: ignore[arg-type]
        m = fv.get(key)  # type: ignore[arg-type]
        if n is None and m is None:
            return floor
        return (1.0 - beta) * (((0.0 if n is None else n) + 0.5) / gd) + beta * (((0.0 if m is None else m) + 0.5) / fd)

    def _attacker_prob(self, name: str, value: object) -> float:
        """Attacker's distribution: the population's, mixed with reported
        frauds' in proportion to how many reports there are (up to one half)."""
        key = str(value)
        pg = self._p(self._g, name, key)
        pf = self._p(self._f, name, key)
        if pf < 0.0:
            return pg
        nf = self._f.total.get(name, 0.0)
        beta = 0.5 * nf / (nf + 50.0)
        if pg < 0.0:
            return pf
        return (1.0 - beta) * pg + beta * pf

    def novelty_rate(self, group: str, prior: float = DEFAULT_CONFIG.novelty_prior) -> float:
        """How often a genuine, established customer's payment shows a value
        new to them in `group`; shrunk toward `prior` (50 pseudo-payments)
        until the population has taught its own rate."""
        cell = self._nov.get(group)
        if cell is None:
            return prior
        return (cell[0] + prior * 50.0) / (cell[1] + 50.0)

    def novelty_rates(self, groups: tuple[str, ...], priors: tuple[float, ...]) -> tuple[float, ...]:
        """`novelty_rate` of each group (with its prior), computed once per
        refresh, because the rates only change there: scoring pays one call,
        not one per level. Callers pass the same two tuples every time."""
        hit = self._rates
        if hit is not None and hit[0] is groups and hit[1] is priors:
            return hit[2]
        rates = tuple(self.novelty_rate(g, p) for g, p in zip(groups, priors))
        self._rates = (groups, priors, rates)
        return rates

    def amount_prior(self) -> tuple[float, float]:
        return self._amt

    def _amount_prior(self) -> tuple[float, float]:
        """(mean, sd) of ln(amount) over the population: the cold-start amount model."""
        c = self._g
        if c.amt_n < 10:
            return 3.5, 1.5
        mu = c.amt_sum / c.amt_n
        var = max(c.amt_sq / c.amt_n - mu * mu, 0.04)
        return mu, math.sqrt(var)

    def total(self, name: str = "how") -> float:
        return self._g.total.get(name, 0.0)

    # -- persistence
    def snapshot(self) -> bytes:
        return msgspec.msgpack.encode([self._g, self._f])

    def restore(self, blob: bytes) -> None:
        g, f = msgspec.msgpack.decode(blob, type=tuple[_Counts, _Counts])
        self._g, self._f = g, f
        self._refresh()


def _compiled_count() -> Any:
    """`features._population.count` where the extension is in use, else None."""
    if not HAVE_C_POPULATION:
        return None
    m = load("_population", lambda m: m.setup_counts(Attributes, {
        "fields": FREQ_FIELDS, "how_keys": HOW_KEYS, "trim": PopulationFrequencies._trim,
        "field_cap": float(_FIELD_CAP), "total_cap": _TOTAL_CAP, "amt_bins_per_ln": _AMT_BINS_PER_LN,
    }), "'s counts")
    return m.count if m is not None else None


_COUNT_C = _compiled_count()
