"""The shipped Prometheus rules parse, fire when they should and stay quiet otherwise."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parent.parent / "deploy" / "prometheus"


def _promtool() -> str:
    path = shutil.which("promtool")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("promtool (Debian package prometheus) is required in CI")
        pytest.skip("promtool not installed (Debian package prometheus)")
    return path


def test_rules_are_valid() -> None:
    out = subprocess.run([_promtool(), "check", "rules", "riskgate-rules.yml"], cwd=RULES, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr


def test_rules_unit_tests_pass() -> None:
    out = subprocess.run([_promtool(), "test", "rules", "riskgate-rules.test.yml"], cwd=RULES, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr


def test_rules_only_use_metrics_the_service_exports() -> None:
    import re

    from service import metrics

    exposed = metrics.exposition().decode()
    text = (RULES / "riskgate-rules.yml").read_text()
    used = set(re.findall(r"riskgate_[a-z_]+", text))
    assert used, "the rules name riskgate metrics"
    for name in used:
        assert name in exposed, f"{name} is used by the rules but not exported"


def test_dashboard_queries_only_known_series() -> None:
    """Every series a dashboard panel plots is exported by the service or
    recorded by the shipped rules, so no panel stays empty by a typo."""
    import json
    import re

    from service import metrics

    dash = json.loads((RULES.parent / "grafana" / "riskgate-dashboard.json").read_text())
    recorded = set(re.findall(r"record: (riskgate:[a-z_0-9:]+)", (RULES / "riskgate-rules.yml").read_text()))
    exposed = metrics.exposition().decode()
    exprs = [t["expr"] for p in dash["panels"] for t in p["targets"]]
    assert len(exprs) >= 10
    for expr in exprs:
        for name in re.findall(r"riskgate[:_][a-z_0-9:]+", expr):
            assert name in recorded or name in exposed, f"{name} in a dashboard panel is neither recorded nor exported"
