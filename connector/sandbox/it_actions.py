"""What a person playing IT does to an issue: the IT view's buttons and the test helpers both call these.

Each action checks its input with Jira's own field rules, changes the issue as IT (not the
API user) and fires the webhook Jira would fire.
"""

from __future__ import annotations

from connector.sandbox.catalog import STATUSES, Catalog
from connector.sandbox.errors import JiraApiError, not_found_issue
from connector.sandbox.fields import FieldRules
from connector.sandbox.service import SandboxJira

IT = "it"


def _issue(jira: SandboxJira, key: str) -> dict:
    issue = jira.store.issue(key)
    if issue is None:
        raise not_found_issue()
    return issue


def _edit(jira: SandboxJira, key: str, fields: dict | None = None, update: dict | None = None) -> dict:
    issue = _issue(jira, key)
    changes, _comments = FieldRules(jira.catalog).for_edit(issue, fields, update)
    return jira.edit_issue(issue, changes, actor=IT)


def comment(jira: SandboxJira, key: str, body: str) -> dict:
    if not body.strip():
        raise JiraApiError(400, errors={"comment": "Comment body can not be empty!"})
    return jira.add_comment(_issue(jira, key), body, actor=IT)


def edit_comment(jira: SandboxJira, key: str, comment_id: str, body: str) -> dict:
    issue = _issue(jira, key)
    found = jira.store.comment(issue["id"], comment_id)
    if found is None:
        raise JiraApiError(404, [f"Can not find a comment for the id: {comment_id}."])
    if not body.strip():
        raise JiraApiError(400, errors={"comment": "Comment body can not be empty!"})
    return jira.update_comment(issue, found, body, actor=IT)


def delete_comment(jira: SandboxJira, key: str, comment_id: str) -> None:
    issue = _issue(jira, key)
    found = jira.store.comment(issue["id"], comment_id)
    if found is None:
        raise JiraApiError(404, [f"Can not find a comment for the id: {comment_id}."])
    jira.delete_comment(issue, found, actor=IT)


def edit_summary(jira: SandboxJira, key: str, summary: str) -> dict:
    return _edit(jira, key, fields={"summary": summary})


def set_answer(jira: SandboxJira, key: str, text: str | None) -> dict:
    """Fill (or with None/"" clear) the answer text field named in the mappings."""
    answer = next(f for f in jira.catalog.custom_fields if f.kind == "text")
    return _edit(jira, key, fields={answer.id: text or None})


def add_label(jira: SandboxJira, key: str, label: str) -> dict:
    return _edit(jira, key, update={"labels": [{"add": label}]})


def remove_label(jira: SandboxJira, key: str, label: str) -> dict:
    return _edit(jira, key, update={"labels": [{"remove": label}]})


def resolve(jira: SandboxJira, key: str, resolution: str = "Done") -> dict:
    found = Catalog.resolution({"name": resolution})
    if found is None:
        raise JiraApiError(400, errors={"resolution": "The resolution selected is invalid."})
    return _move(jira, key, "done", found["id"])


def start_progress(jira: SandboxJira, key: str) -> dict:
    return _move(jira, key, "indeterminate")


def reopen(jira: SandboxJira, key: str) -> dict:
    return _move(jira, key, "new")


def delete(jira: SandboxJira, key: str) -> None:
    jira.delete_issue(_issue(jira, key), actor=IT)


def _move(jira: SandboxJira, key: str, category: str, resolution_id: str | None = None) -> dict:
    issue = _issue(jira, key)
    status = next(s for s in STATUSES if s["category"] == category)
    if status["id"] == issue["status"]:
        raise JiraApiError(400, [f"The issue is already in status '{status['name']}'."])
    return jira.transition(issue, status, resolution_id, actor=IT)
