"""White-box review of the learners (session 32): online correction, local
refits. Each test is one finding; the ones marked xfail are defects left open
(see the reason), the others were fixed with the test."""
from __future__ import annotations

import math

import numpy as np
import pytest

from features.extract import FEATURE_NAMES
from models.local_refit import LocalModel, RefitConfig
from models.online import OnlineConfig, OnlineLearner, _uniform
from models.scorer import RiskModel

DAY = 86400.0
T0 = 1_700_000_000.0
N = len(FEATURE_NAMES)
NAMES = ("a", "llr_risky_payee", "llr_device", "cold_start")
ONLINE_FEATURES = ("llr_risky_payee", "llr_device", "cold_start")
SMALL = RefitConfig(every_days=1.0, min_new_pos=5, min_pos=60, min_neg=200, min_val_pos=15,
                    max_iter=30, min_samples_leaf=5, sample_rate=1.0, persist_every_s=0.0)


def _online(**kw: float) -> OnlineLearner:
    cfg = OnlineConfig(**{"maturity_days": 2.0, "sample_rate": 1.0, "min_pos": 1, "min_neg": 1,
                          "max_matured_per_call": 50, "lr": 0.05, **kw})
    return OnlineLearner(NAMES, cfg=cfg, online_features=ONLINE_FEATURES)


# ---------------------------------------------------------------- online learner
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_online_a_non_finite_offline_log_odds_on_a_completed_payment_does_not_poison_the_learner(bad: float) -> None:
    """`learn_label` refuses a non-finite z, `observe_completed` kept it as a
    pending negative: once matured, NaN made every weight NaN (the correction
    silently off for good), inf drove the slope on z to -inf (every answer
    +3 log-odds for good)."""
    risky, plain = [0.3, 3.0, 0.0, 0.0], [0.3, 0.0, 0.0, 0.0]
    ref, ol = _online(), _online()
    for learner in (ref, ol):
        for k in range(5):
            learner.learn_label(-3.0, risky, True, ts=100.0 + k, customer_id=f"f{k}")
    ol.observe_completed(plain, 200.0, "c-bad", lambda _v: bad)
    for learner in (ref, ol):
        for k in range(60):
            learner.observe_completed(plain, 3 * DAY + k, f"c{k}", lambda _v: -5.0)
    assert all(math.isfinite(w) for w in ol._w + [ol._wz, ol._b])
    for z in (-6.0, -3.0, 0.0):
        assert ol.adjust(z, risky) == pytest.approx(ref.adjust(z, risky))


def test_online_a_non_finite_likelihood_log_odds_does_not_poison_the_risk_model() -> None:
    """The same through `RiskModel` without an artefact (the likelihood model
    alone, out of the box): an inf llr term on one completed payment."""
    cfg = OnlineConfig(maturity_days=1.0, sample_rate=1.0, min_pos=1, min_neg=1, max_matured_per_call=50)
    i = FEATURE_NAMES.index("llr_device")
    v0 = [0.0] * N
    vr = list(v0)
    vr[i] = 2.0
    bad = list(v0)
    bad[i] = math.inf
    answers = []
    for with_bad in (False, True):
        m = RiskModel(online_cfg=cfg)
        for k in range(5):
            m.learn_one(vr, True, ts=1000.0 + k, customer_id=f"f{k}", paid_ts=900.0)
        if with_bad:
            m.observe_completed(bad, 2000.0, "c-bad")
        for k in range(60):
            m.observe_completed(v0, 2 * DAY + k, f"c{k}")
        answers.append((m.predict_values(v0), m.predict_values(vr)))
    assert answers[1] == pytest.approx(answers[0])


@pytest.mark.xfail(strict=True, reason="open: a report arriving after its payment matured as a (1/rate-weighted) "
                                       "negative is learned as a weight-1 positive on top; nothing undoes the negative")
def test_online_a_report_arriving_after_its_payment_matured_as_genuine_is_fixed_up() -> None:
    """The same report of the same payment, once before the payment matured
    (day 1) and once after (day 3, maturity 2 days): the reported pattern
    should end up about where it does when the report came in time. Reports
    are heavy-tailed (docs/models.md: low_and_slow 16-69 days against a
    30-day maturity), so this is the common case for late-reported schemes."""
    z = -2.0
    risky, plain = [0.3, 3.0, 0.0, 0.0], [0.3, 0.0, 0.0, 0.0]
    paid = next(t for t in (1000.0 + k for k in range(10000)) if _uniform("victim", t) < 0.05)
    out = []
    for report_day in (1.0, 3.0):
        ol = _online(sample_rate=0.05)
        ol.observe_completed(risky, paid, "victim", lambda _v: z)     # sampled: weight 20 as a negative
        for i in range(600):
            t = paid + 60.0 + i * 600.0
            if abs(t - (paid + report_day * DAY)) < 300.0:
                ol.learn_label(z, risky, True, ts=t, customer_id="victim")
            ol.observe_completed(plain, t, f"c{i % 40}", lambda _v: z)
        out.append(ol.adjust(z, risky))
    in_time, late = out
    assert late == pytest.approx(in_time, abs=0.25)   # was -3.67 against -2.60


