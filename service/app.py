"""The HTTP API of the wire contract (API.md) on FastAPI.

The scoring and feedback routes read the raw body once and decode it with
msgspec (about 10x cheaper than FastAPI's parameter handling), and are
answered by `RiskgateAPI`'s front door before FastAPI's middleware chain
(`service/hot_routes.py`); their request and response schemas are still
published in `/openapi.json`, injected from the same msgspec structs the
routes decode with, so the document cannot drift from what the code accepts.
"""
from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from typing import Any, AsyncIterator, Mapping

import msgspec
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from . import metrics
from .auth import ADMIN, SCORE, KeyRing
from .commit_batch import CommitBatcher
from .config import Settings
from .engine import Engine, Outcome, ScoreResponse
from .errors import STATUS_CODES, ApiError, error_body
from .hot_routes import (REPLAYED_HEADER, HotRoute, Reply, RiskgateAPI, check_declared, count_replayed, read_body,
                         split_reply)
from .parse import FeedbackRequest, ScoreRequest, check_customer_id, document_rules, parse_feedback, parse_score
from .runtime import Runtime

log = logging.getLogger("riskgate.app")
JSON = "application/json"
#: a customer's profile is not for any cache between the admin and the service
NO_STORE = {"Cache-Control": "no-store"}
MAINTENANCE_INTERVAL_S = 30.0
UNRECORDED_RETRY_S = 1.0
#: how long shutdown waits for a maintenance round already running (a purge, a local-state
#: write: well under a second; a refit's fit can take longer, and its result is not needed):
#: with uvicorn's 10 s drain, inside a container orchestrator's usual 30 s grace period
SHUTDOWN_WAIT_S = 10.0


class ErrorDetail(msgspec.Struct):
    code: str
    message: str
    field: str | None = None


class ErrorResponse(msgspec.Struct):
    error: ErrorDetail


class FeedbackAccepted(msgspec.Struct):
    transaction_id: str
    status: str
    effect: str


def _json_error(status: int, code: str, message: str, field: str | None = None,
                headers: Mapping[str, str] | None = None) -> Response:
    if status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    return Response(error_body(code, message, field), status_code=status, media_type=JSON, headers=headers)


async def _respond(request: Request, route: HotRoute, limit: int) -> Response:
    """The framework path of a hot route (used only when `RiskgateAPI`'s front
    door is bypassed): the same steps and handler as `hot_routes.serve`."""
    route.authorize(request.headers.get("authorization"))
    check_declared(request.headers.get("content-length"), limit)
    body = await read_body(request.receive, limit)
    if body is None:
        raise ClientDisconnect()
    status, payload, extra = split_reply(route.handle(body))
    count_replayed(extra)
    return Response(payload, status_code=status, media_type=JSON, headers=dict(extra) or None)


