"""The service's side of local refits: the maintenance round fits in a worker
thread and swaps the model in on the event loop, the metrics say what
happened, and a restart answers with the adopted model."""
from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

from features.extract import FEATURE_NAMES
from models.local_refit import EXAMPLES_PER_PART, RefitConfig
from service import app as app_module
from service import metrics
from service.config import Settings
from service.runtime import Runtime
from service.store.blob_parts import get_parts

N = len(FEATURE_NAMES)
DAY = 86400.0
T0 = 1_700_000_000.0
SIGNAL = FEATURE_NAMES.index("log_amount")
SMALL = RefitConfig(every_days=1.0, min_new_pos=5, min_pos=60, min_neg=200, min_val_pos=15,
                    max_iter=30, min_samples_leaf=5, sample_rate=1.0)


def _feed(rt: Runtime, days: int) -> None:
    """Labelled history straight into the model (the engine's feedback path is
    tested elsewhere): 60 completed payments and 4 reports a day."""
    model = rt.engine.model
    rng = np.random.default_rng(0)
    for day in range(days):
        for i in range(60):
            v = rng.normal(0, 1, N).tolist()
            model.observe_scored(v, T0 + day * DAY + i * 600.0, f"g{day}-{i}")
        for i in range(4):
            v = rng.normal(0, 1, N).tolist()
            v[SIGNAL] = rng.normal(3.0, 1.0)
            paid = T0 + day * DAY + i * 3000.0
            model.learn_one(v, True, ts=paid + 2 * DAY, customer_id=f"f{day}-{i}", paid_ts=paid)
    rt.engine.max_ts = T0 + days * DAY


def _maintain_until(rt: Runtime, done: Callable[[], bool]) -> int:
    """Run the service's maintenance rounds on an event loop until `done()`;
    returns the loop's thread id."""
    async def rounds() -> int:
        task = asyncio.create_task(app_module._maintenance(rt, asyncio.Event()))
        while not done():
            await asyncio.sleep(0.01)
        task.cancel()
        return threading.get_ident()

    return asyncio.run(rounds())


def test_maintenance_fits_off_the_loop_adopts_on_it_and_a_restart_keeps_it(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings.from_env({"RISKGATE_DATA_DIR": str(tmp_path)})
    rt = Runtime(settings)
    rt.start()
    rt.engine.model.local.cfg = SMALL
    assert rt.refit_prepare() is None                     # nothing learned yet
    _feed(rt, 40)
    seen: dict[str, int] = {}
    fit, adopt = rt.refit_fit, rt.refit_adopt
    monkeypatch.setattr(rt, "refit_fit", lambda prep: (seen.__setitem__("fit", threading.get_ident()), fit(prep))[1])
    monkeypatch.setattr(rt, "refit_adopt", lambda res: (seen.__setitem__("adopt", threading.get_ident()), adopt(res))[1])
    monkeypatch.setattr(app_module, "MAINTENANCE_INTERVAL_S", 0.01)
    before = metrics.local_refits.labels("adopted")._value.get()

    try:
        loop_thread = _maintain_until(rt, lambda: "adopt" in seen)
        assert seen["fit"] != loop_thread and seen["adopt"] == loop_thread
        model = rt.engine.model
        assert model.local.active and model.model_version.endswith("+lm1")
        assert metrics.local_refits.labels("adopted")._value.get() == before + 1
        assert rt.model_version == model.model_version   # what /readyz answers follows the model
        view = rt.model_view()                 # what GET /v1/model answers
        local = view["local_refit"]
        assert local["active"] and local["adopted"] == 1 and local["attempts"][-1]["reason"] == "adopted"
        assert local["attempts"][-1]["auc_previous"] is None        # NaN made JSON-safe
        assert view["model_version"] == model.model_version
        import json
        json.dumps(view, allow_nan=False)
        risky = [0.0] * N
        risky[SIGNAL] = 3.0
        p = model.predict_values(risky)
        version = model.model_version
        held = (list(model.local.pos), list(model.local.neg))
    finally:
        rt.stop()
    assert len(held[1]) > EXAMPLES_PER_PART              # written in several parts (service/store/blob_parts.py)
    again = Runtime(settings)
    again.start()
    try:
        assert again.engine.model.local.active
        assert again.engine.model.model_version == version
        assert again.engine.model.predict_values(risky) == p
        assert (again.engine.model.local.pos, again.engine.model.local.neg) == held
        parts = get_parts(again.engine.store, "local_model") or []
        assert len(parts) == 1 + sum(-(-len(x) // EXAMPLES_PER_PART) for x in held)   # the head, then the examples
    finally:
        again.stop()


def test_the_switch_keeps_the_service_on_the_offline_model(tmp_path: Path) -> None:
    rt = Runtime(Settings.from_env({"RISKGATE_DATA_DIR": str(tmp_path), "RISKGATE_LOCAL_REFIT": "0"}))
    rt.start()
    try:
        _feed(rt, 40)
        assert rt.refit_prepare() is None
        assert not rt.engine.model.local.pos and not rt.engine.model.local.neg
    finally:
        rt.stop()


def test_a_failing_fit_leaves_the_answer_and_the_snapshots_alone(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    rt = Runtime(Settings.from_env({"RISKGATE_DATA_DIR": str(tmp_path)}))
    rt.start()
    rt.engine.model.local.cfg = SMALL
    _feed(rt, 40)
    seen: dict[str, int] = {"rounds": 0}

    def broken(prep: object) -> None:
        raise MemoryError("no room for the trees")

    monkeypatch.setattr(rt, "refit_fit", broken)
    monkeypatch.setattr(rt, "purge", lambda: seen.__setitem__("rounds", seen["rounds"] + 1))
    monkeypatch.setattr(rt, "refresh_gauges", lambda: seen.setdefault("gauges", seen["rounds"]))
    monkeypatch.setattr(app_module, "MAINTENANCE_INTERVAL_S", 0.01)
    version = rt.engine.model.model_version

    try:
        _maintain_until(rt, lambda: "gauges" in seen)
        assert not rt.engine.model.local.active and rt.engine.model.model_version == version
        assert seen["gauges"] == 1                  # the failing round itself went on to the snapshots
        assert rt.engine.store.get_blob("local_model") is not None
    finally:
        rt.stop()


def test_the_event_loop_waits_at_most_a_millisecond_for_the_gil_behind_a_background_thread(tmp_path: Path) -> None:
    """The local state's write, in parts, and the purges run in threads; the
    service shortens Python's 5 ms switch interval so that the loop's thread
    gets the GIL back quickly (service/runtime.py, SWITCH_INTERVAL_S)."""
    import sys

    from service.runtime import SWITCH_INTERVAL_S

    before = sys.getswitchinterval()
    rt = Runtime(Settings.from_env({"RISKGATE_DATA_DIR": str(tmp_path)}))
    try:
        rt.start()
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S) and SWITCH_INTERVAL_S < 0.005
    finally:
        rt.stop()
        sys.setswitchinterval(before)
