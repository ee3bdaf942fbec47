"""The front door for the hot routes (`service/hot_routes.py`).

It must be taken (or it saves nothing), and it must answer exactly as the
framework path does: every status, error body and header of the contract is
compared between the two doors on the same requests. A client that goes away
mid-body gets nothing and changes nothing.
"""
from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings
from service.hot_routes import RiskgateAPI

from .test_api import ADMIN_KEY, AUTH, SCORE_KEY, payment

ADMIN = {"Authorization": f"Bearer {ADMIN_KEY}"}


def _app(tmp_path: Path, front_door: bool) -> RiskgateAPI:
    app = create_app(Settings(api_keys=(SCORE_KEY,), admin_keys=(ADMIN_KEY,), data_dir=str(tmp_path)))
    if not front_door:
        app.hot_routes = {}
    return app


def _chunks() -> Iterator[bytes]:
    for _ in range(80):
        yield b" " * 1024


# (name, method, path, kwargs) — a score, a replay, a conflict and feedback in order,
# then every error the two routes can give
CASES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("score", "POST", "/v1/score", {"json": payment(), "headers": AUTH}),
    ("replay", "POST", "/v1/score", {"json": payment(), "headers": AUTH}),
    ("conflict", "POST", "/v1/score", {"json": payment(amount=43.0), "headers": AUTH}),
    ("feedback", "POST", "/v1/feedback",
     {"json": {"transaction_id": "tx-1", "kind": "auth_result", "passed": True,
               "timestamp": "2026-01-05T13:46:00Z"}, "headers": AUTH}),
    ("feedback unknown", "POST", "/v1/feedback",
     {"json": {"transaction_id": "tx-nope", "kind": "fraud_report", "is_fraud": True,
               "timestamp": "2026-01-05T13:46:00Z"}, "headers": AUTH}),
    ("no key", "POST", "/v1/score", {"json": payment(transaction_id="tx-2")}),
    ("unknown key", "POST", "/v1/score", {"json": payment(transaction_id="tx-2"),
                                          "headers": {"Authorization": "Bearer nope"}}),
    ("admin key", "POST", "/v1/score", {"json": payment(transaction_id="tx-2"), "headers": ADMIN}),
    ("malformed", "POST", "/v1/score", {"content": b"{not json", "headers": AUTH}),
    ("invalid", "POST", "/v1/score", {"json": payment(transaction_id="tx-2", amount=-1), "headers": AUTH}),
    ("too large", "POST", "/v1/score", {"content": b"x" * 70000, "headers": AUTH}),
    ("too large, streamed", "POST", "/v1/score", {"content": _chunks, "headers": AUTH}),
    ("wrong method", "GET", "/v1/score", {"headers": AUTH}),
    ("wrong method feedback", "PUT", "/v1/feedback", {"headers": AUTH}),
]


def _run(tmp_path: Path, front_door: bool) -> list[tuple[int, Any, str | None, str]]:
    out = []
    with TestClient(_app(tmp_path, front_door), raise_server_exceptions=False) as client:
        for _name, method, path, kw in CASES:
            kw = dict(kw)
            if callable(kw.get("content")):
                kw["content"] = kw["content"]()
            r = client.request(method, path, **kw)
            out.append((r.status_code, r.json(), r.headers.get("www-authenticate"), r.headers["content-type"]))
    return out


def test_front_door_answers_exactly_as_the_framework_path(tmp_path: Path) -> None:
    fast = _run(tmp_path / "fast", True)
    slow = _run(tmp_path / "slow", False)
    for (name, *_), f, s in zip(CASES, fast, slow, strict=True):
        assert f == s, name
    statuses = [f[0] for f in fast]
    assert statuses == [200, 200, 409, 202, 404, 401, 401, 403, 400, 422, 413, 413, 405, 405]
    assert fast[5][2] == "Bearer"


def test_front_door_is_taken(tmp_path: Path) -> None:
    """With the framework's routes for the hot paths removed, they still answer:
    the requests never reach FastAPI's router."""
    app = _app(tmp_path, True)
    app.router.routes = [r for r in app.router.routes if getattr(r, "path", "") not in ("/v1/score", "/v1/feedback")]
    with TestClient(app) as client:
        r = client.post("/v1/score", json=payment(), headers=AUTH)
        assert r.status_code == 200 and r.json()["transaction_id"] == "tx-1"
        app.hot_routes = {}
        assert client.post("/v1/score", json=payment(), headers=AUTH).status_code == 404


def test_client_gone_mid_body_gets_nothing_and_changes_nothing(tmp_path: Path) -> None:
    app = _app(tmp_path, True)
    body = json.dumps(payment()).encode()
    sent: list[dict[str, Any]] = []

    async def drive() -> None:
        messages = [{"type": "http.request", "body": body[:20], "more_body": True}, {"type": "http.disconnect"}]

        async def receive() -> dict[str, Any]:
            return messages.pop(0)

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/v1/score", "headers": [
            (b"authorization", f"Bearer {SCORE_KEY}".encode()), (b"content-length", str(len(body)).encode())]}
        await app(scope, receive, send)

    with TestClient(app) as client:   # runs the lifespan: the engine is up
        asyncio.run(drive())
        assert sent == []
        r = client.post("/v1/score", json=payment(), headers=AUTH)
        assert r.status_code == 200
        # a first score of tx-1, not a replay of anything the broken request left behind
        assert client.get("/metrics").text.count('riskgate_idempotent_total{outcome="replayed"} 1.0') == 0


@pytest.mark.parametrize("front_door", [True, False])
def test_an_unexpected_fault_is_a_json_500(tmp_path: Path, front_door: bool) -> None:
    app = _app(tmp_path, front_door)
    with TestClient(app, raise_server_exceptions=False) as client:
        app.state.runtime.engine.feedback = None   # calling it raises TypeError, a bug, not an ApiError
        r = client.post("/v1/feedback", headers=AUTH, json={
            "transaction_id": "tx-1", "kind": "auth_result", "passed": True, "timestamp": "2026-01-05T13:46:00Z"})
        assert r.status_code == 500
        assert r.json()["error"]["code"] == "internal_error"
