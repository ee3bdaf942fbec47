"""The HTTP path of the replay: the same gateway simulation against a running service.

One pooled keep-alive httpx client, so the figures measure the service and the
wire, not TCP handshakes. Latency is the full round trip as the gateway sees it.
A 4xx on /v1/score is a refused row (counted, skipped); a transport error or 5xx
is retried once and then counted as refused too, so a flaky run still finishes.
"""
from __future__ import annotations

import math

from datetime import datetime, timezone

import httpx
import msgspec

from benchmarks.replay_gateway import Answer, Rejected
from service.replay_rows import Row


class _ScoreReply(msgspec.Struct):
    risk_score: float
    auth_level: int
    reasons: list[dict[str, object]] = []
    model_version: str = ""
    policy_version: str = ""
    limit: float = math.nan


_decode_reply = msgspec.json.Decoder(_ScoreReply)


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).isoformat().replace("+00:00", "Z")


class HttpGateway:
    """`score` and `feedback` callables for replay_gateway.run, over HTTP."""

    def __init__(self, url: str, key: str, timeout_s: float = 10.0) -> None:
        self.client = httpx.Client(
            base_url=url.rstrip("/"), timeout=timeout_s,
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
            limits=httpx.Limits(max_keepalive_connections=4, max_connections=4),
        )

    def _post(self, path: str, body: bytes) -> httpx.Response:
        try:
            r = self.client.post(path, content=body)
            if r.status_code < 500:
                return r
        except httpx.TransportError:
            pass
        return self.client.post(path, content=body)  # one retry: the API is idempotent per transaction_id

    def score(self, row: Row) -> Answer:
        try:
            r = self._post("/v1/score", row.body)
        except httpx.TransportError as exc:
            raise Rejected(0, f"transport:{type(exc).__name__}") from None
        if r.status_code != 200:
            code = "unknown"
            try:
                code = r.json()["error"]["code"]
            except Exception:
                pass
            raise Rejected(r.status_code, code)
        rep = _decode_reply.decode(r.content)
        degraded = any(x.get("code") == "DEGRADED" for x in rep.reasons)
        lead = str(rep.reasons[0].get("code", "")) if rep.reasons else ""
        replayed = r.headers.get("idempotent-replayed") == "true"   # service.hot_routes.REPLAYED_HEADER
        codes = " ".join(str(x.get("code", "")) for x in rep.reasons)
        return Answer(rep.risk_score, rep.auth_level, degraded, lead, replayed, rep.model_version, rep.policy_version,
                      codes, rep.limit)

    def feedback(self, transaction_id: str, kind: str, value: bool, ts: float) -> None:
        msg: dict[str, object] = {"transaction_id": transaction_id, "kind": kind, "timestamp": iso(ts)}
        msg["passed" if kind == "auth_result" else "is_fraud"] = value
        r = self._post("/v1/feedback", msgspec.json.encode(msg))
        if r.status_code >= 300:
            raise RuntimeError(f"feedback answered {r.status_code}")

    def close(self) -> None:
        self.client.close()
