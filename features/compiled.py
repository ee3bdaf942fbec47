"""Loading features/' optional C extensions, one rule for all of them.

Each extension computes exactly what its Python definition computes; the
Python stays the reference and the fallback. It is used when it was built
(`pip install -e .`), when `RISKGATE_PURE_PYTHON` does not ask for the Python,
and when its set-up accepts this code's types and constants; a build older
than the code warns and runs the Python rather than fail.
"""
from __future__ import annotations

import importlib
import os
import warnings
from types import ModuleType
from typing import Any, Callable

PURE_PYTHON_ENV = "RISKGATE_PURE_PYTHON"   # as models.export: 1 = the Python definitions, even where compiled


def pure_python() -> bool:
    return os.environ.get(PURE_PYTHON_ENV, "").strip() not in ("", "0")


def load(name: str, setup: Callable[[Any], object], what: str = "") -> ModuleType | None:
    """`features.<name>` once `setup(module)` accepted it, else None (switched
    off, not built, or built from older code: then a warning says so)."""
    if pure_python():
        return None
    try:
        module = importlib.import_module(f"features.{name}")
    except ImportError:
        return None
    try:
        setup(module)
    except (AttributeError, TypeError, ValueError, KeyError, OverflowError, RuntimeError) as exc:
        warnings.warn(f"features.{name}{what} not used ({exc}); run `pip install -e .` again", RuntimeWarning,
                      stacklevel=3)
        return None
    return module
