"""`features.extract.extract` with its profile part compiled (features/_hotpath.c
`profile_features`) must return what `extract_py` returns, to the last bit:
every feature value, log-LR, flag and piece of evidence of the FeatureSet,
the novelty record (in the same order) and the decoded entities — with the
population and the entities evolving as in the service (payees shared by
customers, recalled payees, floods of new values, missing attributes, cold
starts, fraud reports that link devices and payees)."""
from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from features import extract as ex
from features import profile as prof
from features.attributes import Attributes
from features.config import DEFAULT_CONFIG
from features.extract import extract_py
from features.population import PopulationFrequencies, entity_keys, mark_fraud, observe_entity
from features.profile import learn, new_profile, unlearn
from tests.test_learn_c import CONFIGS, T0, _history

ROOT = Path(__file__).resolve().parents[1]
needs_c = pytest.mark.skipif(not ex.HAVE_C_EXTRACT, reason="features._hotpath not built or switched off")
_ENC = msgspec.msgpack.Encoder()


def test_compiled_extract_where_learn_is_compiled() -> None:
    """Both halves of the hot path are built together (one module)."""
    assert ex.HAVE_C_EXTRACT == prof.HAVE_C_LEARN


def _replay(seed: int, customers: int, cfg: object) -> int:
    """Score-then-learn a shared world; compare both extracts on every payment."""
    rnd = random.Random(seed)
    freq = PopulationFrequencies()
    entities: dict[str, bytes | None] = {}
    hists = [_history(rnd, c) for c in range(customers)]
    # interleave the customers in time, as a gateway sends them
    stream = sorted(((a.ts, c, i) for c, h in enumerate(hists) for i, a in enumerate(h)))
    profiles = [new_profile() for _ in hists]
    n = 0
    for _, c, i in stream:
        a = hists[c][i]
        if c % 3 == 0:
            a.payee_h = hists[(c + 1) % customers][i % len(hists[(c + 1) % customers])].payee_h   # shared payees
        ents = {k: entities.get(k) for k in entity_keys(a)}
        p = profiles[c] if rnd.random() > 0.02 else None       # now and then a customer never seen
        d_py: dict[str, object] = {}
        d_c: dict[str, object] = {}
        fs_py = extract_py(a, p, ents, freq, cfg, d_py)  # type: ignore[arg-type]
        fs_c = ex.extract(a, p, ents, freq, cfg, d_c)  # type: ignore[arg-type]
        assert _ENC.encode(fs_c) == _ENC.encode(fs_py), (seed, c, i)
        assert _ENC.encode(d_c) == _ENC.encode(d_py), (seed, c, i)
        assert list(fs_c.novelty) == list(fs_py.novelty)
        n += 1
        if rnd.random() < 0.9:   # completed
            learn(profiles[c], a, cfg)  # type: ignore[arg-type]
            for k in ents:
                entities[k] = observe_entity(entities.get(k), k, a, bool(fs_py.new_device) if k[0] == "d" else
                                             bool(fs_py.new_payee) if k[0] == "p" else False, True)
            freq.observe(a, fs_py.novelty)
        if rnd.random() < 0.01:   # a fraud report: the entities remember it, the profile unlearns it
            for k in ents:
                entities[k] = mark_fraud(entities.get(k), a.ts + 3600.0, a.ts, customer_id=a.customer_id)
            unlearn(profiles[c], a, cfg)  # type: ignore[arg-type]
            freq.observe_fraud(a)
    return n


@needs_c
@pytest.mark.parametrize("seed", range(6))
def test_same_features_as_python(seed: int) -> None:
    assert _replay(seed, 8, CONFIGS[seed % len(CONFIGS)]) > 500


@needs_c
def test_bad_objects_raise_not_crash() -> None:
    freq = PopulationFrequencies()
    a = Attributes(customer_id="c", ts=T0, amount=10.0, how=1)
    with pytest.raises(TypeError):
        ex.extract(a, object(), {}, freq)  # type: ignore[arg-type]
    p = new_profile()
    p.amt_w = "x"  # type: ignore[assignment]
    with pytest.raises(TypeError):
        ex.extract(a, p, {}, freq)
    p = new_profile()
    p.win = [1, 2]
    with pytest.raises(IndexError):
        ex.extract(a, p, {}, freq)
    with pytest.raises(TypeError):
        ex._profile_features(new_profile(), a)  # type: ignore[misc]
    p = new_profile()
    del p.payee   # a struct with a field deleted: an exception, not a crash
    with pytest.raises((TypeError, AttributeError)):
        ex.extract(a, p, {}, freq)
    p = new_profile()
    del p.centres
    with pytest.raises((TypeError, AttributeError)):
        learn(p, Attributes(customer_id="c", ts=T0, amount=10.0, how=1, lat=1.0, lon=2.0))


@needs_c
def test_default_config_matches() -> None:
    assert _replay(11, 4, DEFAULT_CONFIG) > 100


def test_pure_python_switch_covers_extract() -> None:
    code = "import features.extract as e; print(e.extract is e.extract_py, e.HAVE_C_EXTRACT)"
    env = {**os.environ, prof.PURE_PYTHON_ENV: "1", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


@needs_c
def test_a_stale_build_falls_back_to_python_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """A `_hotpath` built from older code that refuses today's layout must not
    stop the service from starting: the Python definitions run instead."""
    from features import _hotpath

    def refuse(names: object) -> None:
        raise ValueError("FEATURE_NAMES has no payee_recalled")

    monkeypatch.setattr(_hotpath, "setup_extract", refuse)
    with pytest.warns(RuntimeWarning, match="pip install -e"):
        assert ex._compiled_profile_features() is None
