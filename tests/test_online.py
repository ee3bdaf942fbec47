"""The online learner: direction of learning, label-delay and swamping guards,
bounded memory, persistence."""
from __future__ import annotations

import math

from models.online import OnlineConfig, OnlineLearner

DAY = 86400.0
NAMES = ("a", "llr_risky_payee", "llr_device", "cold_start")
Z = -5.0   # the offline model's log-odds for every payment here


def vec(risky: float = 0.0, device: float = 0.0) -> list[float]:
    return [0.3, risky, device, 0.0]


def learner(**kw: float) -> OnlineLearner:
    cfg = OnlineConfig(**{"maturity_days": 2.0, "sample_rate": 1.0, "min_pos": 5, "min_neg": 20,
                          "max_matured_per_call": 50, "lr": 0.05, **kw})
    return OnlineLearner(NAMES, cfg=cfg, online_features=("llr_risky_payee", "llr_device", "cold_start"))


def z_of(_values: list[float]) -> float:
    return Z


def feed_genuine(ol: OnlineLearner, t0: float, n: int, days: float) -> float:
    for i in range(n):
        ol.observe_completed(vec(), t0 + i * days * DAY / n, f"c{i % 50}", z_of)
    return t0 + days * DAY


def test_untrained_learner_is_the_identity() -> None:
    ol = learner()
    for z in (-8.0, -2.0, 0.0, 3.0):
        assert ol.adjust(z, vec(risky=4.0)) == z


def test_reports_raise_the_probability_of_the_reported_pattern_only() -> None:
    ol = learner()
    t = feed_genuine(ol, 0.0, 400, 4.0)
    # mature the negatives: time passes with more genuine payments
    t = feed_genuine(ol, t, 400, 4.0)
    assert ol.active is False or ol.n_pos == 0
    before_risky = ol.adjust(Z, vec(risky=3.0))
    for i in range(30):
        ol.learn_label(Z, vec(risky=3.0), True, ts=t + i * 60, customer_id=f"v{i}")
    t = feed_genuine(ol, t + 3600, 400, 4.0)
    assert ol.active
    after_risky = ol.adjust(Z, vec(risky=3.0))
    after_plain = ol.adjust(Z, vec())
    assert after_risky > before_risky + 0.3
    assert after_risky - after_plain > 0.3          # the pattern, not just the base rate, moved
    assert abs(after_plain - Z) <= ol.cfg.max_correction


def test_cleared_cases_lower_the_probability() -> None:
    ol = learner(min_pos=0, min_neg=0)
    ol.active = False
    before = Z
    for i in range(40):
        ol.learn_label(Z + 4.0, vec(device=3.0), False, ts=float(i), customer_id=f"c{i}")
    assert ol.adjust(Z, vec(device=3.0)) < before


def test_negatives_wait_for_maturity() -> None:
    ol = learner()
    ol.observe_completed(vec(), 0.0, "c1", z_of)
    ol.observe_completed(vec(), 1.5 * DAY, "c2", z_of)
    assert ol.n_neg == 0 and len(ol.pending) == 2
    ol.observe_completed(vec(), 2.1 * DAY, "c3", z_of)
    assert ol.n_neg == 1 and len(ol.pending) == 2


def test_a_defrauded_customer_payments_are_not_learned_as_genuine() -> None:
    ol = learner()
    ol.observe_completed(vec(risky=3.0), 0.0, "victim", z_of)
    ol.observe_completed(vec(), 0.0, "other", z_of)
    ol.learn_label(Z, vec(risky=3.0), True, ts=1.0 * DAY, customer_id="victim")
    ol.observe_completed(vec(), 3.0 * DAY, "x", z_of)
    assert ol.n_neg == 1          # "other" matured, "victim" was dropped


