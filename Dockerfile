# One container: web app + outbox worker (`voelspriet serve`); run `voelspriet worker` in a
# second container with --no-worker on the first when you scale out on PostgreSQL.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VOELSPRIET_INSTANCE=/data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY voelspriet ./voelspriet
COPY store ./store
COPY intake ./intake
COPY faq ./faq
COPY connector ./connector
COPY webhooks ./webhooks
COPY mappings ./mappings
RUN pip install --no-cache-dir . \
    && useradd --system --uid 10001 --home /data voelspriet \
    && mkdir -p /data && chown voelspriet /data

USER voelspriet
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz').status==200 else 1)"
CMD ["voelspriet", "serve", "--host", "0.0.0.0", "--port", "8000"]
