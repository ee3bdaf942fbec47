"""Challenge calibration: step-up results lower probabilities that are
confidently too high, and do nothing else."""
from __future__ import annotations

import math
import random
from typing import Any

import msgspec
import pytest

from models.challenge_calibration import ChallengeCalibrator, ChallengeConfig
from models.policy import load_policy, policy_from_bytes
from models.policy_config import PolicyError, read_policy_bytes
from service.parse import FeedbackRequest, parse_score
from service.records import decode_record
from service.runtime import build_engine
from service.store import record_key
from service.store.memory import MemoryStore

ATTACKER = (0.3, 0.1, 0.02)
ATTACKER_KNOWN = (0.9, 0.5, 0.3)
GENUINE = (0.97, 0.95, 0.90)


def calibrator(**kw: Any) -> ChallengeCalibrator:
    return ChallengeCalibrator(ATTACKER, ATTACKER_KNOWN, ChallengeConfig(enabled=True, **kw))


def feed(c: ChallengeCalibrator, p_model: float, q_true: float, n: int, level: int = 3, known: bool = True,
         seed: int = 0, t0: float = 1e9, key: str = "") -> None:
    """n challenge results of payments the model put at p_model, fraud with
    probability q_true, passing as the policy's pass rates say."""
    r = random.Random(seed)
    a = (ATTACKER_KNOWN if known else ATTACKER)[level - 1]
    g = GENUINE[level - 1]
    for i in range(n):
        fraud = r.random() < q_true
        c.observe(p_model, level, known, r.random() < (a if fraud else g), t0 + i * 30.0, key)
    c.refresh()


def test_a_confidently_too_high_bucket_is_lowered_to_its_upper_bound() -> None:
    c = calibrator()
    feed(c, 0.002, 0.002, 3000, seed=1)          # where fraud is rare: the genuine pass rate
    feed(c, 0.3, 0.005, 3000, seed=2)            # the model says 30 %, the challenges say 0.5 %
    p = c.adjust(0.3)
    assert p < 0.3 / 4
    assert p > 0.005                             # an upper bound, not the point estimate
    assert c.max_shift() > 1.0


def test_a_lowering_fades_when_no_more_results_come() -> None:
    """A review: the table was recomputed only on new results, so once a lowering
    had taken its payments out of every challenge's reach it stayed in force for
    good. The maintenance round's tick decays the statistics by event time."""
    c = calibrator()
    feed(c, 0.002, 0.002, 3000, seed=1)
    feed(c, 0.3, 0.005, 3000, seed=2)
    assert c.max_shift() > 1.0
    last = 1e9 + 2999 * 30.0
    c.tick(last + 3600.0)                          # within a day: nothing to do
    assert c.max_shift() > 1.0
    c.tick(last + 120 * 86400.0)                   # 120 days (8.6 half-lives) without a result
    assert c.max_shift() == 0.0 and c.adjust(0.3) == 0.3


def test_the_error_measured_below_is_carried_up_to_buckets_no_challenge_reaches() -> None:
    """Payments the model puts highest are denied, so no challenge result ever
    comes from there: they get the shift of the highest bucket that has results."""
    c = calibrator()
    feed(c, 0.002, 0.002, 3000, seed=16)
    feed(c, 0.3, 0.002, 3000, seed=17)
    s = c.table[c.bucket(-0.85)][0]
    assert s < -1.0
    for p in (0.5, 0.8, 0.95):
        assert c.adjust(p) < p
        z = math.log(p / (1 - p))
        assert math.log(c.adjust(p) / (1 - c.adjust(p))) == pytest.approx(z + s)


def test_a_calibrated_model_is_left_alone() -> None:
    c = calibrator()
    for i, p in enumerate((0.002, 0.02, 0.1, 0.3, 0.6)):
        feed(c, p, p, 3000, seed=10 + i)
    for p in (0.002, 0.02, 0.1, 0.3, 0.6, 0.9, 0.99):
        assert c.adjust(p) == p


def test_too_few_results_change_nothing() -> None:
    c = calibrator(min_outcomes=100)
    feed(c, 0.3, 0.0, 60, seed=3)
    assert c.adjust(0.3) == 0.3


