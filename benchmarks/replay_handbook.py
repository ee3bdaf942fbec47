"""The Fraud-Detection-Handbook's own evaluation protocol, on the scores of our replay.

So that our numbers stand next to the book's published baselines, the test sets
are cut exactly as the book cuts them (Le Borgne et al., 2022, chapters 3 and 5,
`get_train_test_set` and `card_precision_top_k`):

- a fold is 7 days of training, 7 days of label delay, 7 test days; on test day D
  the customers with a fraud between the fold's first training day and D-8 are
  "known compromised" and their rows are dropped from the test day;
- AUC and average precision over the fold's remaining test rows;
- CP@100 per test day: each card's (customer's) highest score and label, the top
  100 cards by score, the share of them compromised; cards detected (in a top 100)
  on earlier days of the fold are dropped; averaged over the days.

Chapter 3's single split tests 2018-08-08..14; chapter 5's prequential test takes
4 folds whose test weeks start 2018-08-08, -15, -22 and -29. The replay differs
from the book in one way that favours the book: our scorer learns online from the
first day and sees labels only when they are reported (7 days late), while the
book trains offline on a fixed week.
"""
from __future__ import annotations

import csv
import glob
import os
from datetime import date, datetime, timezone
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

from models.card_precision import card_precision_top_k

DAY = 86400
CH3_TEST_START = date(2018, 8, 8)
PREQUENTIAL_STARTS = (date(2018, 8, 8), date(2018, 8, 15), date(2018, 8, 22), date(2018, 8, 29))


def day_number(d: date) -> int:
    return int(datetime(d.year, d.month, d.day, tzinfo=timezone.utc).timestamp()) // DAY


def fold_test_mask(day: np.ndarray, customer: np.ndarray, label: np.ndarray, test_start: int,
                   train_days: int = 7, delay_days: int = 7, test_days: int = 7) -> np.ndarray:
    """Rows of the fold's test days minus those of customers known compromised that day."""
    train_start = test_start - delay_days - train_days
    out = np.zeros(len(day), dtype=bool)
    fraud = label == 1
    for t in range(test_days):
        D = test_start + t
        known_rows = fraud & (day >= train_start) & (day <= D - delay_days - 1)
        known = np.unique(customer[known_rows])
        m = (day == D) & ~np.isin(customer, known)
        out |= m
    return out


def fold_metrics(day: np.ndarray, customer: np.ndarray, score: np.ndarray, label: np.ndarray,
                 test_start: int) -> dict[str, Any] | None:
    # rows without a label are left out of every label-based figure (a review: they
    # entered as a third class and scikit-learn raised after the whole replay)
    m = fold_test_mask(day, customer, label, test_start) & (label >= 0)
    y = label[m]
    if len(y) == 0 or y.min() == y.max():
        return None
    cp, per_day = card_precision_top_k(day[m], customer[m], score[m], y)
    return {"auc": float(roc_auc_score(y, score[m])), "average_precision": float(average_precision_score(y, score[m])),
            "cp_at_100": cp, "cp_at_100_per_day": per_day, "rows": int(m.sum()), "frauds": int(y.sum())}


def days_covered(day: np.ndarray, first: int, n: int) -> int:
    """How many of the `n` days from day number `first` hold a scored row: a run over
    part of a test period is not that period, and its figures must not be printed
    as if it were beside the book's full-period ones."""
    return int(len(np.unique(day[(day >= first) & (day < first + n)])))


def handbook_report(ts: np.ndarray, customer: np.ndarray, score: np.ndarray, label: np.ndarray,
                    data_dir: str | None = None) -> dict[str, Any]:
    """Chapter 3 single-split figures at the top level, chapter 5 prequential ones
    under `prequential`, and the book's published numbers under `published`."""
    day = (ts // DAY).astype(np.int64)
    lab = label.astype(np.int64)
    ch3 = fold_metrics(day, customer, score, lab, day_number(CH3_TEST_START))
    out: dict[str, Any] = {"protocol": "handbook ch.3: test 2018-08-08..14, known-compromised customers removed",
                           "test_days": 7, "test_days_covered": days_covered(day, day_number(CH3_TEST_START), 7)}
    if ch3 is None:
        out.update({"auc": None, "average_precision": None, "cp_at_100": None,
                    "note": "the replay did not cover the test week 2018-08-08..14 with both classes"})
    else:
        out.update(ch3)
    folds = [fold_metrics(day, customer, score, lab, day_number(s)) for s in PREQUENTIAL_STARTS]
    done = [f for f in folds if f is not None]
    if len(done) == len(folds):
        out["prequential"] = {
            key: float(np.mean([f[key] for f in done])) for key in ("auc", "average_precision", "cp_at_100")
        }
        out["prequential"]["std"] = {
            key: float(np.std([f[key] for f in done])) for key in ("auc", "average_precision", "cp_at_100")
        }
        out["prequential"]["folds"] = [{k: f[k] for k in ("auc", "average_precision", "cp_at_100", "rows")}
                                       for f in done]
        out["prequential"]["test_days"] = 7 * len(PREQUENTIAL_STARTS)
        out["prequential"]["test_days_covered"] = days_covered(day, day_number(PREQUENTIAL_STARTS[0]),
                                                               7 * len(PREQUENTIAL_STARTS))
    if data_dir:
        out["published"] = published_baselines(data_dir)
    return out


def published_baselines(data_dir: str) -> dict[str, list[dict[str, Any]]]:
    """The book's test-set figures from published_results/*.csv (ch.3 split and ch.5 summary)."""
    res: dict[str, list[dict[str, Any]]] = {}
    base = os.path.join(data_dir, "published_results")
    for path in sorted(glob.glob(os.path.join(base, "handbook_ch3_*.csv"))):
        with open(path, newline="") as fh:
            res["ch3_single_split"] = [
                {"model": r["model"], "auc": float(r["auc_roc"]), "average_precision": float(r["average_precision"]),
                 "cp_at_100": float(r["card_precision_at_100"])}
                for r in csv.DictReader(fh) if r.get("set") == "test"
            ]
    for path in sorted(glob.glob(os.path.join(base, "handbook_ch5_*summary*.csv"))):
        with open(path, newline="") as fh:
            res["ch5_prequential"] = [
                {"model": f"{r['model_class']} ({r['selection']})", "auc": float(r["auc_roc_test"]),
                 "average_precision": float(r["ap_test"]), "cp_at_100": float(r["cp100_test"])}
                for r in csv.DictReader(fh)
            ]
    return res

