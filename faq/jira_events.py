"""What a Jira webhook delivery is about, read from the minimum of its payload.

Only two things matter: which event, and which issue (by id — keys change when an issue moves
project). The rest of the payload is not trusted: processing re-reads the issue from Jira.
Shape after Zulip's receivers: an ignored-events list, an event → handler table, and distinct
errors for a malformed body and an event we do not support.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Events Jira may send that never change an FAQ entry.
IGNORED_EVENTS = frozenset({
    "jira:worklog_updated", "worklog_created", "worklog_updated", "worklog_deleted",
    "issuelink_created", "issuelink_deleted", "attachment_created", "attachment_deleted",
    "issue_property_set", "issue_property_deleted",
    "jira:version_created", "jira:version_updated", "jira:version_released", "jira:version_unreleased",
    "jira:version_moved", "jira:version_deleted", "jira:version_merged",
    "project_created", "project_updated", "project_deleted", "project_soft_deleted", "project_restored_deleted",
    "project_archived", "project_restored_archived",
    "sprint_created", "sprint_updated", "sprint_started", "sprint_closed", "sprint_deleted",
    "board_created", "board_updated", "board_deleted", "board_configuration_changed",
    "user_created", "user_updated", "user_deleted",
    "option_voting_changed", "option_watching_changed", "option_unassigned_issues_changed",
    "option_subtasks_changed", "option_attachments_changed", "option_issuelinks_changed",
    "option_timetracking_changed", "filter_created", "filter_updated", "filter_deleted",
    "issuetype_created", "issuetype_updated", "issuetype_deleted",
})

_ISSUE_ID = re.compile(r"^\d{1,32}$")
_ISSUE_IN_URL = re.compile(r"/issue/(\d{1,32})/comment/")


class MalformedPayload(ValueError):
    """The body is not a Jira webhook we can read; the message says what is wrong."""


class UnsupportedEvent(ValueError):
    """A well-formed delivery of an event Voelspriet neither handles nor knowingly ignores."""

    def __init__(self, name: str) -> None:
        super().__init__(f"event {name!r} is not supported")
        self.name = name


@dataclass(frozen=True)
class JiraEvent:
    name: str
    issue_id: str | None  # None: the delivery names no issue (ignored with a reason)
    labels: tuple[str, ...] = ()  # the issue's labels when the payload carries them


def _issue_event(payload: dict[str, Any]) -> JiraEvent:
    issue = _object(payload, "issue")
    fields = _object(issue, "fields") if issue else {}
    labels = fields.get("labels") if fields else None
    if labels is not None and not (isinstance(labels, list) and all(isinstance(x, str) for x in labels)):
        raise MalformedPayload("issue.fields.labels must be a list of strings")
    return JiraEvent(payload["webhookEvent"], _issue_id(issue), tuple(labels or ()))


def _comment_event(payload: dict[str, Any]) -> JiraEvent:
    """Cloud sends a slim issue with comments; old Server sends none: the comment's URL names it."""
    issue = _object(payload, "issue")
    issue_id = _issue_id(issue)
    if issue_id is None:
        comment = _object(payload, "comment") or {}
        match = _ISSUE_IN_URL.search(str(comment.get("self") or ""))
        issue_id = match.group(1) if match else None
    return JiraEvent(payload["webhookEvent"], issue_id)


EVENT_HANDLERS: dict[str, Callable[[dict[str, Any]], JiraEvent]] = {
    "jira:issue_created": _issue_event,
    "jira:issue_updated": _issue_event,  # edits, labels, and on Cloud also resolve/reopen (issue_generic)
    "jira:issue_deleted": _issue_event,
    "comment_created": _comment_event,
    "comment_updated": _comment_event,
    "comment_deleted": _comment_event,
}
SUPPORTED_EVENTS = frozenset(EVENT_HANDLERS)


def parse_event(body: bytes) -> JiraEvent:
    """Raises MalformedPayload or UnsupportedEvent; an ignored event comes back with no issue id."""
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise MalformedPayload(f"the body is not valid JSON ({exc.__class__.__name__})") from None
    if not isinstance(payload, dict):
        raise MalformedPayload("the body must be a JSON object")
    name = payload.get("webhookEvent")
    if not isinstance(name, str) or not name:
        raise MalformedPayload("webhookEvent is missing; is this a Jira webhook?")
    if name in IGNORED_EVENTS:
        return JiraEvent(name, None)
    handler = EVENT_HANDLERS.get(name)
    if handler is None:
        raise UnsupportedEvent(name)
    return handler(payload)


def _object(container: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = container.get(key)
    if value is not None and not isinstance(value, dict):
        raise MalformedPayload(f"{key} must be an object")
    return value


def _issue_id(issue: dict[str, Any] | None) -> str | None:
    if not issue or issue.get("id") in (None, ""):
        return None
    value = issue["id"]
    text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""
    if not _ISSUE_ID.match(text):
        raise MalformedPayload("issue.id must be Jira's numeric issue id")
    return text