# ---------------------------------------------------------------- local refits
def _informative_world(m: LocalModel, rng: np.random.Generator, days: int = 40) -> float:
    sig = FEATURE_NAMES.index("log_amount")
    for day in range(days):
        for i in range(60):
            ts = T0 + day * DAY + i * (DAY / 60)
            v = rng.normal(0.0, 1.0, N)
            v[sig] = rng.normal(0.0, 1.0)
            m.observe(v.tolist(), ts, f"g{day}-{i}", lambda _v, z=rng.normal(-5.0, 1.0): z)
        for i in range(4):
            paid = T0 + day * DAY + i * 3000.0
            v = rng.normal(0.0, 1.0, N)
            v[sig] = rng.normal(2.5, 1.0)
            m.add_report(v.tolist(), rng.normal(-5.0, 1.0), paid, paid + 2 * DAY, f"f{day}-{i}")
    return T0 + days * DAY


def _judge(amount: float, p: float, known: bool, fraud: bool) -> float:
    return amount * (1.0 - p) if fraud else p


def test_refit_one_report_with_a_nan_amount_does_not_block_every_adoption() -> None:
    """The judging weights and the policy's cost read the amount from the
    vector: one NaN `log_amount` made the weighted AUCs and costs NaN, so every
    candidate was `no_gain` for as long as that report stayed in the window
    (28-84 days)."""
    sig = FEATURE_NAMES.index("log_amount")
    reasons = []
    for bad in (False, True):
        rng = np.random.default_rng(1)
        m = LocalModel(N, SMALL, max_lag_s=30 * DAY)
        m.judge = _judge
        now = _informative_world(m, rng)
        if bad:
            v = rng.normal(0.0, 1.0, N)
            v[sig] = math.nan
            m.add_report(v.tolist(), -3.0, T0 + 30 * DAY + 7, T0 + 32 * DAY, "y")
        res = m.refit(now)
        assert math.isfinite(res.auc_candidate) and math.isfinite(res.auc_offline)
        reasons.append(res.reason)
    assert reasons == ["adopted", "adopted"]


@pytest.mark.xfail(strict=True, reason="open: examples carry no customer, the judging slice is cut by time only and "
                                       "reports are not capped per customer (changes adoption: needs replays)")
def test_refit_one_accounts_incident_on_both_sides_of_the_judging_cut_is_not_a_lead() -> None:
    """A taken-over account reported 6 times a day for weeks, beside one
    unrelated fraud a day that nothing tells apart. A feature constant per
    customer (as profile age or history length are) lets the candidate memorize
    that account; its reports sit on both sides of the time cut, so the judging
    slice rewards the memorizing (AUC ~0.94 against ~0.5) and it is adopted,
    though it ranks no other customer's fraud."""
    fp = 5
    rng = np.random.default_rng(1)
    m = LocalModel(N, SMALL, max_lag_s=30 * DAY)
    fps = {f"g{k}": rng.normal() for k in range(300)}
    for day in range(40):
        for i in range(60):
            ts = T0 + day * DAY + i * (DAY / 60)
            c = f"g{rng.integers(300)}"
            v = rng.normal(0.0, 1.0, N)
            v[fp] = fps[c]
            m.observe(v.tolist(), ts, c, lambda _v, z=rng.normal(-5.0, 1.0): z)
        for i in range(6):
            paid = T0 + day * DAY + i * 3000.0
            v = rng.normal(0.0, 1.0, N)
            v[fp] = 1.7
            m.add_report(v.tolist(), rng.normal(-5.0, 1.0), paid, paid + 2 * DAY, "victim")
        paid = T0 + day * DAY + 40000.0
        v = rng.normal(0.0, 1.0, N)
        v[fp] = rng.normal()
        m.add_report(v.tolist(), rng.normal(-5.0, 1.0), paid, paid + 2 * DAY, f"o{day}")
    res = m.refit(T0 + 40 * DAY)
    assert not res.adopted, res.summary()
