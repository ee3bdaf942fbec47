"""Smoothed familiarity of a hierarchical attribute: the per-attribute log
likelihood ratio log p(value | attacker) - log p(value | this customer) of
Freeman et al. (NDSS 2016), with hierarchical back-off (IP -> /24 -> /16 ->
ASN -> country; device -> UA family -> OS; city -> country).

Walk from the coarsest level to the finest. At each level, given that the
customer knows the parent value with decayed weight W:
  p(new value | customer) = r + (1 - r) * alpha / (W + alpha)
where r is how often established genuine customers show a new value at this
level (learned from the population) and alpha/(W+alpha) is the doubt of a
short history. A known value has p = (1 - p_new) * share + p_new * c, where
c is the attacker's chance of this value given the parent (population
frequency, or a constant for hashed values). Once a level is new to the
customer, the finer levels carry no further evidence (both models fall back
to the same conditional), so the walk stops there. With no history at all
every factor is 1: a blank profile makes nothing look new or safe.
"""
from __future__ import annotations

from math import log

from features.profile import UNIT, Entry, Table

NO_LEVEL = -1


def chain_llr(
    tables: tuple[Table, ...],
    keys: tuple[int | None, ...],
    cond: tuple[float, ...],
    rates: tuple[float, ...],
    now: int,
    hl_min: float,
    alpha: float,
) -> tuple[float, int, int]:
    """Returns (log-LR, index of the first level new to the customer or
    NO_LEVEL, minute first seen of the finest known value or -1). Levels whose
    key is None (attribute not sent) are skipped, not counted as new. Decay
    (`profile.decayed`) and lookup (`profile.find`) are written out here, and
    the four tuples are walked together: this runs three times per payment."""
    llr = 0.0
    parent_w = -1.0
    first = -1
    i = -1
    for k, tab, c, r in zip(keys, tables, cond, rates):
        i += 1
        if k is None:
            continue
        if parent_w < 0.0:
            dt = now - tab.t
            parent_w = (tab.w if dt <= 0 else tab.w * 2.0 ** (-dt / hl_min)) / UNIT
        p_new = r + (1.0 - r) * alpha / (parent_w + alpha)
        for e in tab.e:
            if e.k == k:
                break
        else:
            return llr - log(p_new), i, first
        dt = now - e.t
        w = (e.w if dt <= 0 else e.w * 2.0 ** (-dt / hl_min)) / UNIT
        share = w / parent_w if parent_w > w else 1.0
        llr += log(c / ((1.0 - p_new) * share + p_new * c))
        parent_w = w
        first = e.f
    return llr, NO_LEVEL, first


def level_llr(tab: Table, e: Entry | None, cond: float, rate: float, now: int, hl_min: float, alpha: float) -> float:
    """`chain_llr` of a one-level chain whose entry (`e`, None when the value is
    new to the customer) the caller has already looked up: the payee table is
    the largest, so it is scanned once, not twice."""
    dt = now - tab.t
    parent_w = (tab.w if dt <= 0 else tab.w * 2.0 ** (-dt / hl_min)) / UNIT
    p_new = rate + (1.0 - rate) * alpha / (parent_w + alpha)
    if e is None:
        return -log(p_new)
    dt = now - e.t
    w = (e.w if dt <= 0 else e.w * 2.0 ** (-dt / hl_min)) / UNIT
    share = w / parent_w if parent_w > w else 1.0
    return log(cond / ((1.0 - p_new) * share + p_new * cond))