def create_app(settings: Settings | None = None) -> RiskgateAPI:
    settings = settings or Settings.from_env()
    keys = KeyRing(settings.api_keys, settings.admin_keys)
    runtime = Runtime(settings)
    limit = settings.max_body_bytes

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime.start()
        batcher = None
        if settings.group_commit and hasattr(runtime.store, "deferring"):
            batcher = CommitBatcher(runtime.store, commit_process=settings.commit_process)
            app.hot_routes = {**app.hot_routes, "/v1/score": dataclasses.replace(
                score_route, batch=batcher, lost=score_lost)}
        stop = asyncio.Event()
        tasks = [asyncio.create_task(_maintenance(runtime, stop)), asyncio.create_task(_record_unrecorded(runtime, stop))]
        try:
            yield
        finally:
            # A round's purge or local-state write runs in a thread that cancelling its task
            # does not stop: stopping the runtime under it skipped the final write (the
            # round held its lease) and, on LMDB, closed the store mid-write (a review).
            # The loops end at their next step; a round still running gets a bounded wait.
            stop.set()
            _, late = await asyncio.wait(tasks, timeout=SHUTDOWN_WAIT_S)
            for t in late:
                log.warning("a maintenance round was still running %.0f s after shutdown began; stopping anyway",
                            SHUTDOWN_WAIT_S)
                t.cancel()
            if batcher is not None:
                batcher.close()
            runtime.stop()

    # redirect_slashes off: "POST /v1/score/" was a 307 to an absolute http:// URL (wrong
    # behind a TLS proxy, and a POST a client may not follow); now a 404 naming the path
    app = RiskgateAPI(title="riskgate", version="1", lifespan=lifespan, redirect_slashes=False,
                      description="Transaction-level adaptive authentication and fraud-risk scoring.")
    app.state.runtime = runtime

    def score_body(body: bytes) -> Reply:
        payment = parse_score(body)
        engine = runtime.engine
        if engine is None:
            raise ApiError(503, "not_ready", "the service is starting")
        return score_reply(engine.score(payment))

    def score_lost(body: bytes, exc: BaseException, answer: Reply) -> Reply | None:
        engine = runtime.engine
        if engine is None:
            raise ApiError(503, "not_ready", "the service is starting")
        return lost_score_reply(engine, body, exc, answer)

    def feedback_body(body: bytes) -> tuple[int, bytes]:
        req, ts = parse_feedback(body)
        engine = runtime.engine
        if engine is None:
            raise ApiError(503, "not_ready", "the service is starting")
        effect = engine.feedback(req, ts)
        return 202, msgspec.json.encode(FeedbackAccepted(req.transaction_id, "accepted", effect))

    def scoring_key(header: str | None) -> None:
        keys.require(header, SCORE)

    score_route = HotRoute("score", scoring_key, score_body)
    feedback_route = HotRoute("feedback", scoring_key, feedback_body)
    app.hot_routes = {"/v1/score": score_route, "/v1/feedback": feedback_route}
    app.hot_body_limit = limit

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        metrics.errors.labels(_endpoint(request), str(exc.status)).inc()
        return _json_error(exc.status, exc.code, exc.message, exc.field)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = STATUS_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code
        if exc.status_code == 404:
            message = f"no such endpoint: {request.method} {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        metrics.errors.labels("other", str(exc.status_code)).inc()
        return _json_error(exc.status_code, code, message, headers=exc.headers)   # a 405's Allow

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        loc = [str(x) for x in first.get("loc", ()) if x not in ("body", "query", "path")]
        return _json_error(422, "invalid_input", str(first.get("msg", "invalid input")), ".".join(loc) or None)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error")
        metrics.errors.labels(_endpoint(request), "500").inc()
        return _json_error(500, "internal_error", "an unexpected error occurred; it has been logged")

    @app.post("/v1/score", tags=["scoring"], summary="Score a payment",
              openapi_extra={"requestBody": {"required": True, "content": {JSON: {"schema": {
                  "$ref": "#/components/schemas/ScoreRequest"}}}}},
              responses={200: {"content": {JSON: {"schema": {"$ref": "#/components/schemas/ScoreResponse"}}}},
                         **_error_responses(400, 401, 403, 409, 413, 422)})
    async def score(request: Request) -> Response:
        return await _respond(request, score_route, limit)

    @app.post("/v1/feedback", tags=["scoring"], summary="Report a step-up result or a fraud report",
              status_code=202,
              openapi_extra={"requestBody": {"required": True, "content": {JSON: {"schema": {
                  "$ref": "#/components/schemas/FeedbackRequest"}}}}},
              responses={202: {"content": {JSON: {"schema": {"$ref": "#/components/schemas/FeedbackAccepted"}}}},
                         **_error_responses(400, 401, 403, 404, 413, 422, 503)})
    async def feedback(request: Request) -> Response:
        return await _respond(request, feedback_route, limit)

    @app.head("/healthz", include_in_schema=False)   # HEAD: load balancers' health checks send it
    @app.get("/healthz", tags=["operations"], summary="Liveness")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.head("/readyz", include_in_schema=False)
    @app.get("/readyz", tags=["operations"], summary="Readiness to score", responses=_error_responses(503))
    async def readyz() -> Response:
        if runtime.engine is None:
            return _json_error(503, "not_ready", "the service is starting")
        store_ok = runtime.store_ok()
        body = {"status": "ready" if store_ok and not runtime.model_degraded else "degraded",
                "store": "ok" if store_ok else "unavailable",
                "model_version": runtime.model_version, "policy_version": runtime.policy_version}
        return Response(msgspec.json.encode(body), media_type=JSON)

    @app.head("/metrics", include_in_schema=False)
    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics",
             responses={200: {"content": {"text/plain": {}}}})
    async def prometheus() -> Response:
        runtime.refresh_gauges()
        return Response(metrics.exposition(), media_type="text/plain; version=0.0.4; charset=utf-8")

    @app.get("/v1/customers/{customer_id:path}/profile", tags=["admin"], summary="What riskgate learned about a customer",
             responses=_error_responses(401, 403, 404, 422, 503))
    async def profile(customer_id: str, request: Request) -> Response:
        keys.require(request.headers.get("authorization"), ADMIN)
        check_customer_id(customer_id)
        if runtime.engine is None:
            raise ApiError(503, "not_ready", "the service is starting")
        view = runtime.profile_view(customer_id)
        if view is None:
            raise ApiError(404, "not_found", "no profile is stored for this customer", "customer_id")
        return Response(msgspec.json.encode(view), media_type=JSON, headers=NO_STORE)

    @app.delete("/v1/customers/{customer_id:path}/profile", tags=["admin"],
                summary="Forget what riskgate learned about a customer (erasure)",
                responses=_error_responses(401, 403, 422, 503))
    async def erase_profile(customer_id: str, request: Request) -> Response:
        """The customer's profile is replaced by an empty one at once (their next
        payment is judged as a new customer's) and removed by the profile purge.
        Decision records keep `RISKGATE_RETENTION_DAYS`, so that late fraud
        reports still reach the models (README, "Storage, durability, privacy":
        what else stays for fraud prevention)."""
        keys.require(request.headers.get("authorization"), ADMIN)
        check_customer_id(customer_id)
        if runtime.engine is None:
            raise ApiError(503, "not_ready", "the service is starting")
        stored = runtime.erase(customer_id)      # idempotent: the payments made so far are erased either way
        return Response(msgspec.json.encode({"customer_id": customer_id, "erased": True, "profile_was_stored": stored}),
                        media_type=JSON, headers=NO_STORE)

    @app.get("/v1/model", tags=["admin"], summary="The model answering in this worker, its online learner and local refits",
             responses=_error_responses(401, 403, 503))
    async def model_view(request: Request) -> Response:
        keys.require(request.headers.get("authorization"), ADMIN)
        if runtime.engine is None:
            raise ApiError(503, "not_ready", "the service is starting")
        return Response(msgspec.json.encode(runtime.model_view()), media_type=JSON)

    def custom_openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        _, components = msgspec.json.schema_components(
            (ScoreRequest, ScoreResponse, FeedbackRequest, FeedbackAccepted, ErrorResponse),
            ref_template="#/components/schemas/{name}")
        document_rules(components)
        schema.setdefault("components", {}).setdefault("schemas", {}).update(components)
        schema["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        for path, item in schema.get("paths", {}).items():
            if path.startswith("/v1/"):   # the keyed routes (RISKGATE_API_KEYS, RISKGATE_ADMIN_KEYS)
                for op in item.values():
                    op["security"] = [{"bearer": []}]
        app.openapi_schema = schema
        return schema

    app.openapi = custom_openapi  # type: ignore[method-assign]
    return app


def _error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: {"description": STATUS_CODES.get(s, "error"),
                "content": {JSON: {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}} for s in statuses}


def _endpoint(request: Request) -> str:
    path = request.url.path
    if path.startswith("/v1/customers/"):
        return "profile"
    return {"/v1/score": "score", "/v1/feedback": "feedback"}.get(path, "other")


async def _stopped(stop: asyncio.Event, seconds: float) -> bool:
    """Wait `seconds` or until `stop` is set; whether it is."""
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except asyncio.TimeoutError:
        pass
    return stop.is_set()


def score_reply(out: Outcome) -> Reply:
    """The answer, marked with REPLAYED_HEADER when it is a retry's stored one."""
    return (200, out.body, (REPLAYED_HEADER,)) if out.replayed else (200, out.body)


def lost_score_reply(engine: Engine, body: bytes, exc: BaseException, answer: Reply) -> Reply | None:
    """The reply for a score whose group commit failed (`CommitBatcher.run`'s
    `lost`): what the store holds for its id, else DEGRADED; None when the store
    holds `answer` itself (a lost reply whose write landed)."""
    unsent = answer[1] if len(answer) == 2 else None     # a retry's answer carries the replayed header
    out = engine.answer_lost_write(parse_score(body), exc, unsent)
    return None if out is None else score_reply(out)


async def _record_unrecorded(runtime: Runtime, stop: asyncio.Event) -> None:
    """Every second, the DEGRADED answers a failing store could not record are
    offered to it again (in a thread: store I/O), so that soon after it is back
    their feedback finds them and every worker answers their retries alike."""
    while not await _stopped(stop, UNRECORDED_RETRY_S):
        engine = runtime.engine
        if engine is not None and engine.unrecorded:
            try:
                n = await asyncio.to_thread(engine.record_unrecorded)
                if n:
                    log.info("recorded %d DEGRADED answers the store could not take when they were given", n)
            except Exception:
                log.exception("recording the DEGRADED answers failed")


async def _maintenance(runtime: Runtime, stop: asyncio.Event) -> None:
    """Retention purges in a worker thread (store I/O only: the event loop keeps
    scoring), a local model refit when one is due (the fit in a worker thread,
    the swap on the loop), then state snapshots on the loop, which owns that state (~2 ms;
    the local model's examples are copied there and encoded and written in a thread),
    then this worker's gauges: with several workers a scrape reaches only one of
    them, and the others' gauges must not go stale."""
    while not await _stopped(stop, MAINTENANCE_INTERVAL_S):
        try:
            await asyncio.to_thread(runtime.purge)
            if stop.is_set():        # shutting down: Runtime.stop() writes the state itself
                break
            prep = runtime.refit_prepare()
            if prep is not None:
                try:
                    runtime.refit_adopt(await asyncio.to_thread(runtime.refit_fit, prep))
                except Exception:   # the answer stays as it was; the snapshots below still run
                    log.exception("local model refit failed")
            runtime.snapshot()
            state = runtime.local_state()
            if state is not None:
                await asyncio.to_thread(runtime.write_local, state)
            runtime.refresh_gauges()
        except Exception:
            log.exception("maintenance failed")
