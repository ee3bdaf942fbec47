"""Shared by the tests of the C extensions."""
from __future__ import annotations

import shlex
import shutil
import sysconfig
from pathlib import Path


def compiler_available() -> bool:
    """A C compiler and Python's headers: where they are, `pip install -e .`
    builds the extensions, and a missing one is a stale install."""
    cc = shlex.split(sysconfig.get_config_var("CC") or "cc")[:1]
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    return bool(cc) and shutil.which(cc[0]) is not None and headers.exists()
