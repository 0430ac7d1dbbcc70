"""App factory: one place that wires settings, mappings, database and blueprints."""

from __future__ import annotations

from flask import Flask

from voelspriet.runtime import Runtime, build_runtime
from webhooks.error_pages import unexpected_error
from webhooks.i18n import init_i18n
from webhooks.security import init_security


def create_app(runtime: Runtime | None = None) -> Flask:
    runtime = runtime or build_runtime(upgrade=True)
    app = Flask(__name__, instance_path=str(runtime.settings.instance_path))
    app.config.update(
        SECRET_KEY=runtime.settings.secret_key,
        MAX_CONTENT_LENGTH=6 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        JSON_SORT_KEYS=False,
    )
    app.extensions["voelspriet"] = runtime
    init_i18n(app)
    _register_blueprints(app)
    app.register_error_handler(Exception, unexpected_error)
    init_security(app)  # after the blueprints: rate limits attach to them by name
    return app


def _register_blueprints(app: Flask) -> None:
    # Each area is its own blueprint module; the import list is the app's table of contents.
    from webhooks import (
        api,
        dashboard,
        digest,
        faq_pages,
        form,
        form_tools,
        jira_webhook,
        lead_auth,
        openapi,
        ops,
        tracking,
    )

    app.register_blueprint(ops.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(form.bp)
    app.register_blueprint(tracking.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(api.similar_bp)
    app.register_blueprint(jira_webhook.bp)
    app.register_blueprint(form_tools.bp)
    app.register_blueprint(faq_pages.bp)
    app.register_blueprint(lead_auth.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(digest.bp)


def runtime_of(app: Flask) -> Runtime:
    return app.extensions["voelspriet"]
