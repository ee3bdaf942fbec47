"""What local refits add to each payment: what the engine calls for a payment
that completes at once, `RiskModel.observe_scored` (the local refits' sample)
and `observe_completed` (the online learner's), with and without local refits
(shipped artefact), alternated round by round in one process so that both see
the same machine load.

    python -m benchmarks.refit_cost [ROUNDS]

The sample starts at 25 % of scored payments (each kept one costs the offline
log-odds and a float32 copy of the vector); the rate halves whenever 30,000 are
held, so at a bank's volume the cost per payment falls.
"""
from __future__ import annotations

import random
import statistics
import sys
import time

from features.extract import FEATURE_NAMES
from models.local_refit import RefitConfig
from models.scorer import RiskModel


def per_payment_us(enabled: bool, vecs: list[list[float]], n: int) -> float:
    model = RiskModel.load(None, refit_cfg=RefitConfig(enabled=enabled))
    t0 = time.perf_counter()
    for i in range(n):
        v, ts, cid = vecs[i % len(vecs)], 1.7e9 + i * 10.0, f"c{i % 5000}"
        model.observe_scored(v, ts, cid)
        model.observe_completed(v, ts, cid)
    return (time.perf_counter() - t0) / n * 1e6


def main(argv: list[str] | None = None) -> int:
    rounds = int((argv if argv is not None else sys.argv[1:] or ["6"])[0])
    rng = random.Random(0)
    vecs = [[rng.gauss(0, 1) for _ in FEATURE_NAMES] for _ in range(2000)]
    runs: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(rounds):
        for enabled in (True, False):
            runs[enabled].append(per_payment_us(enabled, vecs, 20000))
    for enabled, label in ((False, "without local refits"), (True, "with local refits   ")):
        xs = runs[enabled]
        print(f"{label}: observe_scored + observe_completed median {statistics.median(xs):.2f} µs per payment "
              f"(rounds: {', '.join(f'{x:.2f}' for x in xs)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
