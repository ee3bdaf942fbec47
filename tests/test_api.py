"""The wire contract of API.md, end to end through the ASGI app (in-process).

Every status code and error shape, idempotency, and the gateway protocol:
only completed payments shape a profile.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from features.reasons import REASON_CODES
from service.app import create_app
from service.config import Settings

SCORE_KEY = "k-score"
ADMIN_KEY = "k-admin"
AUTH = {"Authorization": f"Bearer {SCORE_KEY}"}
ADMIN = {"Authorization": f"Bearer {ADMIN_KEY}"}


def make_client(tmp_path: Any, **overrides: Any) -> TestClient:
    settings = Settings(api_keys=(SCORE_KEY, "k-other"), admin_keys=(ADMIN_KEY,), data_dir=str(tmp_path), **overrides)
    return TestClient(create_app(settings), raise_server_exceptions=False)


@pytest.fixture()
def client(tmp_path: Any) -> Iterator[TestClient]:
    with make_client(tmp_path) as c:
        yield c


def payment(**kw: Any) -> dict[str, Any]:
    body = {
        "transaction_id": "tx-1", "customer_id": "c-42", "timestamp": "2026-01-05T13:45:12Z",
        "amount": 42.5, "currency": "EUR", "channel": "mobile", "ip": "203.0.113.7",
        "device_id": "d-9f2c", "user_agent": "BankApp/7.1 (Android 14; SM-S918B)",
        "lat": 52.52, "lon": 13.405, "country": "DE", "city": "Berlin", "payee_id": "acct-77781",
    }
    body.update(kw)
    return body


def assert_error(resp: Any, status: int, field: str | None = None) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    err = resp.json()["error"]
    assert set(err) == {"code", "message", "field"}
    assert isinstance(err["code"], str) and err["code"] and isinstance(err["message"], str) and err["message"]
    if field is not None:
        assert err["field"] == field, err
    return err


# ------------------------------------------------------------------ score
def test_score_answers_every_field_of_the_contract(client: TestClient) -> None:
    r = client.post("/v1/score", json=payment(), headers=AUTH)
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["transaction_id"] == "tx-1"
    assert 0.0 <= d["risk_score"] <= 1.0
    assert d["auth_level"] in (0, 1, 2, 3, 4)
    assert d["auth_method"] in ("none", "otp", "biometric", "strong", "deny")
    assert isinstance(d["limit"], float | int)
    if d["auth_level"] < 4:
        assert 42.5 <= d["limit"]
    assert d["model_version"] and d["policy_version"]
    assert d["model_version"] != "fallback" and "DEGRADED" not in [x["code"] for x in d["reasons"]]
    assert client.get("/readyz").json()["status"] == "ready"
    for reason in d["reasons"]:
        assert set(reason) >= {"code", "message"}
        assert reason["code"].isupper()


def test_only_required_fields_are_enough(client: TestClient) -> None:
    body = {"transaction_id": "tx-min", "customer_id": "c-1", "timestamp": "2026-01-05T13:45:12+01:00", "amount": 10,
            "currency": "EUR"}
    r = client.post("/v1/score", json=body, headers=AUTH)
    assert r.status_code == 200, r.text
    nulls = dict(body, transaction_id="tx-nulls", ip=None, device_id=None, lat=None, lon=None, payee_id=None)
    assert client.post("/v1/score", json=nulls, headers=AUTH).status_code == 200


@pytest.mark.parametrize("field", ["transaction_id", "customer_id", "timestamp", "amount", "currency"])
def test_each_of_the_five_required_fields_is_required(client: TestClient, field: str) -> None:
    """API.md: the first five fields are required (absent or null: 422 naming it)."""
    body = payment(transaction_id=f"tx-req-{field}")
    for sent in ({k: v for k, v in body.items() if k != field}, dict(body, **{field: None})):
        r = client.post("/v1/score", json=sent, headers=AUTH)
        assert r.status_code == 422, r.text
        assert r.json()["error"]["field"] == field
    assert client.get("/openapi.json").json()["components"]["schemas"]["ScoreRequest"]["required"] == [
        "transaction_id", "customer_id", "timestamp", "amount", "currency"]


def test_a_body_that_is_not_utf8_is_a_400_not_a_500(client: TestClient) -> None:
    raw = json.dumps(payment(transaction_id="tx-PLACEHOLDER")).encode().replace(b"PLACEHOLDER", b"\xff\xfe")
    for path in ("/v1/score", "/v1/feedback"):
        r = client.post(path, content=raw, headers=dict(AUTH, **{"content-type": "application/json"}))
        assert r.status_code == 400, r.text
        assert r.json()["error"]["code"] == "bad_request" and "UTF-8" in r.json()["error"]["message"]


def test_reason_codes_are_documented(client: TestClient) -> None:
    seen = set()
    for i in range(5):
        r = client.post("/v1/score", json=payment(transaction_id=f"tx-r{i}", amount=5000 + i, customer_id=f"new-{i}"),
                        headers=AUTH)
        seen |= {x["code"] for x in r.json()["reasons"]}
    assert seen, "a brand-new customer paying 5000 must come with reasons"
    from models.policy import REASON_CODES_POLICY

    assert seen <= set(REASON_CODES) | set(REASON_CODES_POLICY)


@pytest.mark.parametrize("headers,status", [
    ({}, 401),
    ({"Authorization": "Bearer wrong"}, 401),
    ({"Authorization": "Basic azpr"}, 401),
    ({"Authorization": f"Bearer {ADMIN_KEY}"}, 403),
])
def test_score_needs_a_scoring_key(client: TestClient, headers: dict[str, str], status: int) -> None:
    assert_error(client.post("/v1/score", json=payment(), headers=headers), status)


def test_no_keys_configured_refuses_every_score(tmp_path: Any) -> None:
    with TestClient(create_app(Settings(data_dir=str(tmp_path)))) as c:
        assert_error(c.post("/v1/score", json=payment(), headers=AUTH), 401)


@pytest.mark.parametrize("change,field", [
    ({"timestamp": "yesterday"}, "timestamp"),
    ({"timestamp": "2026-01-05T13:45:12"}, "timestamp"),
    ({"amount": -5}, "amount"),
    ({"amount": 0}, "amount"),
    ({"amount": "12.00"}, "amount"),
    ({"amount": 1e300 * 10}, None),
    ({"currency": "euro"}, "currency"),
    ({"currency": "eur"}, "currency"),
    ({"ip": "300.1.1.1"}, "ip"),
    ({"ip": "not-an-ip"}, "ip"),
    ({"lat": 91.0}, "lat"),
    ({"lon": -181.0}, "lon"),
    ({"lon": None}, "lon"),
    ({"transaction_id": ""}, "transaction_id"),
    ({"customer_id": "c" * 129}, "customer_id"),
    ({"customer_id": 42}, "customer_id"),
    ({"device_id": "d" * 500}, "device_id"),
    ({"country": "Germany"}, "country"),
])
def test_invalid_fields_are_named(client: TestClient, change: dict[str, Any], field: str | None) -> None:
    body = payment(**change)
    raw = json.dumps(body) if body.get("amount") != float("inf") else json.dumps(body).replace("Infinity", "1e999")
    r = client.post("/v1/score", content=raw, headers={**AUTH, "Content-Type": "application/json"})
    err = assert_error(r, 422)
    if field is not None:
        assert err["field"] == field, err
    else:
        assert err["field"] == "amount"


def test_missing_required_field_is_named(client: TestClient) -> None:
    body = payment()
    del body["amount"]
    assert_error(client.post("/v1/score", json=body, headers=AUTH), 422, "amount")


def test_an_out_of_range_number_is_invalid_input_of_its_field(client: TestClient) -> None:
    """Well-formed JSON whose number does not fit a float is 422 on the field, not malformed."""
    raw = json.dumps(payment()).replace('"amount": 42.5', '"amount": 1e400').encode()
    r = client.post("/v1/score", content=raw, headers={**AUTH, "Content-Type": "application/json"})
    assert assert_error(r, 422)["field"] == "amount"


def test_a_body_nested_too_deeply_is_a_400_not_a_500(client: TestClient) -> None:
    """A black-box check: 1,000 nested arrays (a RecursionError in the decoder) were
    a 500 on /v1/score, which must never answer 5xx for its input."""
    deep = b"[" * 1000 + b"]" * 1000
    inner = json.dumps(payment(transaction_id="tx-deep"))[:-1].encode() + b', "x": ' + deep + b"}"
    for raw in (deep, inner):
        for route in ("/v1/score", "/v1/feedback"):
            r = client.post(route, content=raw, headers={**AUTH, "Content-Type": "application/json"})
            assert "nested too deeply" in assert_error(r, 400)["message"]


# the last two: a wrongly typed value before the syntax error (an audit saw 422 for them)
@pytest.mark.parametrize("raw", [b"", b"{", b"[1, 2]", b"null", b"\xff\xfe", b'{"customer_id": "c-1", "ip": 1.2.3.4',
                                 b'{"amount": "12", "customer_id": "c-1"'])
def test_malformed_bodies_are_400_or_422(client: TestClient, raw: bytes) -> None:
    r = client.post("/v1/score", content=raw, headers={**AUTH, "Content-Type": "application/json"})
    assert_error(r, 422 if raw in (b"[1, 2]", b"null") else 400)
    r = client.post("/v1/feedback", content=raw, headers={**AUTH, "Content-Type": "application/json"})
    assert_error(r, 422 if raw in (b"[1, 2]", b"null") else 400)


def test_oversize_body_is_413(client: TestClient) -> None:
    body = payment(user_agent="x" * 70_000)
    assert_error(client.post("/v1/score", json=body, headers=AUTH), 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap must hold on the stream too
        yield b'{"transaction_id": "tx-big", "x": "'
        for _ in range(80):
            yield b"y" * 1024
        yield b'"}'

    assert_error(client.post("/v1/score", content=chunks(), headers=AUTH), 413)


def test_unknown_route_and_method_are_json(client: TestClient) -> None:
    assert_error(client.get("/v1/nothing"), 404)
    r = client.get("/v1/score", headers=AUTH)
    assert_error(r, 405)
    assert "POST" in r.headers["allow"]   # RFC 9110: a 405 names the methods that are allowed


def test_a_trailing_slash_is_a_404_not_a_redirect(client: TestClient) -> None:
    """A 307 to an absolute http:// URL is wrong behind a TLS proxy (a white-box review)."""
    r = client.post("/v1/score/", json=payment(transaction_id="tx-slash"), headers=AUTH, follow_redirects=False)
    assert_error(r, 404)
    assert "/v1/score/" in r.json()["error"]["message"]