def test_one_customer_cannot_swamp_the_model() -> None:
    one = learner(min_pos=0, min_neg=0, lr=0.01, max_correction=20.0)
    many = learner(min_pos=0, min_neg=0, lr=0.01, max_correction=20.0)
    for i in range(40):
        one.learn_label(Z, vec(risky=3.0), True, ts=float(i), customer_id="same")
        many.learn_label(Z, vec(risky=3.0), True, ts=float(i), customer_id=f"c{i}")
    one.active = many.active = True
    lift_one = one.adjust(Z, vec(risky=3.0)) - Z
    lift_many = many.adjust(Z, vec(risky=3.0)) - Z
    assert 0 < lift_one < 0.5 * lift_many


def test_pending_negatives_stay_bounded_and_uniform() -> None:
    ol = learner(max_pending=200, maturity_days=1000.0)
    for i in range(5000):
        ol.observe_completed(vec(), float(i), f"c{i}", z_of)
    assert len(ol.pending) <= 200
    assert ol.rate < 1.0
    # every survivor was kept at the current rate, so each stands for 1/rate payments
    assert all(p.u < ol.rate and p.rate == ol.rate for p in ol.pending)
    assert 0.5 * 5000 < len(ol.pending) / ol.rate < 2.0 * 5000


def test_snapshot_before_any_label_builds_no_river_model() -> None:
    """The snapshot runs on the event loop; building the river model there would
    import river (~1 s). Before the first label there is nothing river holds."""
    ol = learner(min_pos=0, min_neg=0)
    for i in range(5):
        ol.observe_completed(vec(device=1.0), float(i), f"d{i}", z_of)
    blob = ol.snapshot()
    assert ol._model is None
    other = learner(min_pos=0, min_neg=0)
    other.restore(blob)
    assert len(other.pending) == len(ol.pending)
    for v in (vec(), vec(risky=3.0)):
        assert other.adjust(Z, v) == ol.adjust(Z, v) == Z
    other.learn_label(Z, vec(risky=3.0), True, ts=10.0, customer_id="c1")  # the restored learner still learns
    assert other.n_learned == 1


def test_snapshot_restore_round_trip() -> None:
    ol = learner(min_pos=0, min_neg=0)
    for i in range(20):
        ol.learn_label(Z, vec(risky=2.0 + i % 3), i % 2 == 0, ts=float(i), customer_id=f"c{i % 7}")
        ol.observe_completed(vec(device=1.0), float(i), f"d{i}", z_of)
    blob = ol.snapshot()
    other = learner(min_pos=0, min_neg=0)
    other.restore(blob)
    for v in (vec(), vec(risky=3.0), vec(device=-2.0)):
        assert math.isclose(other.adjust(Z, v), ol.adjust(Z, v), rel_tol=0, abs_tol=1e-12)
    assert len(other.pending) == len(ol.pending)
    assert other.snapshot() == blob


def test_a_frozen_adjust_answers_as_adjust_did_and_stays_put_while_learning_goes_on() -> None:
    """A local refit's worker thread judges against the online correction as it
    was when the refit was prepared."""
    ol = learner()
    assert ol.frozen_adjust()(vec(risky=3.0), Z) == Z          # inactive: the identity
    t = feed_genuine(ol, 0.0, 400, 4.0)
    t = feed_genuine(ol, t, 400, 4.0)
    for i in range(30):
        ol.learn_label(Z, vec(risky=3.0), True, ts=t + i * 60, customer_id=f"v{i}")
    t = feed_genuine(ol, t + 3600, 400, 4.0)
    assert ol.active
    frozen = ol.frozen_adjust()
    xs = [vec(risky=r, device=d) for r in (-9.0, 0.0, 1.5, 3.0, 40.0) for d in (0.0, 2.0)]
    assert [frozen(x, z) for x in xs for z in (-6.0, Z, 1.0)] == [ol.adjust(z, x) for x in xs for z in (-6.0, Z, 1.0)]
    then = [frozen(x, Z) for x in xs]
    for i in range(30):
        ol.learn_label(Z, vec(device=2.0), True, ts=t + i * 60, customer_id=f"w{i}")
    feed_genuine(ol, t + 7200, 400, 4.0)
    assert [ol.adjust(Z, x) for x in xs] != then            # the learner moved on
    assert [frozen(x, Z) for x in xs] == then                # the frozen copy did not


