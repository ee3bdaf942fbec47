"""Buffered draws from one seeded numpy Generator.

The generator makes millions of scalar draws; numpy's per-call overhead
(~1 µs) would dominate, so uniforms and normals are drawn in blocks and
handed out as plain floats. One stream, consumed in a fixed order, is what
makes the same seed give byte-identical output.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from typing import TypeVar

import numpy as np

T = TypeVar("T")
_BLOCK = 1 << 16


class Rand:
    """Scalar draws (uniform, normal and derived) from a seeded numpy Generator."""

    __slots__ = ("_rng", "_u", "_ui", "_n", "_ni")

    def __init__(self, seed: int) -> None:
        self._rng = np.random.Generator(np.random.PCG64(seed))
        self._u: list[float] = []
        self._ui = 0
        self._n: list[float] = []
        self._ni = 0

    def u(self) -> float:
        """Uniform in [0, 1)."""
        i = self._ui
        if i >= len(self._u):
            self._u = self._rng.random(_BLOCK).tolist()
            i = 0
        self._ui = i + 1
        return self._u[i]

    def normal(self, mean: float = 0.0, sd: float = 1.0) -> float:
        i = self._ni
        if i >= len(self._n):
            self._n = self._rng.standard_normal(_BLOCK).tolist()
            i = 0
        self._ni = i + 1
        return mean + sd * self._n[i]

    def lognormal(self, median: float, sigma: float) -> float:
        return median * math.exp(sigma * self.normal())

    def uniform(self, lo: float, hi: float) -> float:
        return lo + (hi - lo) * self.u()

    def below(self, n: int) -> int:
        """Integer in [0, n)."""
        return int(self.u() * n)

    def between(self, lo: int, hi: int) -> int:
        """Integer in [lo, hi] inclusive."""
        return lo + int(self.u() * (hi - lo + 1))

    def chance(self, p: float) -> bool:
        return self.u() < p

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.u() * len(seq))]

    def pick_cum(self, seq: Sequence[T], cum: Sequence[float]) -> T:
        """Weighted pick; `cum` is the running sum of the weights."""
        return seq[bisect_right(cum, self.u() * cum[-1])]

    def index_cum(self, cum: Sequence[float]) -> int:
        return bisect_right(cum, self.u() * cum[-1])

    def exp(self, mean: float) -> float:
        return -mean * math.log(1.0 - self.u())

    def poisson(self, lam: float) -> int:
        """Knuth's product method for small means, a rounded normal above 30."""
        if lam <= 0.0:
            return 0
        if lam > 30.0:
            return max(0, int(round(self.normal(lam, math.sqrt(lam)))))
        limit = math.exp(-lam)
        k = 0
        p = self.u()
        while p > limit:
            k += 1
            p *= self.u()
        return k

    def geometric_days(self, mean: float) -> int:
        """Whole days until the next event of a process with this mean gap (>= 1)."""
        return 1 + int(self.exp(mean))


def cumulative(weights: Sequence[float]) -> list[float]:
    out: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


class IdMaker:
    """Unique ids that look random: an affine permutation of a counter.

    Sequential ids would let a scorer read a payee's or device's age off its
    name; a bijection mod 10**k keeps them unique without a lookup set.
    """

    __slots__ = ("_prefix", "_n", "_mult", "_salt", "_mod", "_hex", "_digits")

    def __init__(self, prefix: str, salt: int, digits: int = 8, hex_digits: int = 0) -> None:
        self._prefix = prefix
        self._n = 0
        if hex_digits:
            self._mod = 16 ** hex_digits
            self._mult = 0x9E3779B97F4B & (self._mod - 1) | 1
            self._hex = hex_digits
        else:
            self._mod = 10 ** digits
            self._mult = 2654435761  # odd and not a multiple of 5: invertible mod 10**k
            self._hex = 0
        self._salt = salt % self._mod
        self._digits = digits

    def next(self) -> str:
        n = self._n
        self._n = n + 1
        v = (n * self._mult + self._salt) % self._mod
        if self._hex:
            return f"{self._prefix}{v:0{self._hex}x}"
        return f"{self._prefix}{v:0{self._digits}d}"
