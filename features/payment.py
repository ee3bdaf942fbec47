"""The payment as the scorer sees it, after the service has validated it.

One plain struct shared by the HTTP service, the replay benchmark and model
training, so that all three feed exactly the same values to `features/`.
`ts` is the payment's own event time (epoch seconds, UTC): every time feature
uses it, never the server's clock, so a replay decides as live traffic did.
"""
from __future__ import annotations

import msgspec


class ScoreRequest(msgspec.Struct, kw_only=True):
    """The fields of a score request, exactly as API.md names them: the first
    five are required, the rest may be absent or null."""

    transaction_id: str
    customer_id: str
    timestamp: str
    amount: float
    currency: str
    channel: str | None = None
    ip: str | None = None
    device_id: str | None = None
    user_agent: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    city: str | None = None
    payee_id: str | None = None


class Payment(ScoreRequest, kw_only=True):
    """A validated request plus its event time, set by the parser from `timestamp`
    (the service decodes the body straight into this struct: no copy)."""

    # Set by the parser from `timestamp`, never read from the body: its wire name is one no
    # request uses, so a body's own "ts" is ignored like any other unknown field (API.md).
    ts: float = msgspec.field(default=0.0, name="__riskgate_event_ts")
