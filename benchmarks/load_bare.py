"""The framework's floor: a bare FastAPI endpoint taking the same request.

    python -m benchmarks.load_bare --port 8081

One POST /v1/score route with a pydantic model of the wire contract's request
fields (FastAPI's ordinary way of taking a body) that answers a small fixed
JSON decision without scoring anything. The load benchmark runs it under the
same uvicorn settings as the service (uvloop, httptools, no access log, one
worker) in the same run, so the ratio riskgate / bare says how much of the
framework's throughput the scoring itself costs, on whatever machine it ran.
"""
from __future__ import annotations

import argparse
import sys

from fastapi import FastAPI
from pydantic import BaseModel


class ScoreRequest(BaseModel):
    transaction_id: str
    customer_id: str
    timestamp: str
    amount: float
    currency: str | None = None
    channel: str | None = None
    ip: str | None = None
    device_id: str | None = None
    user_agent: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    city: str | None = None
    payee_id: str | None = None


app = FastAPI(title="bare baseline")


@app.post("/v1/score")
async def score(req: ScoreRequest) -> dict[str, object]:
    return {"transaction_id": req.transaction_id, "risk_score": 0.0, "auth_level": 0, "auth_method": "none",
            "limit": req.amount, "reasons": [], "model_version": "bare", "policy_version": "bare"}


@app.get("/readyz")
async def readyz() -> dict[str, str]:
    return {"status": "ready"}


def main(argv: list[str] | None = None) -> int:
    import uvicorn

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8081)
    a = ap.parse_args(argv)
    # proxy_headers off as the service runs it (service/workers.py): uvicorn's default
    # ProxyHeadersMiddleware cost the bare endpoint ~1-2 % the service does not pay (a review)
    uvicorn.run("benchmarks.load_bare:app", host=a.host, port=a.port, loop="uvloop", http="httptools",
                access_log=False, log_level="warning", proxy_headers=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
