"""Search: v2 `/search` with startAt/total (Data Center; 410 Gone on Cloud) and Cloud's
`/search/jql` with nextPageToken and isLast (404 on Data Center). Saved filters: `api_filters`.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from flask import jsonify, request

from connector.sandbox.api_common import api_blueprint, json_body, sandbox, version
from connector.sandbox.errors import JiraApiError
from connector.sandbox.issue_view import issue_json
from connector.sandbox.render import requested_fields, select_fields
from connector.sandbox.search import run_search

bp = api_blueprint("sandbox_search", __name__)
GONE = ("The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. "
        "A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046")


@bp.route("/search", methods=["GET", "POST"])
def search():
    if sandbox().cloud:
        raise JiraApiError(410, [GONE])
    params = _params()
    validate = str(params.get("validateQuery", "strict")).lower() not in ("false", "none", "warn")
    issues = run_search(sandbox(), params["jql"], validate_keys=validate)
    start = _int(params, "startAt", 0)
    limit = min(_int(params, "maxResults", 50), 1000)
    page = issues[start:start + limit]
    return jsonify({"expand": "schema,names", "startAt": start, "maxResults": limit, "total": len(issues),
                    "issues": _render(page, params["fields"], "*navigable")})


@bp.route("/search/jql", methods=["GET", "POST"])
def search_jql():
    if not sandbox().cloud:
        raise JiraApiError(404, ["No search/jql on Jira Data Center; use /rest/api/2/search with startAt."])
    params = _params()
    issues = run_search(sandbox(), params["jql"], bounded=True)
    tokens = requested_fields(params["fields"], "id")
    limit = min(_int(params, "maxResults", 50), 5000 if tokens == ["id"] else 100)
    start = _offset(params.get("nextPageToken"), params["jql"])
    end = start + limit
    body: dict[str, Any] = {"issues": _render(issues[start:end], params["fields"], "id"),
                            "isLast": end >= len(issues)}
    if end < len(issues):
        body["nextPageToken"] = _token(end, params["jql"])
    return jsonify(body)


def _params() -> dict[str, Any]:
    if request.method == "POST":
        body = json_body()
        fields = body.get("fields") or []
        params = {**body, "fields": fields if isinstance(fields, list) else [fields]}
    else:
        params = {**request.args.to_dict(), "fields": request.args.getlist("fields")}
    params["jql"] = params.get("jql") or ""
    return params


def _int(params: dict, name: str, default: int) -> int:
    value = params.get(name, default)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise JiraApiError(400, [f"The value '{value}' of '{name}' is not a number."]) from None
    if number < 0:
        raise JiraApiError(400, [f"'{name}' must not be negative."])
    return number


def _render(issues: list[dict], fields_param: list[str], default: str) -> list[dict]:
    jira = sandbox()
    tokens = requested_fields(fields_param, default)
    rendered = []
    for issue in issues:
        if tokens == ["id"]:
            rendered.append({"id": issue["id"]})
            continue
        fields = select_fields(jira.fields_of(issue, version()), tokens)
        rendered.append(issue_json(jira.renderer(), issue, fields, version()))
    return rendered


def _query_hash(jql: str) -> str:
    return hashlib.sha256(jql.encode()).hexdigest()[:12]


def _token(offset: int, jql: str) -> str:
    raw = json.dumps({"o": offset, "q": _query_hash(jql)}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _offset(token: str | None, jql: str) -> int:
    """Tokens are opaque to clients; one made for another query is refused, as Jira does."""
    if not token:
        return 0
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if data["q"] != _query_hash(jql):
            raise ValueError("token of another query")
        return int(data["o"])
    except (ValueError, KeyError, TypeError):
        raise JiraApiError(400, ["The provided next page token is invalid or expired."]) from None
