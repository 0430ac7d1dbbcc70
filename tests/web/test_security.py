"""Security headers everywhere; rate limits in memory or shared through Redis."""

from __future__ import annotations

import re

import pytest

from tests.conftest import make_settings
from tests.web.helpers import AUTH, api_body
from voelspriet.runtime import build_runtime
from webhooks.app import create_app


@pytest.mark.parametrize("path", ["/", "/q/unknown", "/api/v1/faq/similar?q=inloggen", "/healthz"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "http" not in csp and "*" not in csp  # no external sources at all
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_the_form_uses_no_inline_script_or_style(client):
    page = client.get("/").get_data(as_text=True)
    assert "<script>" not in page and "<style" not in page and " style=" not in page
    assert not re.search(r"\son[a-z]+=", page)  # no onclick= and the like


def _redis_reason() -> str | None:
    try:
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
        return None
    except Exception as exc:  # any failure: no Redis here
        return f"Redis on 127.0.0.1:6379 not reachable ({type(exc).__name__})"


def test_rate_limits_are_shared_through_redis_when_configured(tmp_path, example_mappings):
    reason = _redis_reason()
    if reason:
        pytest.skip(reason)
    settings = make_settings(tmp_path, VOELSPRIET_REDIS_URL="redis://127.0.0.1:6379/0")
    runtime = build_runtime(settings, example_mappings, upgrade=True)
    try:
        apps = [create_app(runtime), create_app(runtime)]  # two instances, one limit
        apps[0].extensions["voelspriet_limiter"].reset()  # forget hits of an earlier run
        for app in apps:
            app.config["VOELSPRIET_RATE_LIMIT_API"] = "1 per minute"
        assert apps[0].test_client().post("/api/v1/questions", json=api_body(), headers=AUTH).status_code == 202
        second = apps[1].test_client().post("/api/v1/questions", json=api_body(), headers=AUTH)
        assert second.status_code == 429
    finally:
        runtime.close()
