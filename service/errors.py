"""The one error shape of the wire contract, and the exception that carries it.

Every failure a client can see is an `ApiError`, rendered as
`{"error": {"code", "message", "field"}}`, so gateways parse one format only.
"""
from __future__ import annotations

import msgspec


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field

    def body(self) -> bytes:
        return error_body(self.code, self.message, self.field)


def error_body(code: str, message: str, field: str | None = None) -> bytes:
    return msgspec.json.encode({"error": {"code": code, "message": message, "field": field}})


# The codes by HTTP status, so that errors raised by the framework itself
# (unknown route, wrong method) get the same vocabulary as ours.
STATUS_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_requests",
    500: "internal_error",
    503: "not_ready",
}
