"""The shadow policy is compared and counted, never answered."""
from __future__ import annotations

import logging
from typing import Any

from models.policy import Decision, load_policy, shadow_compare
from tests.test_policy_helpers import LEVELS, make_policy


def test_shadow_compare_labels() -> None:
    d = lambda lvl, lim: Decision(lvl, "x", lim, [], None)  # noqa: E731
    assert shadow_compare(d(1, 100.0), d(1, 100.0)) == "same"
    assert shadow_compare(d(1, 100.0), d(2, 900.0)) == "stricter"
    assert shadow_compare(d(1, 100.0), d(1, 50.0)) == "stricter"
    assert shadow_compare(d(2, 100.0), d(0, 10.0)) == "looser"
    assert shadow_compare(d(1, 100.0), d(1, 150.0)) == "looser"


def test_the_services_shadow_counts_its_errors_and_logs_differences(caplog) -> None:
    """docs/policy.md promised an "error" comparison and difference lines; the
    service's own shadow (Engine._shadow) logged a traceback per payment and
    counted nothing (a black-box audit)."""
    import msgspec
    from prometheus_client import REGISTRY

    from service.parse import parse_score
    from service.runtime import build_engine
    from service.store.memory import MemoryStore

    strict = make_policy(levels=LEVELS.replace("max_amount = 1000.0", "max_amount = 1.0"),
                         degraded="[degraded]\ncaps = [1.0, 1000.0, 5000.0, 20000.0]\n")
    engine = build_engine(MemoryStore(), shadow_policy=strict)

    def body(i: int) -> bytes:
        return msgspec.json.encode({"transaction_id": f"sh-{i}", "customer_id": "c-sh", "amount": 25.0,
                                    "currency": "EUR", "timestamp": f"2026-03-02T10:00:{i:02d}Z"})

    def count(label: str) -> float:
        return sum(v for lv in ("none", "otp", "biometric", "strong", "deny")
                   if (v := REGISTRY.get_sample_value("riskgate_shadow_decisions_total",
                                                      {"level": lv, "comparison": label})) is not None)

    with caplog.at_level(logging.INFO, logger="riskgate.policy.shadow"):
        before = count("stricter")
        engine.score(parse_score(body(0)))
        assert count("stricter") == before + 1
        assert any("shadow stricter" in m and "c-sh" not in m for m in caplog.messages)

        class Broken:
            version, reads_payer_account = "broken", False

            def decide(self, inp: PolicyInput) -> Decision:
                raise RuntimeError("the experiment is broken")

        engine.shadow_policy = Broken()  # type: ignore[assignment]
        errors = count("error")
        live = [engine.score(parse_score(body(i))).level for i in range(1, 6)]
        assert count("error") == errors + 5 and len(live) == 5
        assert sum("shadow policy failed" in m for m in caplog.messages) == 3    # the 1st, 2nd, 4th


def test_the_services_shadow_lines_are_capped_per_second_and_say_what_they_left_out(caplog, monkeypatch) -> None:
    """An operations audit saw one INFO line per differing decision (288 a second
    at 290 payments/s); the metric counts every difference, the log keeps examples."""
    import msgspec
    from prometheus_client import REGISTRY

    from service import engine as engine_mod
    from service.parse import parse_score
    from service.runtime import build_engine
    from service.store.memory import MemoryStore

    strict = make_policy(levels=LEVELS.replace("max_amount = 1000.0", "max_amount = 1.0"),
                         degraded="[degraded]\ncaps = [1.0, 1000.0, 5000.0, 20000.0]\n")
    engine = build_engine(MemoryStore(), shadow_policy=strict)
    clock = [1000.0]
    monkeypatch.setattr(engine_mod.time, "monotonic", lambda: clock[0])

    def stricter() -> float:
        return sum(v for lv in ("none", "otp", "biometric", "strong", "deny")
                   if (v := REGISTRY.get_sample_value("riskgate_shadow_decisions_total",
                                                      {"level": lv, "comparison": "stricter"})) is not None)

    before = stricter()
    n = engine_mod.SHADOW_LINES_PER_S + 15
    with caplog.at_level(logging.INFO, logger="riskgate.policy.shadow"):
        for i in range(n):
            engine.score(parse_score(msgspec.json.encode({
                "transaction_id": f"cap-{i}", "customer_id": f"c-cap{i}", "amount": 25.0, "currency": "EUR",
                "timestamp": f"2026-03-02T10:{i // 60:02d}:{i % 60:02d}Z"})))
        lines = [m for m in caplog.messages if m.startswith("shadow stricter")]
        assert stricter() == before + n                                   # every difference counted
        assert len(lines) == engine_mod.SHADOW_LINES_PER_S                  # a second's worth of lines
        clock[0] += 1.0
        engine.score(parse_score(msgspec.json.encode({"transaction_id": "cap-next", "customer_id": "c-next",
                                                      "amount": 25.0, "currency": "EUR",
                                                      "timestamp": "2026-03-02T11:00:00Z"})))
    last = [m for m in caplog.messages if m.startswith("shadow stricter")][-1]
    assert "15 more differences since the last line not logged" in last


def test_the_shadow_is_counted_only_with_a_live_decision_that_was_answered() -> None:
    """A review: the comparison was counted before the store's commit, so a payment
    answered DEGRADED (the store failed) counted a shadow comparison against a live
    decision never sent, and riskgate_shadow_decisions_total disagreed with the decisions'."""
    import msgspec

    from service import metrics
    from service.parse import parse_score
    from service.runtime import build_engine
    from service.store.base import StoreError
    from service.store.memory import MemoryStore

    class WritesFail(MemoryStore):
        down = True

        def transact(self, *a: Any, **k: Any) -> Any:
            if self.down:
                raise StoreError("disk full")
            return super().transact(*a, **k)

    def total() -> float:
        return sum(s.value for m in metrics.shadow.collect() for s in m.samples if s.name.endswith("_total"))

    store = WritesFail()
    engine = build_engine(store, shadow_policy=load_policy(None))
    before = total()
    body = {"transaction_id": "tx-sh-1", "customer_id": "c-1", "amount": 9.0, "currency": "EUR",
            "timestamp": "2026-03-02T10:00:00Z"}
    assert engine.score(parse_score(msgspec.json.encode(body))).degraded
    assert total() == before
    store.down = False
    body["transaction_id"] = "tx-sh-2"
    assert not engine.score(parse_score(msgspec.json.encode(body))).degraded
    assert total() == before + 1
