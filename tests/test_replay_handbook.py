"""The handbook protocol: known-compromised removal and card precision@k, by hand."""
from __future__ import annotations

from datetime import date

import numpy as np

from benchmarks.replay_handbook import DAY, card_precision_top_k, day_number, fold_test_mask, handbook_report


def test_cp_at_k_takes_each_cards_max_and_drops_detected_cards() -> None:
    # day 0: cards 1 (fraud, score .9), 2 (genuine, .8 and .1), 3 (fraud, .2)
    # day 1: card 1 again (fraud, top score) is dropped as already detected; card 3 now ranks first
    day = np.array([0, 0, 0, 0, 1, 1, 1])
    cust = np.array([1, 2, 2, 3, 1, 3, 2])
    score = np.array([0.9, 0.1, 0.8, 0.2, 0.99, 0.5, 0.4])
    label = np.array([1, 0, 0, 1, 1, 1, 0])
    mean, per_day = card_precision_top_k(day, cust, score, label, k=2)
    assert per_day == [0.5, 0.5]  # day 0: top 2 = cards 1, 2; day 1: cards 3, 2
    assert mean == 0.5
    # had that day-1 fraud been on a new card (4), it would keep its slot: precision 1.0
    _m, per_day_keep = card_precision_top_k(day, np.array([1, 2, 2, 3, 4, 3, 2]), score, label, k=2)
    assert per_day_keep == [0.5, 1.0]


def test_cp_at_k_a_nan_score_hides_no_cards_real_one() -> None:
    """The handbook's groupby().max() skips NaN; np.maximum.at kept it (a review)."""
    mean, _ = card_precision_top_k(np.zeros(3), np.array([1, 1, 2]), np.array([np.nan, 0.9, 0.5]),
                                   np.array([0, 1, 0]), k=1)
    assert mean == 1.0


def test_known_compromised_customers_leave_the_test_days() -> None:
    test_start = 100
    # customer 7 has a fraud on the first training day (86): known from test day 100 on.
    # customer 8 has a fraud on day 93 = test_start - 7: known only from test day 101 (D-8 rule).
    day = np.array([86, 93, 100, 100, 101, 101, 100])
    cust = np.array([7, 8, 7, 8, 8, 9, 9])
    label = np.array([1, 1, 0, 0, 0, 0, 1])
    m = fold_test_mask(day, cust, label, test_start)
    assert m.tolist() == [False, False, False, True, False, True, True]


def test_report_on_a_synthetic_fold_and_missing_weeks() -> None:
    rng = np.random.default_rng(0)
    start = day_number(date(2018, 8, 8))
    days = np.repeat(np.arange(start - 14, start + 7), 300)
    cust = rng.integers(0, 2000, len(days))
    label = (rng.random(len(days)) < 0.05).astype(np.int8)
    score = label * 0.5 + rng.random(len(days)) * 0.6
    rep = handbook_report(days.astype(float) * DAY + 3600, cust, score, label)
    assert 0.5 < rep["auc"] < 1.0 and rep["cp_at_100"] > 0.05
    assert "prequential" not in rep  # the later prequential weeks are not covered
    empty = handbook_report(np.array([0.0, 1.0]), np.array([1, 2]), np.array([0.1, 0.2]), np.array([0, 1]))
    assert empty["auc"] is None


def test_a_run_over_part_of_the_test_week_is_marked_partial_and_names_are_whole() -> None:
    from benchmarks.replay_report import format_handbook

    rng = np.random.default_rng(1)
    start = day_number(date(2018, 8, 8))
    days = np.repeat(np.arange(start - 14, start + 1), 300)          # the test week's first day only
    cust = rng.integers(0, 2000, len(days))
    label = (rng.random(len(days)) < 0.05).astype(np.int8)
    rep = handbook_report(days.astype(float) * DAY + 3600, cust, label * 0.5 + rng.random(len(days)) * 0.6, label)
    assert rep["test_days_covered"] == 1 and rep["test_days"] == 7
    long_name = "Random Forest (default (n_estimators=100; max_depth None; table uses 50))"
    rep["published"] = {"ch5_prequential": [{"model": long_name, "auc": 0.8, "average_precision": 0.6,
                                             "cp_at_100": 0.3}]}
    text = format_handbook(rep)
    assert "ch.3 test week" not in text and "ch.3 PARTIAL: 1 of 7 test days" in text
    assert f"book ch.5: {long_name} " in text
    rep["test_days_covered"] = 7
    assert "riskgate (online replay), ch.3 test week" in format_handbook(rep)


def test_rows_without_a_label_are_left_out_of_the_handbook_figures() -> None:
    """A review: an unlabelled row entered the test week as a third class and
    scikit-learn raised after the whole replay."""
    from datetime import datetime, timezone

    t0 = datetime(2018, 8, 8, tzinfo=timezone.utc).timestamp()
    rng = np.random.default_rng(0)
    n = 400
    ts = t0 + np.sort(rng.uniform(0, 7 * 86400, n))
    customer = rng.integers(0, 150, n).astype(np.int32)
    label = (rng.uniform(size=n) < 0.1).astype(np.int8)
    score = np.clip(label * 0.5 + rng.uniform(0, 0.6, n), 0, 1)
    base = handbook_report(ts, customer, score, label)
    label_u = label.copy()
    label_u[[5, 150, 300]] = -1
    score_u = score.copy()
    score_u[[5, 150, 300]] = 0.99
    keep = label_u >= 0
    want = handbook_report(ts[keep], customer[keep], score[keep], label[keep])
    got = handbook_report(ts, customer, score_u, label_u)
    assert got["auc"] == want["auc"] and got["average_precision"] == want["average_precision"]
    assert base["auc"] is not None
