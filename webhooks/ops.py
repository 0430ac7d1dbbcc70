"""Operations: liveness, readiness, metrics."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from sqlalchemy import text

from webhooks.metrics import StoreCollector

bp = Blueprint("ops", __name__)


def _runtime():
    return current_app.extensions["voelspriet"]


@bp.get("/healthz")
def healthz():
    """The process is up (no dependency checked: a restart would not fix a database outage)."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Ready to take questions: the database answers. Jira is not needed to accept questions."""
    try:
        with _runtime().db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ready", database="ok")


@bp.get("/metrics")
def metrics():
    registry = current_app.extensions.get("voelspriet_metrics")
    if registry is None:
        registry = CollectorRegistry()
        registry.register(StoreCollector(_runtime().db))
        current_app.extensions["voelspriet_metrics"] = registry
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
