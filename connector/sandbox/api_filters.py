"""Saved filters: create, list favourites, read, update, and share them.

Jira's quirks kept: `POST /filter` answers 200 (not 201); a filter that is gone is a 400; names
are unique (per owner in Jira; the sandbox has one user); Data Center ignores `sharePermissions`
on create (it applies the user's default share scope, private here), Cloud honours them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import jsonify

from connector.sandbox.api_common import api_blueprint, json_body, sandbox, version
from connector.sandbox.catalog import PROJECT
from connector.sandbox.errors import JiraApiError
from connector.sandbox.search import compile_query

bp = api_blueprint("sandbox_filters", __name__)
EVERYONE = {"global": "global", "authenticated": "loggedin", "loggedin": "loggedin"}


@bp.post("/filter")
def create_filter():
    body = json_body()
    name, jql = body.get("name"), body.get("jql") or ""
    if not isinstance(name, str) or not name.strip():
        raise JiraApiError(400, errors={"filterName": "You must specify a name to save this filter as."})
    compile_query(sandbox(), jql)
    shares = _shares(body.get("sharePermissions") or []) if sandbox().cloud else []
    saved = sandbox().create_filter(name, jql, body.get("description"), bool(body.get("favourite", True)), shares)
    return jsonify(_filter_json(saved))


@bp.get("/filter/favourite")
def favourite_filters():
    return jsonify([_filter_json(f) for f in sandbox().store.filters() if f["favourite"]])


@bp.get("/filter/<filter_id>")
def get_filter(filter_id: str):
    return jsonify(_filter_json(sandbox().saved_filter(filter_id)))


@bp.put("/filter/<filter_id>")
def update_filter(filter_id: str):
    body = json_body()
    sandbox().saved_filter(filter_id)  # a filter that is gone is refused before the body is looked at
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():  # required in Jira's schema, even when unchanged
        raise JiraApiError(400, errors={"filterName": "You must specify a name to save this filter as."})
    changes: dict[str, Any] = {"name": name}
    if "jql" in body:
        compile_query(sandbox(), body.get("jql") or "")
        changes["jql"] = body.get("jql") or ""
    if "description" in body:
        changes["description"] = body["description"]
    if "favourite" in body:
        changes["favourite"] = bool(body["favourite"])
    if "sharePermissions" in body:
        changes["shares"] = _shares(body["sharePermissions"] or [])
    return jsonify(_filter_json(sandbox().update_filter(filter_id, changes)))


@bp.get("/filter/<filter_id>/permission")
def share_permissions(filter_id: str):
    return jsonify(_shares_json(sandbox().saved_filter(filter_id)))


@bp.post("/filter/<filter_id>/permission")
def add_share_permission(filter_id: str):
    body = json_body()
    sandbox().saved_filter(filter_id)
    project = {"project": {"id": body.get("projectId")}} if body.get("type") == "project" else {}
    [share] = _shares([{**body, **project}])
    response = jsonify(_shares_json(sandbox().add_filter_share(filter_id, share)))
    response.status_code = 201
    return response


def _shares(raw: Any) -> list[dict]:
    """Share permissions in Jira's request shape (`project: {id}`) as stored; the sandbox knows no groups."""
    if not isinstance(raw, list):
        raise JiraApiError(400, ["Share permissions must be a list."])
    shares = []
    for item in raw:
        kind = item.get("type") if isinstance(item, dict) else None
        if kind in EVERYONE:
            shares.append({"type": EVERYONE[kind]})
        elif kind == "project":
            project_id = str((item.get("project") or {}).get("id") or "")
            if project_id not in (PROJECT["id"], PROJECT["key"]):
                raise JiraApiError(400, errors={"sharePermissions": f"Project with id '{project_id}' does not exist."})
            shares.append({"type": "project", "projectId": PROJECT["id"]})
        else:
            raise JiraApiError(400, errors={"sharePermissions": f"Share type {kind!r} is not supported here "
                                                                "(project, global, authenticated)."})
    return shares


def _shares_json(saved: dict) -> list[dict[str, Any]]:
    r = sandbox().renderer()
    return [{"id": s["id"], "type": s["type"], **({"project": r.project()} if s["type"] == "project" else {})}
            for s in saved.get("shares") or []]


def _filter_json(saved: dict) -> dict[str, Any]:
    r = sandbox().renderer()
    body = {"self": r.api(f"filter/{saved['id']}", version()), "id": saved["id"], "name": saved["name"],
            "owner": r.user("api"), "jql": saved["jql"], "viewUrl": f"{r.base}/issues/?filter={saved['id']}",
            "searchUrl": r.api(f"search?jql={quote(saved['jql'])}", version()), "favourite": saved["favourite"],
            "favouritedCount": int(saved["favourite"]), "sharePermissions": _shares_json(saved),
            "editPermissions": [],
            "subscriptions": {"size": 0, "items": [], "max-results": 0, "start-index": 0, "end-index": 0}}
    if saved.get("description") is not None:
        body["description"] = saved["description"]
    return body
