"""Shared by the tests of the C extensions."""
from __future__ import annotations

import shlex
import shutil
import sysconfig
from pathlib import Path

import pytest

from features.compiled import pure_python


def compiler_available() -> bool:
    """A C compiler and Python's headers: where they are, `pip install -e .`
    builds the extensions, and a missing one is a stale install."""
    cc = shlex.split(sysconfig.get_config_var("CC") or "cc")[:1]
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    return bool(cc) and shutil.which(cc[0]) is not None and headers.exists()


def require_built(have: bool, module: str) -> None:
    """Where a compiler is, `module` must be built and in use (unless
    RISKGATE_PURE_PYTHON switches the extensions off): a stale install without
    it would silently take the slow path."""
    if not compiler_available():
        pytest.skip("no C compiler or Python headers: the Python definitions are the expected ones")
    if pure_python():
        pytest.skip("RISKGATE_PURE_PYTHON is set for this run")
    assert have, f"{module} is not built: run `pip install -e .` again"