def test_probes_answer_head_as_load_balancers_send_it(client: TestClient) -> None:
    for path in ("/healthz", "/readyz", "/metrics"):
        r = client.head(path)
        assert r.status_code == 200 and not r.content, path


def test_the_profile_routes_422_is_documented_in_the_error_format(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    for method in ("get", "delete"):
        schema = doc["paths"]["/v1/customers/{customer_id}/profile"][method]["responses"]["422"]
        assert schema["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/ErrorResponse"
    assert_error(client.get("/v1/customers/" + "x" * 200 + "/profile", headers=ADMIN), 422, "customer_id")


@pytest.mark.parametrize("field", ["channel", "city", "user_agent"])
def test_control_characters_in_text_fields_are_refused(client: TestClient, field: str) -> None:
    assert_error(client.post("/v1/score", json=payment(transaction_id="tx-cc", **{field: "a\n\x00b"}), headers=AUTH),
                 422, field)
    r = client.post("/v1/score", json=payment(transaction_id="tx-nbsp-" + field, **{field: "Saint\u00a0Denis é"}),
                    headers=AUTH)
    assert r.status_code == 200, r.text   # other non-printables are text


# ------------------------------------------------------------ idempotency
def profile_n(client: TestClient, customer: str) -> int:
    r = client.get(f"/v1/customers/{customer}/profile", headers=ADMIN)
    if r.status_code == 404:
        return 0
    assert r.status_code == 200, r.text
    return int(r.json()["profile"]["payments_learned"])


def test_same_id_same_body_same_decision_learned_once(client: TestClient) -> None:
    body = payment(transaction_id="tx-idem", amount=12.0)
    first = client.post("/v1/score", json=body, headers=AUTH)
    assert first.status_code == 200
    n1 = profile_n(client, "c-42")
    reordered = json.dumps(dict(reversed(list(body.items()))))
    again = client.post("/v1/score", content=reordered, headers={**AUTH, "Content-Type": "application/json"})
    assert again.status_code == 200
    assert again.json() == first.json()
    assert profile_n(client, "c-42") == n1


def test_a_retry_is_marked_idempotent_replayed(client: TestClient) -> None:
    """A replay against a store that already holds its ids must be able to tell the
    stored answers from new decisions: the header marks the retry, not the first."""
    body = payment(transaction_id="tx-mark", amount=13.0)
    first = client.post("/v1/score", json=body, headers=AUTH)
    again = client.post("/v1/score", json=body, headers=AUTH)
    assert first.status_code == again.status_code == 200
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == "true"
    # counted once per answer sent with the header (service.hot_routes.count_replayed), where the
    # engine once counted each stored answer it found, twice for a retry whose group commit was lost
    def replayed() -> float:
        for line in client.get("/metrics").text.splitlines():
            if line.startswith('riskgate_idempotent_total{outcome="replayed"}'):
                return float(line.split()[-1])
        return 0.0
    n = replayed()
    client.post("/v1/score", json=body, headers=AUTH)
    assert replayed() == n + 1.0


def test_same_id_other_body_is_409(client: TestClient) -> None:
    client.post("/v1/score", json=payment(transaction_id="tx-c"), headers=AUTH)
    assert_error(client.post("/v1/score", json=payment(transaction_id="tx-c", amount=43.0), headers=AUTH), 409,
                 "transaction_id")


def test_the_event_time_is_the_timestamp_never_a_body_field(client: TestClient) -> None:
    """`ts`, the parsed time every feature reads, is not part of the request: a body's own
    "ts" is an unknown field like any other (ignored), and /openapi.json does not list it."""
    props = client.get("/openapi.json").json()["components"]["schemas"]["ScoreRequest"]["properties"]
    assert "ts" not in props
    for ts in ("x", 0, 1e12):
        r = client.post("/v1/score", json=payment(transaction_id=f"tx-ts-{ts}", ts=ts), headers=AUTH)
        assert r.status_code == 200, r.text


def test_openapi_states_the_limits_the_parser_enforces(client: TestClient) -> None:
    """Each limit /openapi.json publishes holds at its edge: just inside is scored,
    just outside is a 422 naming the field (a white-box review found none published)."""
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    props = schemas["ScoreRequest"]["properties"]

    def rule(field: str, key: str) -> Any:
        prop = props[field]
        return next(t for t in prop.get("anyOf", [prop]) if t.get("type") != "null")[key]

    n = iter(range(1000))
    for field in ("transaction_id", "customer_id", "device_id", "payee_id", "city"):
        top = rule(field, "maxLength")
        ok = client.post("/v1/score", json=payment(**{"transaction_id": f"tx-lim-{next(n)}", field: "é" * top}),
                         headers=AUTH)
        assert ok.status_code == 200, (field, ok.text)
        assert_error(client.post("/v1/score", json=payment(**{"transaction_id": f"tx-lim-{next(n)}",
                                                               field: "é" * (top + 1)}), headers=AUTH), 422, field)
    for field, inside, outside in (("amount", rule("amount", "maximum"), rule("amount", "maximum") * 1.01),
                                   ("lat", rule("lat", "maximum"), rule("lat", "maximum") + 0.1),
                                   ("lon", rule("lon", "minimum"), rule("lon", "minimum") - 0.1)):
        body = payment(transaction_id=f"tx-lim-{next(n)}", **{field: inside})
        assert client.post("/v1/score", json=body, headers=AUTH).status_code == 200, field
        assert_error(client.post("/v1/score", json=payment(transaction_id=f"tx-lim-{next(n)}", **{field: outside}),
                                 headers=AUTH), 422, field)
    assert rule("amount", "exclusiveMinimum") == 0
    assert_error(client.post("/v1/score", json=payment(transaction_id="tx-lim-0", amount=0), headers=AUTH), 422,
                 "amount")
    assert rule("timestamp", "format") == "date-time" and rule("currency", "pattern") == "^[A-Z]{3}$"
    assert_error(client.post("/v1/score", json=payment(transaction_id="tx-lim-c", currency="eur"), headers=AUTH),
                 422, "currency")
    kinds = schemas["FeedbackRequest"]["properties"]["kind"]["enum"]
    assert sorted(kinds) == ["auth_result", "fraud_report"]
    assert_error(feedback(client, transaction_id="tx-lim-1", kind="chargeback", timestamp="2026-01-06T00:00:00Z"),
                 422, "kind")


def test_a_refused_conflict_changes_nothing_retention_follows(client: TestClient) -> None:
    """A 409 body dated later than every payment scored must not move the event clock
    that retention purges by: the next purge would drop the very decision it named."""
    engine = client.app.state.runtime.engine
    client.post("/v1/score", json=payment(transaction_id="tx-old", timestamp="2025-01-01T00:00:00Z"), headers=AUTH)
    clock = engine.max_ts
    assert_error(client.post("/v1/score", json=payment(transaction_id="tx-old", timestamp="2026-11-27T00:00:00Z"),
                             headers=AUTH), 409, "transaction_id")
    assert engine.max_ts == clock
    client.app.state.runtime.purge()
    assert feedback(client, transaction_id="tx-old", kind="fraud_report", is_fraud=True,
                    timestamp="2025-01-02T00:00:00Z").status_code == 202


# -------------------------------------------------------- gateway protocol
def step_up(client: TestClient, tx: str, customer: str) -> dict[str, Any]:
    """A brand-new customer paying a large amount is stepped up by the cold-start caps."""
    r = client.post("/v1/score", json=payment(transaction_id=tx, customer_id=customer, amount=900.0), headers=AUTH)
    d = r.json()
    assert 1 <= d["auth_level"] <= 3, d
    return d


def feedback(client: TestClient, **kw: Any) -> Any:
    body = {"timestamp": "2026-01-05T13:46:00Z", **kw}
    return client.post("/v1/feedback", json=body, headers=AUTH)


def test_level_zero_completes_and_teaches_the_profile(client: TestClient) -> None:
    r = client.post("/v1/score", json=payment(transaction_id="tx-small", customer_id="c-small", amount=5.0),
                    headers=AUTH)
    assert r.json()["auth_level"] == 0, r.json()
    assert profile_n(client, "c-small") == 1


def test_failed_step_up_teaches_nothing(client: TestClient) -> None:
    step_up(client, "tx-fail", "c-fail")
    assert profile_n(client, "c-fail") == 0
    r = feedback(client, transaction_id="tx-fail", kind="auth_result", passed=False)
    assert r.status_code == 202, r.text
    assert profile_n(client, "c-fail") == 0


def test_passed_step_up_teaches_once(client: TestClient) -> None:
    step_up(client, "tx-pass", "c-pass")
    assert profile_n(client, "c-pass") == 0
    assert feedback(client, transaction_id="tx-pass", kind="auth_result", passed=True).status_code == 202
    assert profile_n(client, "c-pass") == 1
    assert feedback(client, transaction_id="tx-pass", kind="auth_result", passed=True).status_code == 202
    assert profile_n(client, "c-pass") == 1


def test_fraud_report_unlearns_a_completed_payment(client: TestClient) -> None:
    for i in range(3):
        client.post("/v1/score", json=payment(transaction_id=f"tx-f{i}", customer_id="c-f", amount=5.0 + i,
                                              timestamp=f"2026-01-0{i + 1}T10:00:00Z"), headers=AUTH)
    n = profile_n(client, "c-f")
    assert n == 3
    r = feedback(client, transaction_id="tx-f2", kind="fraud_report", is_fraud=True,
                 timestamp="2026-01-19T09:00:00Z")
    assert r.status_code == 202 and r.json()["effect"] == "fraud"
    assert profile_n(client, "c-f") == n - 1
    # a repeated report changes nothing more
    assert feedback(client, transaction_id="tx-f2", kind="fraud_report", is_fraud=True).json()["effect"] == "unchanged"
    assert profile_n(client, "c-f") == n - 1


def test_feedback_errors(client: TestClient) -> None:
    assert_error(feedback(client, transaction_id="nope", kind="auth_result", passed=True), 404)
    client.post("/v1/score", json=payment(transaction_id="tx-e"), headers=AUTH)
    assert_error(feedback(client, transaction_id="tx-e", kind="chargeback", passed=True), 422, "kind")
    assert_error(feedback(client, transaction_id="tx-e", kind="auth_result"), 422, "passed")
    assert_error(feedback(client, transaction_id="tx-e", kind="fraud_report"), 422, "is_fraud")
    assert_error(feedback(client, transaction_id="tx-e", kind="auth_result", passed=True, timestamp="soon"), 422,
                 "timestamp")
    r = client.post("/v1/feedback", json={"transaction_id": "tx-e", "kind": "auth_result", "passed": True,
                                          "timestamp": "2026-01-05T13:46:00Z"})
    assert_error(r, 401)


# ----------------------------------------------------------- other routes
def test_profile_endpoint_is_admin_only_and_stores_no_raw_identifier(client: TestClient) -> None:
    client.post("/v1/score", json=payment(transaction_id="tx-p", customer_id="c-p", amount=3.0), headers=AUTH)
    assert_error(client.get("/v1/customers/c-p/profile"), 401)
    assert_error(client.get("/v1/customers/c-p/profile", headers=AUTH), 403)
    assert_error(client.get("/v1/customers/unknown/profile", headers=ADMIN), 404)
    r = client.get("/v1/customers/c-p/profile", headers=ADMIN)
    assert r.status_code == 200
    text = r.text
    for raw in ("203.0.113.7", "d-9f2c", "acct-77781", "203.0.113"):
        assert raw not in text
    # what is stored, as stored: the payee (a hash) and the largest amount paid to it
    (entry,) = r.json()["profile"]["tables"]["payee"]["entries"]
    assert entry["largest_amount"] == 3.0 and entry["count"] == 1


def test_an_erased_customer_is_new_again_and_the_erasure_is_admin_only(client: TestClient) -> None:
    """A privacy audit found no way to forget a customer (GDPR art. 17, a closed
    account): DELETE on the profile forgets what was learned, at once."""
    for i in range(3):
        r = client.post("/v1/score", json=payment(transaction_id=f"tx-e{i}", customer_id="c-e", amount=3.0,
                                                 timestamp=f"2026-01-0{i + 1}T10:00:00Z"), headers=AUTH)
        assert r.status_code == 200 and r.json()["auth_level"] == 0
    assert profile_n(client, "c-e") == 3
    got = client.get("/v1/customers/c-e/profile", headers=ADMIN)
    assert got.headers["cache-control"] == "no-store"
    assert_error(client.delete("/v1/customers/c-e/profile"), 401)
    assert_error(client.delete("/v1/customers/c-e/profile", headers=AUTH), 403)
    assert profile_n(client, "c-e") == 3
    r = client.delete("/v1/customers/c-e/profile", headers=ADMIN)
    assert r.status_code == 200 and r.json() == {"customer_id": "c-e", "erased": True, "profile_was_stored": True}
    assert r.headers["cache-control"] == "no-store"
    assert_error(client.get("/v1/customers/c-e/profile", headers=ADMIN), 404)
    again = client.delete("/v1/customers/c-e/profile", headers=ADMIN)          # idempotent
    assert again.status_code == 200 and again.json()["profile_was_stored"] is False
    never = client.delete("/v1/customers/never-seen/profile", headers=ADMIN)
    assert never.status_code == 200 and never.json()["profile_was_stored"] is False
    # the next payment is judged as a new customer's, and learned afresh
    r = client.post("/v1/score", json=payment(transaction_id="tx-e9", customer_id="c-e", amount=3.0,
                                             timestamp="2026-01-04T10:00:00Z"), headers=AUTH)
    assert r.status_code == 200
    assert any(x["code"] == "COLD_START" for x in r.json()["reasons"])
    assert profile_n(client, "c-e") == (1 if r.json()["auth_level"] == 0 else 0)
    # the records stay for late reports: a retry is still the same answer, a report is taken
    again = client.post("/v1/score", json=payment(transaction_id="tx-e0", customer_id="c-e", amount=3.0,
                                                 timestamp="2026-01-01T10:00:00Z"), headers=AUTH)
    assert again.status_code == 200 and again.headers.get("idempotent-replayed") == "true"
    fb = client.post("/v1/feedback", json={"transaction_id": "tx-e1", "kind": "fraud_report", "is_fraud": True,
                                           "timestamp": "2026-01-20T00:00:00Z"}, headers=AUTH)
    assert fb.status_code == 202
    assert "/v1/customers/{customer_id}/profile" in client.get("/openapi.json").json()["paths"]
    assert "delete" in client.get("/openapi.json").json()["paths"]["/v1/customers/{customer_id}/profile"]


def test_generic_reason_messages_state_no_figures_of_the_customer(tmp_path: Any) -> None:
    """RISKGATE_REASON_MESSAGES=generic (privacy audit): any scoring key could read a
    customer's typical amount off 'amount is 117.6x the customer's typical amount';
    a gateway that shows reasons to payers wants the codes' fixed meanings."""
    from features.reasons import REASON_CODES
    from models.policy import REASON_CODES_POLICY

    meanings = {**REASON_CODES, **REASON_CODES_POLICY}
    answers = {}
    for mode in ("DETAILED", "GENERIC"):
        with make_client(tmp_path / mode, reason_messages=mode) as c:
            for i in range(4):
                c.post("/v1/score", json=payment(transaction_id=f"tx-g{i}", amount=40.0,
                                                timestamp=f"2026-01-0{i + 1}T10:00:00Z"), headers=AUTH)
            r = c.post("/v1/score", json=payment(transaction_id="tx-big", amount=4000.0, device_id="d-other",
                                                timestamp="2026-01-06T03:00:00Z"), headers=AUTH)
            assert r.status_code == 200
            answers[mode] = r.json()
    detailed, generic = answers["DETAILED"], answers["GENERIC"]
    assert [x["code"] for x in generic["reasons"]] == [x["code"] for x in detailed["reasons"]]
    assert {x["code"] for x in generic["reasons"]} >= {"AMOUNT_ABOVE_TYPICAL"}
    assert all(x["message"] == meanings[x["code"]] for x in generic["reasons"])
    assert any(x["message"] != meanings[x["code"]] for x in detailed["reasons"])      # the default states figures
    assert {k: v for k, v in generic.items() if k != "reasons"} == {k: v for k, v in detailed.items() if k != "reasons"}


def test_a_customer_id_with_a_slash_can_be_read_and_erased_and_bad_ids_are_422(client: TestClient) -> None:
    """A black-box check: /v1/score accepts 'a/b' as a customer id, but the admin
    endpoints never matched it (the path decoded to two segments), so such a
    customer could not be erased; and DELETE took ids /v1/score refuses."""
    r = client.post("/v1/score", json=payment(transaction_id="tx-slash", customer_id="a/b", amount=3.0), headers=AUTH)
    assert r.status_code == 200
    assert client.get("/v1/customers/a%2Fb/profile", headers=ADMIN).status_code == 200
    r = client.delete("/v1/customers/a%2Fb/profile", headers=ADMIN)
    assert r.status_code == 200 and r.json()["customer_id"] == "a/b" and r.json()["profile_was_stored"] is True
    assert_error(client.get("/v1/customers/a%2Fb/profile", headers=ADMIN), 404)
    for bad in ("x" * 300, "%20%20"):
        assert_error(client.delete(f"/v1/customers/{bad}/profile", headers=ADMIN), 422, "customer_id")
        assert_error(client.get(f"/v1/customers/{bad}/profile", headers=ADMIN), 422, "customer_id")
    assert_error(client.delete(f"/v1/customers/{'x' * 300}/profile"), 401)     # the key first


def test_model_endpoint_is_admin_only_and_says_what_answers(client: TestClient) -> None:
    assert_error(client.get("/v1/model"), 401)
    assert_error(client.get("/v1/model", headers=AUTH), 403)
    client.post("/v1/score", json=payment(transaction_id="tx-mv", customer_id="c-mv"), headers=AUTH)
    r = client.get("/v1/model", headers=ADMIN)
    assert r.status_code == 200
    body = r.json()
    ready = client.get("/readyz").json()
    assert body["model_version"] == ready["model_version"] and body["degraded"] is False
    local = body["local_refit"]
    assert local["enabled"] and not local["active"] and local["adopted"] == 0 and local["attempts"] == []
    assert body["online"]["active"] is False and local["last_attempt_ts"] is None
    assert local["window"]["until_ts"] < local["window"]["from_ts"] + 29 * 86400.0   # 28 days, ending before now


def test_an_lmdb_service_scores_and_reports_how_full_its_map_is(tmp_path: Any) -> None:
    with make_client(tmp_path, store="LMDB", lmdb_map_gib=2.0) as c:
        assert c.get("/readyz").json()["status"] == "ready"
        r = c.post("/v1/score", json=payment(transaction_id="tx-l"), headers=AUTH)
        assert r.status_code == 200 and "DEGRADED" not in r.text
        assert c.post("/v1/score", json=payment(transaction_id="tx-l"), headers=AUTH).json() == r.json()
        m = c.get("/metrics").text
    assert os.path.isdir(tmp_path / "riskgate.lmdb")
    used = float(m.split("\nriskgate_store_used_bytes ")[1].split()[0])
    assert 0 < used < 2 << 20 and float(m.split("\nriskgate_store_capacity_bytes ")[1].split()[0]) == 2 * (1 << 30)


def test_health_ready_metrics_openapi(client: TestClient) -> None:
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    client.post("/v1/score", json=payment(transaction_id="tx-m", customer_id="c-metrics-secret"), headers=AUTH)
    m = client.get("/metrics")
    assert m.status_code == 200
    assert "riskgate_decisions_total" in m.text and "riskgate_score_seconds" in m.text
    # the embedded store's own memory (page caches), for telling a filling cache from a leak
    assert float(m.text.split("\nriskgate_store_memory_bytes ")[1].split()[0]) > 0
    assert "_created" not in m.text      # one worker exports what several do (no start-time twin per series)
    assert float(m.text.split("\nriskgate_workers_resident_memory_bytes ")[1].split()[0]) > 10e6
    for secret in ("c-metrics-secret", "tx-m", "203.0.113.7", "d-9f2c"):
        assert secret not in m.text
    spec = client.get("/openapi.json").json()
    for path in ("/v1/score", "/v1/feedback", "/healthz", "/readyz", "/metrics", "/v1/customers/{customer_id}/profile",
                 "/v1/model"):
        assert path in spec["paths"], path
    schemas = spec["components"]["schemas"]
    for path, item in spec["paths"].items():   # the keyed routes say so; the probes and /metrics need no key
        for op in item.values():
            assert (op.get("security") == [{"bearer": []}]) == path.startswith("/v1/"), path
    assert set(schemas["ScoreRequest"]["required"]) == {"transaction_id", "customer_id", "timestamp", "amount", "currency"}
    assert "risk_score" in schemas["ScoreResponse"]["properties"]


# --------------------------------------------------------------- degraded
def test_corrupt_model_answers_degraded_not_5xx(tmp_path: Any) -> None:
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    for name in ("model.json", "manifest.json", "model.msgpack"):
        (model_dir / name).write_bytes(b"\x00garbage{")
    with make_client(tmp_path / "data", model_dir=str(model_dir)) as c:
        r = c.post("/v1/score", json=payment(), headers=AUTH)
        assert r.status_code == 200, r.text
        d = r.json()
        assert [x["code"] for x in d["reasons"]][:1] == ["DEGRADED"] or "DEGRADED" in [x["code"] for x in d["reasons"]]
        assert d["auth_level"] < 4 and d["limit"] >= 42.5 or d["auth_level"] == 4
        assert "riskgate_degraded_total" in c.get("/metrics").text
        assert c.get("/readyz").json()["status"] == "degraded"


def test_a_missing_model_dir_is_logged_once_at_start_up_not_as_a_traceback_per_score(
        tmp_path: Any, caplog: pytest.LogCaptureFixture) -> None:
    with make_client(tmp_path / "data", model_dir=str(tmp_path / "no-such-model")) as c:
        for i in range(3):
            r = c.post("/v1/score", json=payment(transaction_id=f"tx-nm{i}"), headers=AUTH)
            assert "DEGRADED" in [x["code"] for x in r.json()["reasons"]]
    assert any("model failed to load" in rec.getMessage() for rec in caplog.records)
    assert not [rec for rec in caplog.records if rec.exc_info], [rec.getMessage() for rec in caplog.records]


def test_store_down_answers_degraded_not_5xx(tmp_path: Any) -> None:
    # Nothing listens on this port: the Redis store cannot be reached.
    with make_client(tmp_path, redis_url="redis://127.0.0.1:1/0") as c:
        r = c.post("/v1/score", json=payment(), headers=AUTH)
        assert r.status_code == 200, r.text
        assert "DEGRADED" in [x["code"] for x in r.json()["reasons"]]
        assert c.get("/readyz").json()["store"] == "unavailable"


@pytest.mark.parametrize("field", ["transaction_id", "customer_id"])
def test_a_required_identifier_of_spaces_alone_is_refused(client: TestClient, field: str) -> None:
    """Stripped as the features strip ids, every such id would be the same one."""
    r = client.post("/v1/score", json=payment(**{"transaction_id": "tx-sp", field: "   "}), headers=AUTH)
    assert r.status_code == 422 and r.json()["error"]["field"] == field


def test_an_optional_identifier_of_spaces_alone_is_no_identifier() -> None:
    from service.parse import parse_score

    p = parse_score(json.dumps(payment(device_id="  ", payee_id=" ")).encode())
    assert p.device_id is None and p.payee_id is None


def test_a_body_with_a_byte_order_mark_is_read(client: TestClient) -> None:
    raw = b"\xef\xbb\xbf" + json.dumps(payment(transaction_id="tx-bom")).encode()
    r = client.post("/v1/score", content=raw, headers=dict(AUTH, **{"content-type": "application/json"}))
    assert r.status_code == 200, r.text


def test_alerted_series_are_exported_at_zero_before_their_first_event(client: TestClient) -> None:
    """A series that appears at its first event has no rate() before it."""
    text = client.get("/metrics").text
    for series in ('riskgate_degraded_total{cause="store"}', 'riskgate_idempotent_total{outcome="conflict"}',
                   'riskgate_stepup_results_total{level="otp",passed="false"}',
                   'riskgate_fraud_reports_total{is_fraud="true",level="none"}',
                   'riskgate_local_refits_total{outcome="adopted"}'):
        assert series in text, series


def test_amounts_in_a_currency_the_policy_cannot_convert_are_counted(client: TestClient) -> None:
    """Denied by the shipped [rules.unknown_currency] (UNKNOWN_CURRENCY), with one log
    line per currency; the security team sees how many on /metrics (a black-box audit
    found them silent there), one count a payment (another found two)."""
    def count() -> float:
        for line in client.get("/metrics").text.splitlines():
            if line.startswith("riskgate_unknown_currency_conversions_total "):
                return float(line.split()[1])
        return 0.0

    before = count()
    for i in range(3):
        r = client.post("/v1/score", json=payment(transaction_id=f"tx-xq{i}", currency="XQZ"), headers=AUTH)
        assert r.status_code == 200
        assert r.json()["auth_level"] == 4 and r.json()["reasons"][0]["code"] == "UNKNOWN_CURRENCY"
    after = count()
    assert after == before + 3
    client.post("/v1/score", json=payment(transaction_id="tx-eur"), headers=AUTH)   # EUR: converted, not counted
    assert count() == after


def test_the_fraud_amount_metric_is_in_the_policy_currency(client: TestClient) -> None:
    """An audit: a report on 1,515,152 VND (about 50 EUR) added 1,515,152 to the series
    a dashboard sums across currencies."""
    def total() -> float:
        return sum(float(line.split()[1]) for line in client.get("/metrics").text.splitlines()
                   if line.startswith("riskgate_fraud_reported_amount_total{"))

    before = total()
    r = client.post("/v1/score", json=payment(transaction_id="tx-vnd", customer_id="c-vnd", amount=1515152.0,
                                              currency="VND"), headers=AUTH)
    assert r.status_code == 200
    assert feedback(client, transaction_id="tx-vnd", kind="fraud_report", is_fraud=True,
                    timestamp="2026-01-19T09:00:00Z").json()["effect"] == "fraud"
    from models.policy import load_policy
    assert total() - before == pytest.approx(1515152.0 * load_policy(None).to_base("VND"))
    assert 20.0 < total() - before < 100.0


def test_readyz_says_the_store_is_unavailable_once_its_files_are_removed(tmp_path: Any,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    """Found by a black-box audit of the monitoring: with its data dir deleted the
    service went on answering from the unlinked files and /readyz said ready,
    though everything it learned would be gone at the next start."""
    import shutil

    with make_client(tmp_path) as c:
        assert c.get("/readyz").json()["store"] == "ok"
        data_dir = c.app.state.runtime.settings.data_dir   # type: ignore[attr-defined]
        shutil.rmtree(data_dir)
        with caplog.at_level(logging.ERROR, logger="riskgate"):
            body = c.get("/readyz").json()
            c.get("/readyz")
        assert body["status"] == "degraded" and body["store"] == "unavailable"
        gone = [r for r in caplog.records if "were removed while the service runs" in r.getMessage()]
        assert len(gone) == 1


@pytest.mark.parametrize("stamp", ["0001-01-01T00:00:00Z", "1000-06-01T08:00:00Z", "1969-12-31T23:59:59Z",
                                   "2100-01-01T00:00:00Z", "3000-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00"])
def test_a_timestamp_outside_1970_to_2100_is_invalid_input(client: TestClient, stamp: str) -> None:
    """A time audit: one completed payment dated 1000 lifted the next payment's habit
    cap, one dated 3000 had none (every habit decayed to nothing)."""
    r = client.post("/v1/score", json=payment(transaction_id="tx-year", timestamp=stamp), headers=AUTH)
    err = assert_error(r, 422, "timestamp")
    assert "between 1970-01-01 and 2100-01-01" in err["message"]
    fb = client.post("/v1/feedback", json={"transaction_id": "tx-year", "kind": "fraud_report", "is_fraud": True,
                                           "timestamp": stamp}, headers=AUTH)
    assert_error(fb, 422, "timestamp")


def test_the_first_and_last_accepted_instants(client: TestClient) -> None:
    for i, stamp in enumerate(["1970-01-01T00:00:00Z", "2099-12-31T23:59:59Z", "2026-01-05T13:45:12+01:00"]):
        r = client.post("/v1/score", json=payment(transaction_id=f"tx-edge{i}", timestamp=stamp), headers=AUTH)
        assert r.status_code == 200, r.text
