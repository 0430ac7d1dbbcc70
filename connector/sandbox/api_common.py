"""Shared pieces of the REST blueprints: version prefix, JSON body, issue lookup, the sandbox."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, request

from connector.sandbox.errors import JiraApiError, not_found_issue
from connector.sandbox.fields import FieldRules
from connector.sandbox.service import SandboxJira


def sandbox() -> SandboxJira:
    return current_app.extensions["sandbox"]


def api_blueprint(name: str, import_name: str) -> Blueprint:
    """Routes under `/rest/api/<2|3|latest>/…`; v3 exists only on Cloud."""
    bp = Blueprint(name, import_name, url_prefix="/rest/api/<api_version>")

    @bp.url_value_preprocessor
    def _version(endpoint: str | None, values: dict[str, Any] | None) -> None:
        version = (values or {}).pop("api_version", "2")
        if version not in ("2", "3", "latest") or (version == "3" and not sandbox().cloud):
            raise JiraApiError(404, [f"No REST API version {version} here; use /rest/api/2."])
        g.api_version = "2" if version == "latest" else version

    return bp


def version() -> str:
    return g.get("api_version", "2")


def rules() -> FieldRules:
    return FieldRules(sandbox().catalog, version())


def json_body() -> Any:
    if not request.is_json:
        raise JiraApiError(415, ["Unsupported Media Type: send Content-Type: application/json."])
    body = request.get_json(silent=True)
    if body is None:
        raise JiraApiError(400, ["Unexpected character in the request body: it is not valid JSON."])
    return body


def load_issue(ref: str) -> dict:
    issue = sandbox().store.issue(ref)
    if issue is None:
        raise not_found_issue()
    return issue


def base_url() -> str:
    return sandbox().base_url
