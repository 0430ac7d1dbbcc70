"""Comments and workflow transitions of an issue over REST."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from connector.sandbox.adf import from_adf
from connector.sandbox.api_common import api_blueprint, json_body, load_issue, sandbox, version
from connector.sandbox.catalog import RESOLUTIONS, STATUSES, Catalog
from connector.sandbox.errors import JiraApiError, cannot_set

bp = api_blueprint("sandbox_comments", __name__)


@bp.get("/issue/<ref>/comment")
def list_comments(ref: str):
    issue = load_issue(ref)
    comments = sandbox().store.comments(issue["id"])
    if request.args.get("orderBy", "").startswith("-"):
        comments.reverse()
    start = int(request.args.get("startAt", 0))
    limit = int(request.args.get("maxResults", 5000))
    page = comments[start:start + limit]
    r = sandbox().renderer()
    return jsonify({"comments": [r.comment(c, version()) for c in page], "maxResults": limit,
                    "total": len(comments), "startAt": start})


@bp.post("/issue/<ref>/comment")
def add_comment(ref: str):
    issue = load_issue(ref)
    comment = sandbox().add_comment(issue, _body(json_body()))
    return jsonify(sandbox().renderer().comment(comment, version())), 201


@bp.get("/issue/<ref>/comment/<comment_id>")
def get_comment(ref: str, comment_id: str):
    _issue, comment = _load_comment(ref, comment_id)
    return jsonify(sandbox().renderer().comment(comment, version()))


@bp.put("/issue/<ref>/comment/<comment_id>")
def update_comment(ref: str, comment_id: str):
    issue, comment = _load_comment(ref, comment_id)
    updated = sandbox().update_comment(issue, comment, _body(json_body()))
    return jsonify(sandbox().renderer().comment(updated, version()))


@bp.delete("/issue/<ref>/comment/<comment_id>")
def delete_comment(ref: str, comment_id: str):
    issue, comment = _load_comment(ref, comment_id)
    sandbox().delete_comment(issue, comment)
    return Response(status=204)


@bp.get("/issue/<ref>/transitions")
def list_transitions(ref: str):
    issue = load_issue(ref)
    with_fields = "transitions.fields" in request.args.get("expand", "")
    transitions = [_transition_json(status, with_fields) for status in STATUSES if status["id"] != issue["status"]]
    wanted = request.args.get("transitionId")
    if wanted:
        transitions = [t for t in transitions if t["id"] == wanted]
    return jsonify({"expand": "transitions", "transitions": transitions})


@bp.post("/issue/<ref>/transitions")
def do_transition(ref: str):
    issue = load_issue(ref)
    body = json_body()
    transition_id = str((body.get("transition") or {}).get("id", ""))
    status = Catalog.status_by_transition(transition_id)
    if status is None or status["id"] == issue["status"]:
        raise JiraApiError(400, [f"Transition id '{transition_id}' is not valid for this issue."])
    resolution_id = _resolution(body.get("fields") or {})
    comments = [op.get("add", {}).get("body") for op in (body.get("update") or {}).get("comment", [])]
    issue = sandbox().transition(issue, status, resolution_id)
    for text in filter(None, comments):
        sandbox().add_comment(issue, text)
    return Response(status=204)


def _resolution(fields: dict[str, Any]) -> str | None:
    unknown = {name: cannot_set(name) for name in fields if name != "resolution"}
    if unknown:
        raise JiraApiError(400, errors=unknown)
    if "resolution" not in fields:
        return None
    found = Catalog.resolution(fields["resolution"])
    if found is None:
        raise JiraApiError(400, errors={"resolution": "The resolution selected is invalid."})
    return found["id"]


def _transition_json(status: dict, with_fields: bool) -> dict[str, Any]:
    r = sandbox().renderer()
    transition: dict[str, Any] = {"id": status["transition"], "name": status["name"], "to": r.status(status["id"]),
                                  "hasScreen": False, "isGlobal": True, "isInitial": False, "isAvailable": True,
                                  "isConditional": False, "isLooped": False}
    if with_fields:
        transition["fields"] = {} if status["category"] != "done" else {"resolution": {
            "required": False, "name": "Resolution", "key": "resolution",
            "schema": {"type": "resolution", "system": "resolution"}, "operations": ["set"],
            "hasDefaultValue": True, "allowedValues": [r.resolution(res["id"]) for res in RESOLUTIONS]}}
    return transition


def _load_comment(ref: str, comment_id: str) -> tuple[dict, dict]:
    issue = load_issue(ref)
    comment = sandbox().store.comment(issue["id"], comment_id)
    if comment is None:
        raise JiraApiError(404, [f"Can not find a comment for the id: {comment_id}."])
    return issue, comment


def _body(body: Any) -> str:
    text = body.get("body") if isinstance(body, dict) else None
    if version() == "3":
        text = from_adf(text)
    if not isinstance(text, str) or not text.strip():
        raise JiraApiError(400, errors={"comment": "Comment body can not be empty!"})
    if len(text) > 32767:
        raise JiraApiError(400, errors={"comment": "The entered text is too long. It exceeds the allowed limit of "
                                                   "32,767 characters."})
    return text
