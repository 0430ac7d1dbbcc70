"""CSRF for the form, rate limits for the public routes, and security headers on every response.

CSRF is checked only where a view calls `csrf.protect()` (the form): webhooks and the API
authenticate by signature or bearer token instead.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

# Per client address; override in app.config (e.g. "5 per minute") without touching code.
RATE_LIMITS = {
    "form": ("VOELSPRIET_RATE_LIMIT_FORM", "20 per minute;200 per day", ["POST"]),
    "api": ("VOELSPRIET_RATE_LIMIT_API", "120 per minute", None),
    "api_similar": ("VOELSPRIET_RATE_LIMIT_SIMILAR", "60 per minute", None),
    "form_tools": ("VOELSPRIET_RATE_LIMIT_FORM_TOOLS", "120 per minute", ["POST"]),
    "lead_auth": ("VOELSPRIET_RATE_LIMIT_LOGIN", "10 per minute;100 per day", ["POST"]),
}

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "connect-src 'self'", "font-src 'self'", "form-action 'self'", "frame-ancestors 'none'",
    "base-uri 'none'", "object-src 'none'",
))
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_security(app: Flask) -> None:
    """Call after the blueprints are registered (limits attach to them by name)."""
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    # Ambassadors fill in the form between other work: keep the token valid for a working day.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 10 * 3600)
    settings = app.extensions["voelspriet"].settings
    if (settings.public_url or "").startswith("https://"):
        app.config.setdefault("SESSION_COOKIE_SECURE", True)  # the CSRF token lives in the session cookie
    csrf.init_app(app)
    limiter = Limiter(get_remote_address, storage_uri=settings.redis_url or "memory://",
                      key_prefix="voelspriet", headers_enabled=True)
    limiter.init_app(app)
    app.extensions["voelspriet_limiter"] = limiter
    for name, (config_key, default, methods) in RATE_LIMITS.items():
        app.config.setdefault(config_key, settings.rate_limits.get(config_key, default))
        if name in app.blueprints:
            limiter.limit(_configured(config_key), methods=methods)(app.blueprints[name])
    app.after_request(_security_headers)


def _configured(config_key: str):
    return lambda: current_app.config[config_key]


def _security_headers(response: Response) -> Response:
    # setdefault: a view may tighten a header (the tracking page sends no referrer at all).
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response
