"""The two per-payment routes answered straight from the ASGI scope.

`POST /v1/score` and `POST /v1/feedback` carry nearly all traffic. Under load,
py-spy put ~20 % of a worker's CPU in the framework between uvicorn and the
route function: FastAPI's and Starlette's middleware chain (error, telemetry,
body-limit and exception middlewares, the exit stack), routing, and the
`Request`/`Response` objects, none of which these routes use. `RiskgateAPI`
therefore checks the method and path first and hands the two hot routes to
`serve`, which does only what the routes need: the bearer key, a bounded body
read, the handler, and the same JSON error shapes, error metrics and logging
as the framework path. Everything else (other routes, other methods on these
paths, lifespan, `/openapi.json`) goes through FastAPI unchanged, and the
FastAPI registrations of the two routes remain, both for the OpenAPI document
and as the fallback should the front door be bypassed.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from time import perf_counter
from typing import Any, Awaitable, Callable

from fastapi import FastAPI

from . import metrics
from .commit_batch import CommitBatcher
from .errors import ApiError, error_body

__all__ = ["REPLAYED_HEADER", "HotRoute", "Reply", "RiskgateAPI", "TooLarge", "check_declared", "serve", "read_body",
           "split_reply"]

log = logging.getLogger("riskgate.app")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

_JSON = (b"content-type", b"application/json")
_WWW_AUTH = (b"www-authenticate", b"Bearer")
# On a 200 from /v1/score that is the stored answer to an earlier request with the same
# transaction_id (a retry), not a new decision: a replay against a service whose store
# already holds the file's payments can tell its figures are the stored ones.
REPLAYED_HEADER = ("idempotent-replayed", "true")

# What a route's handler answers: (status, JSON bytes), or (status, JSON bytes,
# extra headers as (name, value) str pairs) when the answer says more than its body.
Reply = tuple[Any, ...]


def count_replayed(extra: tuple[tuple[str, str], ...]) -> None:
    """`riskgate_idempotent_total{outcome="replayed"}`: counted once per answer sent
    with REPLAYED_HEADER, not where the engine found the stored answer (a retry
    answered from a group commit that another worker's commit then voided is
    answered again, and was counted twice)."""
    if REPLAYED_HEADER in extra:
        metrics.idempotent.labels("replayed").inc()


def split_reply(reply: Reply) -> tuple[int, bytes, tuple[tuple[str, str], ...]]:
    """A handler's reply as status, body and its extra headers (none for a 2-tuple)."""
    return reply[0], reply[1], (reply[2] if len(reply) > 2 else ())


@dataclass(frozen=True, slots=True)
class HotRoute:
    """`authorize` sees the Authorization header before any body is read;
    `handle` turns the body into (status, JSON bytes). Both raise `ApiError`
    for the client's mistakes. With `batch`, the store writes of `handle` are
    committed together with those of the other requests of the same turn of
    the event loop (service/commit_batch.py), and the answer waits for that
    commit; `lost` gives the answer instead when the writes did not commit."""

    endpoint: str                                  # label of riskgate_request_errors_total
    authorize: Callable[[str | None], None]
    handle: Callable[[bytes], Reply]
    batch: CommitBatcher | None = None
    lost: Callable[[bytes, BaseException, Reply], Reply | None] | None = None


class TooLarge(ApiError):
    def __init__(self, limit: int) -> None:
        super().__init__(413, "payload_too_large", f"the body is larger than {limit} bytes")


def check_declared(declared: str | bytes | None, limit: int) -> None:
    """Refuse a body whose Content-Length already says it is too large, before
    reading any of it."""
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge(limit)


async def read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None when the client went away. Stops reading as
    soon as `limit` is passed, whatever Content-Length claimed."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise TooLarge(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def serve(route: HotRoute, limit: int, scope: Scope, receive: Receive, send: Send) -> None:
    headers: list[tuple[bytes, bytes]] = [_JSON]
    try:
        auth: str | None = None
        declared: bytes | None = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                if auth is None:
                    auth = value.decode("latin-1")
            elif name == b"content-length":
                declared = value
        route.authorize(auth)
        check_declared(declared, limit)
        body = await read_body(receive, limit)
        if body is None:
            return
        t0 = perf_counter()
        if route.batch is None:
            reply = route.handle(body)
        else:
            reply = await route.batch.run(route.handle, route.lost, body)
        timed = metrics.request_children.get(route.endpoint)
        if timed is not None:     # answered, the commit it waited for included (a review)
            timed.observe(perf_counter() - t0)
        status, payload, extra = split_reply(reply)
        if extra:
            count_replayed(extra)
            headers.extend((k.encode("latin-1"), v.encode("latin-1")) for k, v in extra)
    except ApiError as exc:
        metrics.errors.labels(route.endpoint, str(exc.status)).inc()
        status, payload = exc.status, error_body(exc.code, exc.message, exc.field)
        if status == 401:
            headers.append(_WWW_AUTH)
    except Exception:
        log.exception("unexpected error")
        metrics.errors.labels(route.endpoint, "500").inc()
        status, payload = 500, error_body("internal_error", "an unexpected error occurred; it has been logged")
    headers.append((b"content-length", str(len(payload)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


class RiskgateAPI(FastAPI):
    """FastAPI with a front door for the hot routes (see the module doc)."""

    hot_routes: dict[str, HotRoute] = {}
    hot_body_limit: int = 65536

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:  # type: ignore[override]
        if scope["type"] == "http" and scope["method"] == "POST":
            route = self.hot_routes.get(scope["path"])
            if route is not None:
                await serve(route, self.hot_body_limit, scope, receive, send)
                return
        await super().__call__(scope, receive, send)  # type: ignore[arg-type]
