"""Issues over REST: create, bulk create, get, edit, delete, and attachments."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from connector.sandbox.api_common import api_blueprint, json_body, load_issue, rules, sandbox, version
from connector.sandbox.errors import JiraApiError
from connector.sandbox.issue_view import issue_json
from connector.sandbox.render import requested_fields, select_fields

bp = api_blueprint("sandbox_issues", __name__)
BULK_LIMIT = 50


@bp.post("/issue")
def create_issue():
    body = json_body()
    issue = _create_one(body)
    return jsonify(_created(issue)), 201


@bp.post("/issue/bulk")
def create_issues():
    body = json_body()
    updates = body.get("issueUpdates") if isinstance(body, dict) else None
    if not isinstance(updates, list):
        raise JiraApiError(400, ["The request must contain 'issueUpdates': a list of issues to create."])
    if len(updates) > BULK_LIMIT:
        raise JiraApiError(400, [f"The number of issues to create ({len(updates)}) exceeds the maximum of "
                                 f"{BULK_LIMIT} per request."])
    created, errors = [], []
    for number, update in enumerate(updates):
        try:
            created.append(_created(_create_one(update)))
        except JiraApiError as problem:  # Jira carries on with the rest: bulk create is not atomic
            errors.append({"status": problem.status, "failedElementNumber": number,
                           "elementErrors": {"errorMessages": problem.messages, "errors": problem.errors}})
    return jsonify({"issues": created, "errors": errors}), 201 if created else 400


@bp.get("/issue/<ref>")
def get_issue(ref: str):
    issue = load_issue(ref)
    jira = sandbox()
    fields = select_fields(jira.fields_of(issue, version()), requested_fields(request.args.getlist("fields"), "*all"))
    body = issue_json(jira.renderer(), issue, fields, version())
    wanted = [p for v in request.args.getlist("properties") for p in v.split(",") if p]
    if wanted:
        stored = issue.get("properties", {})
        body["properties"] = {k: v for k, v in stored.items() if k in wanted or "*all" in wanted}
    return jsonify(body)


@bp.put("/issue/<ref>")
def edit_issue(ref: str):
    issue = load_issue(ref)
    body = json_body()
    changes, comments = rules().for_edit(issue, body.get("fields"), body.get("update"))
    for text in comments:
        _check_comment_body(text)
    issue = sandbox().edit_issue(issue, changes)
    for text in comments:
        sandbox().add_comment(issue, text)
    return Response(status=204)


@bp.delete("/issue/<ref>")
def delete_issue(ref: str):
    sandbox().delete_issue(load_issue(ref))
    return Response(status=204)


@bp.post("/issue/<ref>/attachments")
def add_attachments(ref: str):
    if request.headers.get("X-Atlassian-Token", "").lower() not in ("no-check", "nocheck"):
        return Response("XSRF check failed", status=403, mimetype="text/plain")
    issue = load_issue(ref)
    files = request.files.getlist("file")
    if not files:
        raise JiraApiError(400, ["No attachment was found in the request: send the file as multipart part 'file'."])
    added = []
    for upload in files:
        content = upload.read()
        meta = sandbox().add_attachment(issue, upload.filename or "attachment", content,
                                        upload.mimetype or "application/octet-stream")
        added.append(sandbox().renderer().attachment(meta))
    return jsonify(added)


@bp.get("/attachment/<attachment_id>")
def get_attachment(attachment_id: str):
    found = sandbox().store.attachment_content(attachment_id)
    if found is None:
        raise JiraApiError(404, [f"The attachment with id '{attachment_id}' does not exist"])
    return jsonify(sandbox().renderer().attachment(found[0]))


@bp.get("/attachment/content/<attachment_id>")
def attachment_content(attachment_id: str):
    found = sandbox().store.attachment_content(attachment_id)
    if found is None:
        raise JiraApiError(404, [f"The attachment with id '{attachment_id}' does not exist"])
    meta, content = found
    return Response(content, mimetype=meta["mimeType"],
                    headers={"Content-Disposition": f'attachment; filename="{meta["filename"]}"'})


def _create_one(body: Any) -> dict:
    if not isinstance(body, dict):
        raise JiraApiError(400, ["Each issue must be an object with 'fields'."])
    if body.get("update"):
        raise JiraApiError(400, ["The sandbox does not support 'update' on create; put the values in 'fields'."])
    changes = rules().for_create(body.get("fields"))
    properties = _properties(body.get("properties"))
    issue = sandbox().create_issue(changes, properties=properties)
    return issue


def _properties(raw: Any) -> dict[str, Any]:
    """Issue entity properties set on create (stored and returned; JQL cannot search them)."""
    if raw is None:
        return {}
    if not isinstance(raw, list) or not all(isinstance(p, dict) and isinstance(p.get("key"), str) for p in raw):
        raise JiraApiError(400, errors={"properties": "Properties must be a list of {key, value} objects."})
    return {p["key"]: p.get("value") for p in raw}


def _created(issue: dict) -> dict[str, str]:
    return {"id": issue["id"], "key": issue["key"],
            "self": sandbox().renderer().api(f"issue/{issue['id']}", version())}


def _check_comment_body(text: Any) -> None:
    if not isinstance(text, str) or not text.strip():
        raise JiraApiError(400, errors={"comment": "Comment body can not be empty!"})
