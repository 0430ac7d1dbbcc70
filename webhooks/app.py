"""App factory: one place that wires settings, mappings, database and blueprints."""

from __future__ import annotations

from flask import Flask

from voelspriet.runtime import Runtime, build_runtime


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
    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:
    # Each area is its own blueprint module; the import list is the app's table of contents.
    from webhooks import ops

    app.register_blueprint(ops.bp)


def runtime_of(app: Flask) -> Runtime:
    return app.extensions["voelspriet"]
