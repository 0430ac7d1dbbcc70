"""Webhook bodies in the shape real Jira sends (see tests/fixtures/jira-webhooks/)."""

from __future__ import annotations

import time
from typing import Any

from connector.sandbox.issue_view import slim_fields
from connector.sandbox.render import Renderer


def now_ms() -> int:
    return int(time.time() * 1000)


def issue_event(r: Renderer, event: str, type_name: str | None, issue: dict, fields: dict[str, Any],
                actor: str, changelog: tuple[int, list[dict]] | None = None) -> dict[str, Any]:
    """jira:issue_created / jira:issue_updated / jira:issue_deleted with the full issue."""
    body: dict[str, Any] = {"timestamp": now_ms(), "webhookEvent": event}
    if type_name:  # real deletes arrive without an event type name
        body["issue_event_type_name"] = type_name
    body["user"] = r.user(actor, in_webhook=True)
    body["issue"] = _issue(r, issue, fields)
    if changelog is not None:
        changelog_id, items = changelog
        body["changelog"] = {"id": str(changelog_id), "items": items}
    return body


def comment_event(r: Renderer, event: str, comment: dict, issue: dict, fields: dict[str, Any]) -> dict[str, Any]:
    """comment_created / comment_updated / comment_deleted: the comment plus a slim issue."""
    return {"timestamp": now_ms(), "webhookEvent": event,
            "comment": r.comment(comment, in_webhook=True), "issue": _issue(r, issue, slim_fields(fields))}


def _issue(r: Renderer, issue: dict, fields: dict[str, Any]) -> dict[str, Any]:
    return {"id": issue["id"], "self": r.api(f"issue/{issue['id']}"), "key": issue["key"], "fields": fields}
