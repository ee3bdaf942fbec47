# riskgate: the scoring service on its embedded store.
#   docker build -t riskgate .
#   docker run -p 8080:8080 -e RISKGATE_API_KEYS=k1 -e RISKGATE_ADMIN_KEYS=a1 -v riskgate-data:/var/lib/riskgate riskgate
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    RISKGATE_DATA_DIR=/var/lib/riskgate

WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY features ./features
COPY models ./models
COPY benchmarks ./benchmarks
RUN pip install --no-cache-dir . \
 && useradd --system --uid 10001 --home-dir /var/lib/riskgate riskgate \
 && mkdir -p /var/lib/riskgate && chown riskgate /var/lib/riskgate

USER riskgate
VOLUME ["/var/lib/riskgate"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/readyz', timeout=2).status == 200 else 1)"
CMD ["python", "-m", "service", "--host", "0.0.0.0", "--port", "8080"]
