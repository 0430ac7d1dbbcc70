"""The IT view: a browser page where a person plays IT on the sandbox's issues.

No login (it is a local sandbox; the page says so). Forms carry a per-process token so that
another site cannot post to it. Every button goes through `it_actions`, which fires webhooks.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for

from connector.sandbox import it_actions
from connector.sandbox.catalog import RESOLUTIONS, Catalog
from connector.sandbox.errors import JiraApiError
from connector.sandbox.service import SandboxJira

bp = Blueprint("sandbox_it", __name__, template_folder="templates")


def _jira() -> SandboxJira:
    return current_app.extensions["sandbox"]


@bp.get("/")
def issue_list():
    jira = _jira()
    issues = sorted(jira.store.issues(), key=lambda i: int(i["id"]), reverse=True)
    return render_template("sandbox_it_list.html", issues=issues, status=Catalog.status, jira=jira,
                           attempts=jira.hooks.attempts[-10:][::-1])


@bp.get("/browse/<key>")
def issue_page(key: str):
    return _render_issue(key)


@bp.post("/browse/<key>")
def issue_action(key: str):
    if not hmac.compare_digest(request.form.get("token", ""), current_app.config["IT_FORM_TOKEN"]):
        return Response("This form is stale or came from another site; reload the page and try again.", status=400)
    action = ACTIONS.get(request.form.get("action", ""))
    if action is None:
        return Response("Unknown action.", status=400)
    try:
        message = action(_jira(), key, request.form)
    except JiraApiError as problem:
        text = "; ".join([*problem.messages, *problem.errors.values()])
        if problem.status == 404:
            return Response(f"{key}: {text}", status=404)
        return _render_issue(key, error=text, status=400)
    flash(message)
    if request.form.get("action") == "delete":
        return redirect(url_for("sandbox_it.issue_list"), code=303)
    return redirect(url_for("sandbox_it.issue_page", key=key), code=303)


@bp.get("/it/attachment/<attachment_id>")
def attachment(attachment_id: str):
    found = _jira().store.attachment_content(attachment_id)
    if found is None:
        return Response("No such attachment.", status=404)
    meta, content = found
    return Response(content, mimetype=meta["mimeType"])


def _render_issue(key: str, error: str | None = None, status: int = 200):
    jira = _jira()
    issue = jira.store.issue(key)
    if issue is None:
        return Response(f"{key}: Issue does not exist or you do not have permission to see it.", status=404)
    custom = [(f, issue["custom"].get(f.id)) for f in jira.catalog.custom_fields]
    page = render_template("sandbox_it_issue.html", issue=issue, jira=jira, error=error,
                           status=Catalog.status(issue["status"]), custom=custom,
                           resolution=Catalog.resolution({"id": issue["resolution"]}) if issue["resolution"] else None,
                           resolutions=RESOLUTIONS, comments=jira.store.comments(issue["id"]),
                           attachments=jira.store.attachments(issue["id"]),
                           token=current_app.config["IT_FORM_TOKEN"])
    return page, status


def _comment(jira, key, form) -> str:
    it_actions.comment(jira, key, form.get("body", ""))
    return "Comment added."


def _edit_comment(jira, key, form) -> str:
    it_actions.edit_comment(jira, key, form.get("comment_id", ""), form.get("body", ""))
    return "Comment updated."


def _delete_comment(jira, key, form) -> str:
    it_actions.delete_comment(jira, key, form.get("comment_id", ""))
    return "Comment deleted."


def _summary(jira, key, form) -> str:
    it_actions.edit_summary(jira, key, form.get("summary", ""))
    return "Summary saved."


def _answer(jira, key, form) -> str:
    it_actions.set_answer(jira, key, form.get("answer", ""))
    return "Answer field saved."


def _add_label(jira, key, form) -> str:
    it_actions.add_label(jira, key, form.get("label", ""))
    return f"Label {form.get('label', '')} added."


def _remove_label(jira, key, form) -> str:
    it_actions.remove_label(jira, key, form.get("label", ""))
    return f"Label {form.get('label', '')} removed."


def _resolve(jira, key, form) -> str:
    it_actions.resolve(jira, key, form.get("resolution", "Done"))
    return "Issue resolved."


def _progress(jira, key, form) -> str:
    it_actions.start_progress(jira, key)
    return "Issue in progress."


def _reopen(jira, key, form) -> str:
    it_actions.reopen(jira, key)
    return "Issue reopened."


def _delete(jira, key, form) -> str:
    it_actions.delete(jira, key)
    return f"{key} deleted."


ACTIONS: dict[str, Callable[..., str]] = {
    "comment": _comment, "edit-comment": _edit_comment, "delete-comment": _delete_comment, "summary": _summary,
    "answer": _answer, "add-label": _add_label, "remove-label": _remove_label, "resolve": _resolve,
    "progress": _progress, "reopen": _reopen, "delete": _delete,
}