# ------------------------------------------------------------ a review's findings

def test_a_thinned_sample_keeps_a_calibrated_model_calibrated() -> None:
    """Negatives weigh 1/rate; river clips the weighted gradient at 10, so once a
    busy bank's sample was thinned (weights in the hundreds) the genuine payments
    counted for less than the reports and the correction went to its +3 limit."""
    f = 0.05
    z0 = math.log(f / (1 - f))          # the offline model is exactly right
    cfg = OnlineConfig(max_pending=20)
    ol = OnlineLearner(NAMES, cfg=cfg, online_features=("llr_risky_payee", "llr_device", "cold_start"))
    k = 0
    for d in range(300):
        for j in range(200):
            ts = d * DAY + j * DAY / 200
            k += 1
            ol.observe_completed([0.0] * 4, ts, f"c{k}", lambda v: z0)
            if k % 20 == 0:
                ol.learn_label(z0, [0.0] * 4, True, ts=ts + 3 * DAY, customer_id=f"c{k}")
    assert ol.active and ol.rate < 0.01               # thinned: negatives weigh hundreds
    assert abs(ol.adjust(z0, [0.0] * 4) - z0) < 0.5


def test_reports_all_cleared_do_not_count_as_positives() -> None:
    ol = learner(min_pos=10, min_neg=0)
    for i in range(10):
        ol.learn_label(Z, vec(risky=3.0), True, ts=float(i), customer_id=f"c{i}")
        ol.learn_label(Z, vec(risky=3.0), False, ts=i + 0.5, customer_id=f"c{i}", report_cleared=True)
    assert ol.n_pos == 0 and not ol.active and ol.generation == 0
    ol.learn_label(Z, vec(risky=3.0), True, ts=20.0, customer_id="c1")
    assert ol.n_pos == 1.0 and ol.cust["c1"][0] < 1.01     # the cleared one left the customer's count


def test_a_value_that_is_not_a_number_does_not_poison_the_weights() -> None:
    ol = learner(min_pos=0, min_neg=0)
    ol.learn_label(Z, [0.3, float("nan"), 1.0, 0.0], True, ts=1.0, customer_id="c1")
    ol.learn_label(float("nan"), vec(risky=2.0), True, ts=2.0, customer_id="c2")    # skipped
    assert all(w == w for w in ol._w) and ol._b == ol._b and ol.n_learned == 1
    assert ol.adjust(Z, vec(risky=2.0)) != Z


def test_the_version_names_the_correction_from_its_first_answer() -> None:
    ol = learner(min_pos=5, min_neg=0)
    for i in range(5):
        assert ol.generation == 0
        ol.learn_label(Z, vec(risky=3.0), True, ts=float(i), customer_id=f"c{i}")
    assert ol.active and ol.generation == 1


def test_a_state_learned_on_another_offline_models_inputs_is_not_restored() -> None:
    feats = ("llr_risky_payee", "llr_device", "cold_start")
    ol = OnlineLearner(NAMES, [0.0, 1.0, 0.0, 0.0], [1.0, 2.0, 1.0, 1.0], OnlineConfig(), feats)
    ol.learn_label(Z, vec(risky=3.0), True, ts=1.0, customer_id="c1")
    same = OnlineLearner(NAMES, [0.0, 1.0, 0.0, 0.0], [1.0, 2.0, 1.0, 1.0], OnlineConfig(), feats)
    same.restore(ol.snapshot())
    other = OnlineLearner(NAMES, [0.0, 3.0, 0.0, 0.0], [1.0, 0.5, 1.0, 1.0], OnlineConfig(), feats)
    try:
        other.restore(ol.snapshot())
    except ValueError as exc:
        assert "another offline model" in str(exc)
    else:
        raise AssertionError("restored onto other inputs")
    assert same.n_learned == 1 and other.n_learned == 0
