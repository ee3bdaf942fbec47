"""Environment variables: every one riskgate reads is known, so that a misspelled
one is named at start-up instead of silently ignored (an operations audit set
RISKGATE_RETENTON_DAYS=5 and nothing said so), and the pure-Python switch is
checked like the other switches (RISKGATE_PURE_PYTHON=maybe switched it on)."""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest

from service.config import KNOWN_ENV, Settings, unknown_settings

ROOT = Path(__file__).resolve().parent.parent


def test_every_variable_the_code_reads_is_known() -> None:
    found: set[str] = set()
    for pkg in ("service", "features", "models", "benchmarks"):
        for path in (ROOT / pkg).rglob("*.py"):
            found |= set(re.findall(r"\bRISKGATE_[A-Z0-9_]*[A-Z0-9]\b", path.read_text()))
    assert found, "the scan found nothing"
    assert found - KNOWN_ENV == set()


def test_a_misspelled_variable_is_named_with_the_one_it_likely_meant() -> None:
    env = {"RISKGATE_RETENTON_DAYS": "5", "RISKGATE_API_KEYS": "k", "RISKGATE_SOMETHING_ELSE": "1", "HOME": "/"}
    lines = unknown_settings(env)
    assert lines == ["RISKGATE_RETENTON_DAYS is not a riskgate setting and is ignored: did you mean "
                     "RISKGATE_RETENTION_DAYS?", "RISKGATE_SOMETHING_ELSE is not a riskgate setting and is ignored"]


def test_start_up_warns_about_it(monkeypatch: Any, caplog: Any, tmp_path: Path) -> None:
    from service.__main__ import settings_problem

    for name in [n for n in __import__("os").environ if n.startswith("RISKGATE_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("RISKGATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RISKGATE_HASH_KEY", "k1")
    monkeypatch.setenv("RISKGATE_RETENTON_DAYS", "5")
    with caplog.at_level(logging.WARNING, logger="riskgate.supervisor"):
        assert settings_problem() is None
    assert any("RISKGATE_RETENTON_DAYS" in m and "RISKGATE_RETENTION_DAYS" in m for m in caplog.messages)


@pytest.mark.parametrize("value,ok", [("1", True), ("0", True), (" 1 ", True), ("", True), ("maybe", False),
                                      ("yes", False)])
def test_the_pure_python_switch_takes_0_or_1(value: str, ok: bool) -> None:
    env = {"RISKGATE_PURE_PYTHON": value}
    if ok:
        Settings.from_env(env)
    else:
        with pytest.raises(SystemExit, match="RISKGATE_PURE_PYTHON must be one of 0, 1"):
            Settings.from_env(env)
