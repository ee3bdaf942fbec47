"""Card precision at k, as the Fraud-Detection-Handbook defines it (Le Borgne et
al. 2022, ch. 4, `card_precision_top_k`).

One implementation for both places that report it: the training CLI's
book-protocol test (`models.train`) and the replay's handbook report
(`benchmarks.replay_handbook`), so that the two can never disagree.
"""
from __future__ import annotations

import numpy as np

__all__ = ["card_precision_top_k"]


def card_precision_top_k(day: np.ndarray, customer: np.ndarray, score: np.ndarray, label: np.ndarray,
                         k: int = 100) -> tuple[float, list[float]]:
    """Mean CP@k over the days present, and the per-day values: per day, each
    card's (customer's) highest score and label, the share of compromised cards
    among the top k. A card flagged with a fraud in an earlier day's top k is
    dropped from later days (the bank has blocked it): counting it again would
    credit the model for the same detection every day. Customer ids of any
    dtype."""
    detected: set = set()
    per_day: list[float] = []
    for d in np.unique(day):
        m = day == d
        c, s, y = customer[m], score[m], label[m]
        if detected:
            keep = ~np.isin(c, list(detected))
            c, s, y = c[keep], s[keep], y[keep]
        if len(c) == 0:
            per_day.append(0.0)
            continue
        cards, inv = np.unique(c, return_inverse=True)
        best = np.full(len(cards), -np.inf)
        np.fmax.at(best, inv, s)    # a NaN score hides no card's real one (pandas' max skips NaN)
        lab = np.zeros(len(cards), dtype=np.int64)
        np.maximum.at(lab, inv, y.astype(np.int64))
        top = np.argsort(-best, kind="stable")[:k]
        hits = cards[top][lab[top] == 1]
        per_day.append(len(hits) / k)
        detected.update(hits.tolist())
    return (float(np.mean(per_day)) if per_day else 0.0), per_day
