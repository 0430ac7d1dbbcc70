"""One stored issue → the `fields` object Jira returns for it (the same in REST and webhooks)."""

from __future__ import annotations

from typing import Any

from connector.sandbox.render import Renderer

EXPAND = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"
SLIM = ("summary", "issuetype", "project", "assignee", "priority", "status")


def issue_fields(r: Renderer, issue: dict, comments: list[dict], attachments: list[dict],
                 version: str = "2", in_webhook: bool = False) -> dict[str, Any]:
    def user(who: str | None) -> dict | None:
        return r.user(who, in_webhook=in_webhook) if who else None

    key = issue["key"]
    fields: dict[str, Any] = {
        "statuscategorychangedate": issue["statuscategorychangedate"],
        "issuetype": r.issue_type(issue["issuetype"]),
        "timespent": None,
        "project": r.project(),
        "fixVersions": [],
        "aggregatetimespent": None,
        "resolution": r.resolution(issue["resolution"]),
        "resolutiondate": issue["resolutiondate"],
        "workratio": -1,
        "lastViewed": None,
        "watches": {"self": r.api(f"issue/{key}/watchers"), "watchCount": 1, "isWatching": True},
        "created": issue["created"],
        "priority": r.priority(issue["priority"]),
        "labels": list(issue["labels"]),
        "aggregatetimeoriginalestimate": None,
        "timeestimate": None,
        "versions": [],
        "issuelinks": [],
        "assignee": user("api" if issue.get("assignee") else None),
        "updated": issue["updated"],
        "status": r.status(issue["status"]),
        "components": [],
        "timeoriginalestimate": None,
        "description": r.text(issue["description"], version),
        "timetracking": {},
        "security": None,
        "attachment": [r.attachment(a) for a in attachments],
        "aggregatetimeestimate": None,
        "summary": issue["summary"],
        "creator": user("api"),
        "subtasks": [],
        "reporter": user("api"),
        "aggregateprogress": {"progress": 0, "total": 0},
        "environment": None,
        "duedate": None,
        "progress": {"progress": 0, "total": 0},
        "votes": {"self": r.api(f"issue/{key}/votes"), "votes": 0, "hasVoted": False},
        "comment": {"comments": [r.comment(c, version) for c in comments],
                    "self": r.api(f"issue/{issue['id']}/comment"), "maxResults": len(comments),
                    "total": len(comments), "startAt": 0},
        "worklog": {"startAt": 0, "maxResults": 20, "total": 0, "worklogs": []},
    }
    for custom in r.catalog.custom_fields:
        value = issue["custom"].get(custom.id)
        fields[custom.id] = r.option(custom.id, value) if custom.kind == "select" else r.text(value, version)
    return fields


def issue_json(r: Renderer, issue: dict, fields: dict[str, Any] | None, version: str = "2") -> dict[str, Any]:
    body: dict[str, Any] = {"expand": EXPAND, "id": issue["id"], "self": r.api(f"issue/{issue['id']}", version),
                            "key": issue["key"]}
    if fields is not None:
        body["fields"] = fields
    return body


def slim_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """What Jira Cloud puts in the issue of a comment webhook."""
    return {name: fields[name] for name in SLIM}
