"""Jira's JSON as Voelspriet's plain objects: issue snapshots, times, field values, error bodies."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from connector.snapshot import Comment, IssueSnapshot
from connector.wiki import adf_to_wiki
from store.types import utcnow

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DETAIL_MAX = 500


def jira_time(value: str | None) -> datetime | None:
    """`2019-05-24T10:45:32.123-0800` (Jira's format) as an aware UTC datetime."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).astimezone(UTC)
    except ValueError:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z").astimezone(UTC)


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header (seconds or an HTTP date) as seconds from now."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - utcnow()).total_seconds())


def error_detail(body: Any) -> tuple[str | None, tuple[str, ...]]:
    """Jira's own short message and the names of the fields it complains about."""
    if not isinstance(body, Mapping):
        return None, ()
    messages = [str(m) for m in body.get("errorMessages") or [] if m]
    errors = body.get("errors") if isinstance(body.get("errors"), Mapping) else {}
    parts = messages + [f"{key}: {value}" for key, value in errors.items()]
    detail = "; ".join(parts)
    if len(detail) > DETAIL_MAX:
        detail = detail[: DETAIL_MAX - 1] + "…"
    return detail or None, tuple(str(key) for key in errors)


def option_value(value: Any) -> str | None:
    """A select / text custom field's value as text."""
    if value is None:
        return None
    if isinstance(value, list):
        return option_value(value[0]) if value else None
    if isinstance(value, Mapping):
        if value.get("type") == "doc":
            return adf_to_wiki(value)
        found = value.get("value") or value.get("name")
        return None if found is None else str(found)
    return str(value)


def comment_of(raw: Mapping[str, Any]) -> Comment:
    created = jira_time(raw.get("created")) or EPOCH
    return Comment(
        id=str(raw.get("id")),
        body=adf_to_wiki(raw.get("body")) or "",
        created=created,
        updated=jira_time(raw.get("updated")) or created,
    )


def snapshot_of(raw: Mapping[str, Any], answer_field_id: str | None,
                option_field_ids: Mapping[str, str], comments: list[Mapping[str, Any]] | None = None
                ) -> IssueSnapshot:
    """An issue from `GET issue/{id}` or a search; `option_field_ids` maps team/theme/phase → field id."""
    fields = raw.get("fields") or {}
    status = fields.get("status") or {}
    created = jira_time(fields.get("created")) or EPOCH
    raw_comments = comments if comments is not None else (fields.get("comment") or {}).get("comments") or []
    return IssueSnapshot(
        id=str(raw["id"]),
        key=str(raw.get("key") or ""),
        summary=fields.get("summary") or "",
        labels=tuple(fields.get("labels") or ()),
        status_category=(status.get("statusCategory") or {}).get("key") or "new",
        resolution=(fields.get("resolution") or {}).get("name"),
        resolved_at=jira_time(fields.get("resolutiondate")),
        updated=jira_time(fields.get("updated")) or created,
        created=created,
        description=adf_to_wiki(fields.get("description")),
        comments=tuple(comment_of(c) for c in raw_comments),
        answer_field=option_value(fields.get(answer_field_id)) if answer_field_id else None,
        custom_fields={name: option_value(fields.get(fid)) for name, fid in option_field_ids.items()},
    )
