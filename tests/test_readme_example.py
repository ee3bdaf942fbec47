"""The README's score and feedback example is this build's real answer.

The README shows a request and the JSON it gets back; a retrained artefact or a
policy change silently turns that into fiction. This test sends the README's
own request bodies (parsed out of the README, not copied here) to a service on
an empty data dir and compares every field with the README's JSON.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings

README = Path(__file__).resolve().parent.parent / "README.md"


def _section() -> str:
    text = README.read_text()
    start = text.index("## A score call")
    return text[start:text.index("\n## ", start + 1)]


def _score_body(section: str) -> dict[str, Any]:
    m = re.search(r"-d '(\{.*?\})'", section, re.S)
    assert m, "README has no score request body"
    return json.loads(m.group(1))


def _feedback_body(section: str) -> dict[str, Any]:
    bodies = re.findall(r"-d '(\{.*?\})'", section, re.S)
    assert len(bodies) >= 2, "README has no feedback request body"
    return json.loads(bodies[1])


def _documented_answer(section: str) -> dict[str, Any]:
    m = re.search(r"```json\n(.*?)```", section, re.S)
    assert m, "README has no JSON answer block"
    return json.loads(m.group(1))


def test_readme_score_example_is_the_real_answer(tmp_path: Path) -> None:
    section = _section()
    settings = Settings(api_keys=("dev-key",), admin_keys=("admin-key",), data_dir=str(tmp_path))
    with TestClient(create_app(settings)) as client:
        r = client.post("/v1/score", json=_score_body(section), headers={"Authorization": "Bearer dev-key"})
        assert r.status_code == 200, r.text
        got = r.json()
        want = _documented_answer(section)
        assert got == want, f"README's answer is stale; this build answers:\n{json.dumps(got)}"

        fb = client.post("/v1/feedback", json=_feedback_body(section), headers={"Authorization": "Bearer dev-key"})
        assert fb.status_code == 202, fb.text
        documented = re.search(r'\n(\{"transaction_id":"tx-000123","status".*?\})\n', section)
        assert documented, "README has no feedback answer"
        assert fb.json() == json.loads(documented.group(1))
