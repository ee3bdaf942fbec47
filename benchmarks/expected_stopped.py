"""Fraud amount stopped *in expectation*, from a replay's decisions.csv.gz:
each fraud payment's level and its scenario's attacker pass probabilities
(`replay_gateway.attacker_pass_for`) instead of the replay's random draws.

Why beside the replay's own figure: two runs whose levels differ on a handful
of fraud payments draw their challenges differently, and the drawn figure moves
by a point or two on the few hundred frauds of a world; the expectation moves
only by what the levels changed. Computed over every scored row (warm-up
included), per scenario and overall.

    python -m benchmarks.expected_stopped RUN_DIR [RUN_DIR ...]
"""
from __future__ import annotations

import csv
import gzip
import os
import sys
from collections import Counter

from benchmarks.replay_gateway import attacker_pass_for


def expected_stopped(path: str) -> dict[str, float]:
    """{scenario or "ALL": expected share of the fraud amount stopped}."""
    total: Counter[str] = Counter()
    stopped: Counter[str] = Counter()
    with gzip.open(path, "rt", newline="") as f:
        for r in csv.DictReader(f):
            if r["is_fraud"] != "1":
                continue
            amount = float(r["amount_policy_currency"])
            level = int(r["level"])
            passes = 0.0 if level >= 4 else attacker_pass_for(r["scenario"] or None)[level]
            for k in (r["scenario"] or "unnamed", "ALL"):
                total[k] += amount
                stopped[k] += amount * (1.0 - passes)
    return {k: stopped[k] / total[k] for k in total if total[k] > 0}


def main(argv: list[str] | None = None) -> None:
    dirs = argv if argv is not None else sys.argv[1:]
    if not dirs or dirs[0] in ("-h", "--help"):
        print(__doc__)
        return
    runs = [expected_stopped(os.path.join(d, "decisions.csv.gz")) for d in dirs]
    keys = sorted({k for r in runs for k in r}, key=lambda k: (k != "ALL", k))
    for k in keys:
        print(f"{k:32s}" + "".join(f" {r[k] * 100:7.1f} %" if k in r else "       -  " for r in runs))


if __name__ == "__main__":
    main()
