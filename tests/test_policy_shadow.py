"""The shadow policy is compared and counted, never answered."""
from __future__ import annotations

import logging

from hypothesis import given, settings
from hypothesis import strategies as st

from models.policy import Decision, Policy, PolicyInput, load_policy, shadow_compare
from models.policy_shadow import ShadowPolicy, load_policies
from tests.test_policy_helpers import LEVELS, inp, make_policy, policy_text, reason

LIVE = load_policy(None)
# A very different policy: cheap challenges, tight caps, a channel rule, a deny list.
STRICT = make_policy(
    levels=LEVELS.replace("friction = 1.0", "friction = 0.1"),
    rules='[rules.deny]\ncustomer_id = ["c-2"]\n[rules.daily]\ncaps = [100.0, 200.0, 300.0, 400.0]\n'
          "[rules.channels.web]\nmin_level = 1\n",
)


class Boom(Policy):
    def __init__(self) -> None:
        pass

    def decide(self, inp: PolicyInput) -> Decision:  # type: ignore[override]
        raise RuntimeError("broken shadow")

    @property
    def version(self) -> str:  # type: ignore[override]
        return "boom"


@settings(max_examples=200, deadline=None)
@given(
    a=st.floats(0.01, 1e6), p=st.floats(0, 1), cid=st.sampled_from(["c-1", "c-2"]),
    ch=st.sampled_from(["web", "mobile", None]), day=st.floats(0, 5000), hist=st.integers(0, 5),
    codes=st.lists(st.sampled_from(["IMPOSSIBLE_TRAVEL", "NEW_DEVICE"]), max_size=2),
)
def test_shadow_never_changes_the_answer(a: float, p: float, cid: str, ch: str | None, day: float,
                                         hist: int, codes: list[str]) -> None:
    labels: list[str] = []
    sp = ShadowPolicy(LIVE, STRICT, labels.append)
    x = inp(amount=a, p_fraud=p, customer_id=cid, channel=ch, day_amount=day, history_n=hist,
            reasons=[reason(c) for c in codes])
    got = sp.decide(x)
    assert got == LIVE.decide(x)
    assert labels == [shadow_compare(got, STRICT.decide(x))]
    assert sum(sp.counts.values()) == 1 and sp.counts[labels[0]] == 1
    assert sp.version == LIVE.version


def test_failing_shadow_is_counted_and_ignored(caplog) -> None:
    sp = ShadowPolicy(LIVE, Boom())
    x = inp(amount=75.0, p_fraud=0.01)
    with caplog.at_level(logging.ERROR, logger="riskgate.policy.shadow"):
        assert sp.decide(x) == LIVE.decide(x)
    assert sp.counts["error"] == 1
    assert "broken shadow" in caplog.text


def test_shadow_differences_are_logged_without_identifiers(caplog) -> None:
    sp = ShadowPolicy(LIVE, STRICT)
    with caplog.at_level(logging.INFO, logger="riskgate.policy.shadow"):
        sp.decide(inp(amount=20.0, p_fraud=0.0, channel="web", customer_id="c-secret-77"))
    assert sp.counts["stricter"] == 1
    assert "stricter" in caplog.text and "c-secret-77" not in caplog.text


def test_shadow_compare_labels() -> None:
    d = lambda lvl, lim: Decision(lvl, "x", lim, [], None)  # noqa: E731
    assert shadow_compare(d(1, 100.0), d(1, 100.0)) == "same"
    assert shadow_compare(d(1, 100.0), d(2, 900.0)) == "stricter"
    assert shadow_compare(d(1, 100.0), d(1, 50.0)) == "stricter"
    assert shadow_compare(d(2, 100.0), d(0, 10.0)) == "looser"
    assert shadow_compare(d(1, 100.0), d(1, 150.0)) == "looser"


def test_load_policies_from_environment(tmp_path) -> None:
    live_path, shadow_path = tmp_path / "live.toml", tmp_path / "shadow.toml"
    live_path.write_text(policy_text(name="live"))
    shadow_path.write_text(policy_text(name="trial"))
    only = load_policies({"RISKGATE_POLICY": str(live_path)})
    assert isinstance(only, Policy) and only.version.startswith("live-")
    both = load_policies({"RISKGATE_POLICY": str(live_path), "RISKGATE_SHADOW_POLICY": str(shadow_path)})
    assert isinstance(both, ShadowPolicy)
    assert both.version.startswith("live-") and both.shadow.version.startswith("trial-")
    assert load_policies({}).version == LIVE.version


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
