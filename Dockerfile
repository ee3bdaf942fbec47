# riskgate: the scoring service on its embedded store.
#   docker build -t riskgate .
#   docker run -p 8080:8080 -e RISKGATE_API_KEYS=k1 -e RISKGATE_ADMIN_KEYS=a1 -v riskgate-data:/var/lib/riskgate riskgate
#
# Two stages: python:3.11-slim has the Python headers but no C compiler, so a
# builder stage with gcc builds riskgate's wheel (including its C extensions: the
# tree evaluator models._treeeval, ~10x faster trees than the pure-Python fallback,
# and the features hot paths features._hotpath, features._population and
# features._derive); the
# runtime image installs that wheel and carries no compiler.
FROM python:3.11-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY service ./service
COPY features ./features
COPY models ./models
COPY benchmarks ./benchmarks
# --no-deps: only riskgate's own wheel is built here; dependencies come from PyPI's wheels below.
# The check fails the build if an optional extension was skipped (it would only warn).
RUN pip wheel --no-cache-dir --no-deps -w /wheels . \
 && python -c "import sys, zipfile, glob; w = glob.glob('/wheels/riskgate-*.whl')[0]; names = zipfile.ZipFile(w).namelist(); sys.exit(not all(any(m in n and n.endswith('.so') for n in names) for m in ('_treeeval', '_hotpath', '_population', '_derive')))"

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    RISKGATE_DATA_DIR=/var/lib/riskgate

WORKDIR /app
COPY --from=build /wheels /tmp/wheels
RUN pip install --no-cache-dir /tmp/wheels/riskgate-*.whl \
 && rm -rf /tmp/wheels \
 && python -c "import models._treeeval, features._hotpath, features._population, features._derive" \
 && useradd --system --uid 10001 --home-dir /var/lib/riskgate riskgate \
 && mkdir -p /var/lib/riskgate && chown riskgate /var/lib/riskgate

USER riskgate
VOLUME ["/var/lib/riskgate"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/readyz', timeout=2).status == 200 else 1)"
CMD ["python", "-m", "service", "--host", "0.0.0.0", "--port", "8080"]
