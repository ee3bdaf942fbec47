"""One line an event (README, "Install and run"): a traceback logged with its
event stays on that event's line (a black-box check found 44 traceback lines
after an 'unexpected error')."""
from __future__ import annotations

import io
import logging
import re

from service.workers import LOG_FORMAT, UtcFormatter

STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"


def test_an_exception_and_a_multi_line_message_stay_on_one_line() -> None:
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(UtcFormatter(LOG_FORMAT))
    log = logging.getLogger("riskgate.test-format")
    log.addHandler(handler)
    log.propagate = False
    try:
        try:
            raise ZeroDivisionError("division by zero")
        except ZeroDivisionError:
            log.exception("unexpected error\nwhile testing")
        log.warning("plain", stack_info=True)
    finally:
        log.removeHandler(handler)
    lines = buf.getvalue().splitlines()
    assert len(lines) == 2, lines
    assert re.match(rf"{STAMP} ERROR riskgate\.test-format \[\d+\]: unexpected error \| while testing \| Traceback "
                    r"\(most recent call last\): \| .*ZeroDivisionError: division by zero$", lines[0]), lines[0]
    assert re.match(rf"{STAMP} WARNING riskgate\.test-format \[\d+\]: plain \| Stack \(most recent call last\)",
                    lines[1]), lines[1]
