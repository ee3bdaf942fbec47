"""Every reason code an answer can carry is in the README's table: a gateway or an
analyst meeting a code looks it up there (API.md lets codes be added, and each
addition must be documented where people read them)."""
from __future__ import annotations

import re
from pathlib import Path

from features.reasons import REASON_CODES
from models.policy import REASON_CODES_POLICY

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_lists_every_reason_code() -> None:
    text = README.read_text()
    section = text.split("## Reason codes", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([A-Z_]+)` \|", section, flags=re.M))
    assert set(REASON_CODES) | set(REASON_CODES_POLICY) <= listed
