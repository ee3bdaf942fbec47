"""A/B of the engine handing `extract`'s decoded entities to the transaction's
entity updates (`population.observe_decoded`) against decoding them again:
two engines on memory stores score the same replay file, payment by payment in
alternating order; in B, extract is called without the `decoded` dict, so the
transaction decodes every entity a second time (the code before the reuse).
Same answers either way (tests/test_hot_path_equivalence.py).

    python -m benchmarks.entity_reuse_ab FILE [--payments 40000]
"""
from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

import service.engine as engine_module
from service.parse import parse_score
from service.replay_rows import read_rows
from service.runtime import build_engine
from service.store.memory import MemoryStore


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("--payments", type=int, default=40000)
    args = ap.parse_args()
    bodies = []
    for r in read_rows(args.file):
        if len(bodies) >= args.payments:
            break
        bodies.append(r.body)
    with_reuse, without = build_engine(MemoryStore()), build_engine(MemoryStore())
    real = engine_module.extract

    def no_reuse(*a: Any) -> Any:
        return real(*a[:5])

    t_a: list[float] = []
    t_b: list[float] = []
    try:
        for i, body in enumerate(bodies):
            pair = ((with_reuse, real, t_a), (without, no_reuse, t_b))
            for eng, fn, acc in (pair if i % 2 == 0 else pair[::-1]):
                engine_module.extract = fn  # type: ignore[assignment]
                p = parse_score(body)
                t0 = time.perf_counter_ns()
                eng.score(p)
                acc.append((time.perf_counter_ns() - t0) / 1e3)
    finally:
        engine_module.extract = real
    warm = len(t_a) // 4
    a, b = statistics.median(t_a[warm:]), statistics.median(t_b[warm:])
    print(f"Engine.score median over {len(t_a) - warm} payments (first quarter is warm-up): "
          f"reuse {a:.1f} us, decode again {b:.1f} us, difference {a - b:+.1f} us ({(a - b) / b:+.1%})")


if __name__ == "__main__":
    main()
