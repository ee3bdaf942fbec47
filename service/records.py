"""The decision record: what a score call leaves behind for idempotency and feedback.

It holds the derived, hashed `Attributes` and the feature vector rather than
the request body, so that an `auth_result` can teach the profile and a
`fraud_report` weeks later can teach the online model, with no raw IP, device
or payee id ever at rest.
"""
from __future__ import annotations

import hashlib
from array import array

import msgspec

from features.attributes import Attributes
from features.payment import Payment, ScoreRequest

PENDING = 0     # level 1-3, waiting for auth_result
COMPLETED = 1   # level 0, or a passed step-up: the payment happened
FAILED = 2      # the step-up failed (or was abandoned): the payment did not happen
DENIED = 3      # level 4
STATUS_NAMES = {PENDING: "pending", COMPLETED: "completed", FAILED: "failed", DENIED: "denied"}


class DecisionRecord(msgspec.Struct, kw_only=True):
    body_hash: bytes
    customer_id: str
    ts: float
    amount: float
    currency: str | None
    level: int
    status: int
    response: bytes
    attrs: Attributes | None
    values: bytes | None       # the feature vector, float32-packed (see pack_values)
    learned: bool = False
    fraud: int = -1            # -1 unknown, 0 cleared, 1 reported fraud
    degraded: bool = False
    p_model: float = -1.0      # the model's probability before challenge calibration (-1: unknown)
    # When the standing fraud report marked the payment's entities (the time
    # `mark_fraud` was given, after `Engine._feedback_time`'s bounds), so that a
    # clear can take the marks back exactly (`unmark_fraud`); -1: no report
    # stands, or it was applied before this field existed.
    reported_ts: float = -1.0
    # What the standing report's `mark_fraud` took from the payee's memory of the
    # customer (settled, pending, minute: `population.paid_before`), for a clear to
    # give back (`population.restore_sender`); empty: nothing was taken.
    payee_held: list[int] = msgspec.field(default_factory=list)
    # Whether the standing report was counted on its payee's day (`population.day_reports`;
    # not beyond the day's payments): a clear takes back only what was counted.
    day_counted: bool = True
    # The server's clock (time.time()) when the decision was made, so that feedback can
    # tell a payment scored before an erasure from one scored after it whatever their
    # dates (`engine._erased_before`); -1: recorded before this field existed. Taken
    # before the write commits: a payment whose commit lands just after an erasure
    # it was scored before (microseconds; a group commit's turn) is taken as erased.
    scored_at: float = msgspec.field(default=-1.0, name="sw")


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(DecisionRecord)
_payment_encoder = msgspec.msgpack.Encoder()


def encode_record(r: DecisionRecord) -> bytes:
    return _encoder.encode(r)


def decode_record(b: bytes) -> DecisionRecord:
    return _decoder.decode(b)


def pack_values(values: list[float]) -> bytes:
    """float32 halves the record; the online model needs no more precision."""
    return array("f", values).tobytes()


def unpack_values(blob: bytes) -> list[float]:
    return array("f", blob).tolist()


def body_hash(p: Payment, key: bytes = b"") -> bytes:
    """Hash of the parsed request, so that a retry with other whitespace, key
    order or notation (`50` or `50.0`, `Z` or `+00:00`, `cn` or `CN`) is still
    'the same body', while any changed value is a conflict. The time enters as
    the instant it names (`ts`), as every feature reads it, not as its text.

    Keyed (`key`: `body_key` of the service's hash key) because the record
    keeps it beside the customer, time and amount: unkeyed, a raw IP or device
    id could be recovered from it by trying the few values it can have."""
    return hashlib.blake2b(_payment_encoder.encode((
        p.transaction_id, p.customer_id, p.ts, p.amount, p.currency, p.channel, p.ip, p.device_id,
        p.user_agent, p.lat, p.lon, p.country, p.city, p.payee_id)), digest_size=16, key=key).digest()


def body_key(hash_key: bytes) -> bytes:
    """The BLAKE2b key of `body_hash`, derived from the identifiers' hash key
    (one secret to keep, none stored beside the records)."""
    if len(hash_key) > 64:
        hash_key = hashlib.sha256(hash_key).digest()
    return hashlib.blake2b(b"riskgate body hash", digest_size=32, key=hash_key).digest()


def legacy_body_hash(p: Payment) -> bytes:
    """`body_hash` as records written before it read `ts` hold it (the whole
    struct, the timestamp's text included): a retry that straddles the upgrade
    still matches its first answer."""
    return hashlib.blake2b(_payment_encoder.encode(_LegacyPayment(**msgspec.structs.asdict(p))),
                           digest_size=16).digest()


class _LegacyPayment(ScoreRequest, kw_only=True):
    """`Payment` as it was encoded then: its time field named "ts" on the wire too."""

    ts: float = 0.0


def same_body(stored: bytes, p: Payment, bhash: bytes) -> bool:
    """Whether a stored record's body hash is this request's (`bhash`, its keyed
    `body_hash`), in any form a record may hold: keyed, or from before it was
    keyed, or from before it read `ts` (a retry that straddles an upgrade still
    matches its first answer)."""
    return stored == bhash or stored == body_hash(p) or stored == legacy_body_hash(p)
