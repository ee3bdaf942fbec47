"""Week-by-week replay figures on hand-built arrays whose answers are known."""
from __future__ import annotations

import numpy as np
import pytest

from benchmarks.replay_periods import by_period, format_periods, period_edges

DAY = 86400.0


def _arrays(rows: list[tuple[float, int, int, float, bool]]) -> dict[str, np.ndarray]:
    """rows: (day, level, label, amount, completed)."""
    ts, lv, lab, am, done = (np.array(c) for c in zip(*rows))
    n = len(rows)
    att = np.zeros((n, 4))
    att[:, 0] = 1.0   # a fraudster passes level 0 only
    return {"ts": ts * DAY, "level": lv.astype(np.int8), "label": lab.astype(np.int8), "amount": am.astype(float),
            "completed": done.astype(np.int8), "p": np.where(lv > 0, 0.9, 0.1), "u": np.full(n, 0.5),
            "attacker": att}


def test_period_edges_cover_the_masked_rows_from_the_first() -> None:
    ts = np.array([0.0, 3.0, 10.0, 16.5, 20.0]) * DAY
    mask = ts >= 3.0 * DAY
    assert period_edges(ts, mask) == [(3 * DAY, 10 * DAY), (10 * DAY, 17 * DAY), (17 * DAY, 24 * DAY)]
    assert period_edges(ts, np.zeros(5, dtype=bool)) == []


def test_each_week_gets_its_own_figures_and_the_static_rule() -> None:
    rows = [
        # week 1: frauds of 100 (passed) and 300 (stopped); 4 genuine, one stepped up
        (0.0, 0, 1, 100.0, True), (1.0, 1, 1, 300.0, False),
        (2.0, 0, 0, 50.0, True), (2.5, 1, 0, 60.0, True), (3.0, 0, 0, 20.0, True), (4.0, 0, 0, 30.0, True),
        # week 2: one fraud of 500 stopped, 2 genuine, none stepped up
        (8.0, 2, 1, 500.0, False), (9.0, 0, 0, 40.0, True), (10.0, 0, 0, 45.0, True),
    ]
    a = _arrays(rows)
    weeks = by_period(a, np.ones(len(rows), dtype=bool), static_threshold=200.0)
    assert len(weeks) == 2
    w1, w2 = weeks
    assert (w1["rows"], w1["fraud"], w1["genuine"]) == (6, 2, 4)
    assert w1["fraud_amount_stopped"] == pytest.approx(300 / 400)
    assert w1["genuine_stepup_rate"] == pytest.approx(0.25)
    assert w1["static_amount_stopped"] == pytest.approx(300 / 400)   # only the 300 is above 200
    assert w1["static_amount_stepup_rate"] == 0.0
    assert w1["auc"] == pytest.approx(0.625)
    assert w2["fraud_amount_stopped"] == 1.0 and w2["genuine_stepup_rate"] == 0.0
    assert w2["auc"] == 1.0
    text = format_periods(weeks)
    assert "1970-01-01 00:00" in text and "75.0%" in text and "25.00%" in text


def test_a_week_without_frauds_says_so_instead_of_inventing_a_figure() -> None:
    a = _arrays([(0.0, 0, 0, 10.0, True), (1.0, 1, 0, 20.0, True)])
    (w,) = by_period(a, np.ones(2, dtype=bool), static_threshold=15.0)
    assert w["fraud_amount_stopped"] is None and w["auc"] is None
    assert w["genuine_stepup_rate"] == 0.5 and w["static_amount_stepup_rate"] == 0.5
    assert " - " in format_periods([w])