def test_results_that_carry_no_information_change_nothing() -> None:
    # a one-time code to the customer's own phone: attacker 0.9, genuine 0.97
    c = calibrator()
    feed(c, 0.3, 0.0, 5000, level=1, known=True, seed=4)
    assert c.adjust(0.3) == 0.3


def test_failures_never_raise_a_probability() -> None:
    c = calibrator()
    r = random.Random(5)
    for i in range(3000):
        c.observe(0.01, 2, False, r.random() < 0.2, 1e9 + i, "")
    c.refresh()
    for p in (0.005, 0.01, 0.05, 0.5):
        assert c.adjust(p) == p


def test_adjusted_probabilities_keep_the_model_order() -> None:
    c = calibrator()
    feed(c, 0.002, 0.002, 3000, seed=6)
    feed(c, 0.03, 0.001, 3000, seed=7)           # lowered a lot
    feed(c, 0.15, 0.08, 3000, seed=8)            # a little
    feed(c, 0.6, 0.002, 3000, seed=9)            # a lot again
    grid = [i / 1000 for i in range(1, 1000)]
    out = [c.adjust(p) for p in grid]
    assert all(b >= a for a, b in zip(out, out[1:]))
    assert all(o <= p for o, p in zip(out, grid))
    assert c.adjust(0.6) < 0.6


def test_a_new_model_starts_the_statistics_afresh() -> None:
    c = calibrator()
    feed(c, 0.3, 0.0, 3000, key="m1", seed=11)
    assert c.adjust(0.3) < 0.3
    c.observe(0.3, 3, True, True, 2e9, "m2")
    assert c.key == "m2"
    assert c.adjust(0.3) == 0.3


def test_old_results_fade() -> None:
    c = calibrator(half_life_days=1.0)
    feed(c, 0.3, 0.0, 3000, seed=12)
    assert c.adjust(0.3) < 0.3
    c.observe(0.3, 3, True, True, 1e9 + 3000 * 30.0 + 20 * 86400.0)   # 20 half-lives later
    c.refresh()
    assert c.adjust(0.3) == 0.3


def test_snapshot_and_restore_give_the_same_answers() -> None:
    c = calibrator()
    feed(c, 0.002, 0.002, 2000, seed=13)
    feed(c, 0.3, 0.01, 2000, seed=14)
    d = calibrator()
    d.restore(c.snapshot())
    for p in (0.001, 0.01, 0.1, 0.3, 0.5):
        assert d.adjust(p) == c.adjust(p)


def test_disabled_is_the_identity_and_learns_nothing() -> None:
    c = ChallengeCalibrator(ATTACKER, ATTACKER_KNOWN, ChallengeConfig(enabled=False))
    feed(c, 0.3, 0.0, 3000, seed=15)
    assert c.adjust(0.3) == 0.3
    assert c.outcomes == 0.0


def test_the_policy_section_is_validated() -> None:
    base = read_policy_bytes(None).decode()
    assert load_policy(None).config.challenge.enabled
    bad = base.replace("genuine_pass = [0.97, 0.95, 0.90]", "genuine_pass = [0.97, 1.5, 0.90]")
    with pytest.raises(PolicyError, match="challenge_calibration.genuine_pass"):
        policy_from_bytes(bad.encode())
    with pytest.raises(PolicyError, match="challenge_calibration.typo"):
        policy_from_bytes(base.replace("max_shift = 6", "max_shift = 6\ntypo = 1").encode())
    off = base.replace("[challenge_calibration]\n", "[challenge_calibration]\nenabled_ = 0\n")
    with pytest.raises(PolicyError):
        policy_from_bytes(off.encode())


def _score_body(i: int) -> bytes:
    """A new customer paying 2,000 from a device many other customers use: the
    model asks for a strong challenge."""
    return msgspec.json.encode({
        "transaction_id": f"tx-{i}", "customer_id": f"c-{i}",
        "timestamp": f"2026-03-02T{10 + i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z",
        "amount": 2000.0, "currency": "EUR", "device_id": "dev-shared", "ip": f"203.0.113.{i % 250}",
        "payee_id": f"p-{i}", "country": "NG"})


def _challenge_all(engine: Any, n: int) -> list[float]:
    """Scores n such payments, every challenged customer passes; the model's p of each."""
    ps = []
    for i in range(n):
        out = engine.score(parse_score(_score_body(i)))
        ps.append(decode_record(engine.store.read([record_key(f"tx-{i}")])[record_key(f"tx-{i}")]).p_model)
        if 1 <= out.level <= 3:
            engine.feedback(FeedbackRequest(transaction_id=f"tx-{i}", kind="auth_result", timestamp="",
                                            passed=True), 1.77e9 + i)
    return ps


