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


def _dashboard_targets() -> list[tuple[dict, dict, str]]:
    """(panel, target, effective unit) for every query of the dashboard: the panel's
    default unit, or the unit an override by the query's refId gives it."""
    import json

    dash = json.loads((RULES.parent / "grafana" / "riskgate-dashboard.json").read_text())
    out = []
    for p in dash["panels"]:
        default = p["fieldConfig"]["defaults"].get("unit", "short")
        by_ref = {}
        for o in p["fieldConfig"].get("overrides", []):
            assert o["matcher"]["id"] == "byFrameRefID", f"panel {p['id']}: override by {o['matcher']['id']}"
            for prop in o["properties"]:
                if prop["id"] == "unit":
                    by_ref[o["matcher"]["options"]] = prop["value"]
        for t in p["targets"]:
            out.append((p, t, by_ref.get(t["refId"], default)))
    return out


RATE_UNITS = {"reqps", "ops", "rps", "wps", "iops", "cps", "hertz"}
PERCENT_UNITS = {"percent", "percentunit"}


def test_dashboard_units_fit_their_queries() -> None:
    """A per-second rate is not shown as a percentage, a count not as a rate, a EUR
    amount not on a count's axis (the audit found all three in the shipped dashboard)."""
    import re

    for p, t, unit in _dashboard_targets():
        expr, where = t["expr"], f"panel {p['id']} ({p['title']}) query {t['refId']}: {t['expr']} shown as {unit}"
        ratio = " / " in expr or "_share" in expr or re.search(r"riskgate[_:]tra_(fraud|reference)_rate", expr)
        rate = not ratio and "histogram_quantile" not in expr and (
            re.search(r"\b(i?rate)\(", expr) or re.search(r"riskgate:[a-z_]+:rate\d+[smh]$", expr))
        if unit in PERCENT_UNITS:
            assert ratio, where + ": a percentage of what? only ratios and rates of fraud are percentages"
        if rate:
            assert unit in RATE_UNITS, where + ": a per-second rate needs a per-second unit"
        if "increase(" in expr:
            assert unit not in RATE_UNITS | PERCENT_UNITS, where + ": an increase is a count"
        if "_amount_" in expr:
            assert unit.startswith("currency"), where + ": an amount needs its currency unit"
        elif unit.startswith("currency"):
            pytest.fail(where + ": only amounts are currencies")


def test_dashboard_panels_with_two_units_use_two_axes() -> None:
    for p in {id(p): p for p, _, _ in _dashboard_targets()}.values():
        for o in p["fieldConfig"].get("overrides", []):
            props = {prop["id"]: prop["value"] for prop in o["properties"]}
            if "unit" in props and props["unit"] != p["fieldConfig"]["defaults"].get("unit", "short"):
                assert props.get("custom.axisPlacement") in ("left", "right"), \
                    f"panel {p['id']}: series in {props['unit']} need an axis of their own"


def test_dashboard_per_instance_gauges_stay_per_instance() -> None:
    """The store's gauges describe one instance (its map, its workers' commit process):
    summed or maxed over the fleet they count instances or mix maps of other sizes."""
    import re

    per_instance = r"riskgate_store_(commit_process|used_bytes|capacity_bytes)\b"
    for p, t, _ in _dashboard_targets():
        for m in re.finditer(r"\b(sum|max|min|avg|count)\s*(by\s*\(([^)]*)\))?\s*\(\s*" + per_instance, t["expr"]):
            assert m.group(3) and "instance" in m.group(3), \
                f"panel {p['id']} ({p['title']}): {m.group(0)} aggregates a per-instance gauge over the fleet"


def test_every_alert_says_what_to_do_and_has_a_runbook_row() -> None:
    """Each alert names its row of README.md's "Alerts (runbook)" table, and the row exists."""
    import re

    text = (RULES / "riskgate-rules.yml").read_text()
    readme = (RULES.parent.parent / "README.md").read_text()
    table = readme.split("### Alerts (runbook)", 1)[1].split("\n## ", 1)[0]
    alerts = re.findall(r"- alert: (\w+)", text)
    assert len(alerts) >= 11
    blocks = re.split(r"\n      - (?=alert: |record: )", text)
    for name in alerts:
        block = next(b for b in blocks if b.startswith(f"alert: {name}\n"))
        assert f"runbook: 'README.md, \"Metrics\" > \"Alerts (runbook)\": {name}'" in block, name
        assert re.search(r"description: .*\b(check|see|look|read|raise|restart|compare|train|make sure)\b", block,
                         re.I | re.S), f"{name}'s description does not say what to do"
        assert f"| `{name}` |" in table, f"{name} has no row in README's alerts table"


def test_dashboard_legends_name_only_labels_their_series_have() -> None:
    """A review: legends named {{pid}} on gauges whose multiprocess mode (livesum,
    mostrecent, livemax) drops it, so they rendered empty."""
    import json
    import re
    from pathlib import Path

    from service import metrics

    labels = {obj._name: set(obj._labelnames) for obj in vars(metrics).values()
              if hasattr(obj, "_labelnames") and hasattr(obj, "_name")}
    dashboard = Path(__file__).resolve().parents[1] / "deploy" / "grafana" / "riskgate-dashboard.json"
    bad = []

    def walk(o: object) -> None:
        if isinstance(o, dict):
            expr, legend = o.get("expr"), o.get("legendFormat")
            if isinstance(expr, str) and isinstance(legend, str):
                names = re.findall(r"riskgate_[a-z_]+", expr)
                # an aggregation keeps only its own labels; raw selectors keep their series'
                aggregated = re.search(r"\b(sum|min|max|avg|count|topk|quantile)\b\s*(by|without)?\s*(\([^)]*\))?\s*\(",
                                       expr)
                if names and not aggregated:
                    allowed = {"instance", "job"}.union(
                        *(labels.get(re.sub(r"_(bucket|sum|count|total)$", "", n), set()) for n in names))
                    bad.extend((expr, lab) for lab in re.findall(r"{{\s*(\w+)\s*}}", legend) if lab not in allowed)
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)

    walk(json.loads(dashboard.read_text()))
    assert not bad, bad
