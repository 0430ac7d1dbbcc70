"""App factory of the sandbox Jira: one place that wires store, faults, webhooks and blueprints."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask, request
from werkzeug.exceptions import HTTPException

from connector.sandbox.errors import JiraApiError, error_response
from connector.sandbox.faults import DropConnections, FaultInjector, FaultSpec
from connector.sandbox.guard import guard
from connector.sandbox.service import SandboxJira
from connector.sandbox.state import Store
from connector.sandbox.webhooks_out import WebhookSender


def create_sandbox_app(db_path: str | Path, deployment: str = "cloud", user: str = "sandbox@example.org",
                       token: str = "sandbox-token",  # noqa: S107 - the documented sandbox credential
                       webhook_url: str | None = None,
                       webhook_secret: str | None = None, faults: FaultSpec | str | None = None,
                       base_url: str | None = None,
                       webhook_backoff: tuple[float, ...] = (0.2, 0.5, 1.0, 2.0)) -> Flask:
    """A Flask app that behaves like Jira Cloud or Data Center for what Voelspriet uses.

    `base_url` fixes the `self` links (default: the host each request came in on).
    """
    hooks = WebhookSender(webhook_url, webhook_secret, retries=deployment == "cloud", backoff=webhook_backoff)
    jira = SandboxJira(Store(db_path), deployment, user, token, hooks, FaultInjector(faults), base_url=base_url)
    app = Flask(__name__)
    app.config.update(SECRET_KEY=secrets.token_hex(16), IT_FORM_TOKEN=secrets.token_urlsafe(16),
                      MAX_CONTENT_LENGTH=20 * 1024 * 1024)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["sandbox"] = jira
    app.wsgi_app = DropConnections(app.wsgi_app)  # type: ignore[method-assign]
    app.before_request(lambda: guard(jira))
    app.register_error_handler(JiraApiError, lambda problem: problem.response())
    app.register_error_handler(HTTPException, _http_error)
    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from connector.sandbox import api_admin, api_comments, api_filters, api_issues, api_meta, api_search, it_view

    for module in (api_meta, api_issues, api_comments, api_search, api_filters, api_admin, it_view):
        app.register_blueprint(module.bp)


def _http_error(problem: HTTPException):
    """Jira answers unknown REST paths and wrong methods in its JSON error shape."""
    if request.path.startswith(("/rest/", "/_sandbox/")):
        return error_response(problem.code or 500, [problem.description or problem.name])
    return problem


def sandbox_of(app: Flask) -> SandboxJira:
    return app.extensions["sandbox"]


def close_sandbox(app: Flask) -> None:
    """Stop the webhook thread and close the database (the server helper calls this)."""
    jira = sandbox_of(app)
    jira.hooks.stop()
    jira.store.close()