def test_the_engine_learns_from_challenge_results_and_answers_lower() -> None:
    """Every challenged customer passes a strong challenge, which an attacker on
    a device of their own rarely does: the same kind of payment is then answered
    below the model's own probability, and the record keeps the model's."""
    engine = build_engine(MemoryStore())
    ps = _challenge_all(engine, 400)
    assert engine.challenge.outcomes >= 300
    out = engine.score(parse_score(_score_body(400)))
    p_model = decode_record(engine.store.read([record_key("tx-400")])[record_key("tx-400")]).p_model
    assert p_model > 0.1 and p_model == pytest.approx(ps[-1], rel=0.5)
    assert out.p_fraud < 0.5 * p_model
    answer = msgspec.json.decode(out.body)
    assert answer["risk_score"] == pytest.approx(out.p_fraud, abs=1e-6)
    assert answer["model_version"].endswith("+cc")      # says the probability was recalibrated
    first = decode_record(engine.store.read([record_key("tx-0")])[record_key("tx-0")])
    assert not msgspec.json.decode(first.response)["model_version"].endswith("+cc")


def test_without_the_section_the_engine_answers_the_model() -> None:
    base = read_policy_bytes(None).decode()
    start = base.index("[challenge_calibration]")
    end = base.index("# ----", start)
    policy = policy_from_bytes((base[:start] + base[end:]).encode())
    assert not policy.config.challenge.enabled
    engine = build_engine(MemoryStore(), policy=policy)
    _challenge_all(engine, 300)
    out = engine.score(parse_score(_score_body(400)))
    rec = decode_record(engine.store.read([record_key("tx-400")])[record_key("tx-400")])
    assert out.p_fraud == rec.p_model > 0.1
    assert not msgspec.json.decode(out.body)["model_version"].endswith("+cc")


def test_the_service_keeps_what_it_learned_across_a_restart(tmp_path: Any) -> None:
    """The runtime snapshots the calibration with its other state and restores it
    at start: a restart does not send a new deployment back to its first day."""
    from service.config import Settings
    from service.runtime import Runtime

    settings = Settings.from_env({"RISKGATE_DATA_DIR": str(tmp_path)})
    rt = Runtime(settings)
    rt.start()
    try:
        c = rt.engine.challenge
        c.reset(c.key)
        feed(c, 0.002, 0.002, 2000, seed=18, key=c.key)
        feed(c, 0.3, 0.0, 2000, seed=19, key=c.key)
        table = list(c.table)
        assert c.adjust(0.3) < 0.3
        rt.snapshot()
    finally:
        rt.stop()
    again = Runtime(settings)
    again.start()
    try:
        assert again.engine.challenge.table == table
    finally:
        again.stop()


def test_a_corrupt_snapshot_starts_the_statistics_afresh(tmp_path: Any) -> None:
    from service.config import Settings
    from service.runtime import BLOB_CHALLENGE, Runtime
    from service.store import open_store

    from service.store.datadir import check_data_dir

    settings = Settings.from_env({"RISKGATE_DATA_DIR": str(tmp_path)})
    assert check_data_dir(settings) is None                 # a data dir as the service makes it
    store = open_store(str(tmp_path))
    store.put_blob(BLOB_CHALLENGE, b"\x93not a snapshot")
    store.close()
    rt = Runtime(settings)
    rt.start()
    try:
        assert rt.engine.store.get_blob(BLOB_CHALLENGE) == b"\x93not a snapshot"   # it was there to read
        c = rt.engine.challenge
        assert c.outcomes == 0.0 and c.adjust(0.3) == 0.3
        assert rt.engine.score(parse_score(_score_body(1))).status == 200
    finally:
        rt.stop()


def test_a_probability_that_is_not_a_number_is_returned_as_it_came() -> None:
    """A review: NaN passed the range check and math.floor of its bucket raised,
    which would have turned the payment's answer DEGRADED."""
    c = calibrator()
    out = c.adjust(float("nan"))
    assert out != out
    assert c.adjust(0.0) == 0.0 and c.adjust(1.0) == 1.0
