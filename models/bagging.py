"""Balanced bagging of gradient-boosted trees, exported as one tree ensemble.

At a fraud rate of ~0.5 % one boosted model spends most of its splits on the
genuine majority and its ranking of the frauds depends on which genuine
payments it happened to fit. Balanced bagging (the handbook's best AUC,
Le Borgne et al. 2022, ch. 6) fits several models, each on every known fraud
and a different random sample of genuine payments, and averages their
log-odds: the variance of the ranking falls and each model sees the rare
class at a useful proportion. The average of K boosted models is itself a sum
of trees (every leaf value and the baseline scaled by 1/K), so the service
scores it with the same exported format and code as a single model.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from models.export import Tree, TreeEnsemble, export_hgb

__all__ = ["BaggedTrees", "fit_bagged", "merge_ensembles", "balanced_sample"]


def balanced_sample(y: np.ndarray, neg_ratio: float, rng: np.random.Generator) -> np.ndarray:
    """Row indices: every positive and `neg_ratio` negatives per positive,
    drawn without replacement (all negatives if there are fewer, or if
    `neg_ratio` <= 0), in their original order."""
    pos = np.flatnonzero(y == 1)
    neg = np.flatnonzero(y != 1)
    if neg_ratio <= 0 or len(pos) == 0:
        return np.arange(len(y))
    n = min(len(neg), int(round(neg_ratio * len(pos))))
    return np.sort(np.concatenate([pos, rng.choice(neg, n, replace=False)]))


@dataclass(slots=True)
class BaggedTrees:
    """K fitted binary classifiers whose log-odds are averaged; exposes the
    two methods the training CLI uses of a scikit-learn classifier."""

    models: list[Any] = field(default_factory=list)

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        return np.mean([m.decision_function(X) for m in self.models], axis=0)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - p, p])


def fit_bagged(X: np.ndarray, y: np.ndarray, bags: int, neg_ratio: float, seed: int,
               fit: Callable[[np.ndarray, np.ndarray, int], Any]) -> BaggedTrees:
    """Fit `bags` models with `fit(X, y, seed)`, each on a balanced sample
    (`balanced_sample`); the samples and the model seeds follow from `seed`."""
    rng = np.random.default_rng(seed)
    out = BaggedTrees()
    for b in range(bags):
        idx = balanced_sample(y, neg_ratio, rng)
        out.models.append(fit(X[idx], y[idx], seed + b))
    return out


def merge_ensembles(ensembles: list[TreeEnsemble]) -> TreeEnsemble:
    """One ensemble whose raw score is the mean of the given ones' raw scores:
    baselines averaged, every leaf value scaled by 1/K, trees concatenated."""
    if not ensembles:
        raise ValueError("nothing to merge")
    if len({e.n_features for e in ensembles}) != 1:
        raise ValueError("ensembles over different feature counts")
    if len(ensembles) == 1:
        return ensembles[0]
    k = float(len(ensembles))
    trees = [Tree(feature=list(t.feature), threshold=list(t.threshold), left=list(t.left), right=list(t.right),
                  value=[v / k for v in t.value], missing_left=list(t.missing_left))
             for e in ensembles for t in e.trees]
    return TreeEnsemble(baseline=sum(e.baseline for e in ensembles) / k, trees=trees,
                        n_features=ensembles[0].n_features)


def export_any(clf: Any) -> TreeEnsemble:
    """`export_hgb` for one classifier, `merge_ensembles` of the members for a bag."""
    if isinstance(clf, BaggedTrees):
        return merge_ensembles([export_hgb(m) for m in clf.models])
    return export_hgb(clf)
