"""What Voelspriet needs to know about a Jira issue, independent of REST version."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Comment:
    id: str
    body: str  # wiki markup (REST v2) or ADF rendered to wiki/plain text
    created: datetime
    updated: datetime


@dataclass(frozen=True)
class IssueSnapshot:
    """An issue as Jira holds it now (re-read, never trusted from a webhook body)."""

    id: str
    key: str
    summary: str
    labels: tuple[str, ...]
    status_category: str  # "new" | "indeterminate" | "done"
    resolution: str | None
    resolved_at: datetime | None
    updated: datetime
    created: datetime
    description: str | None = None
    comments: tuple[Comment, ...] = ()
    answer_field: str | None = None  # value of the mapped answer custom field, if any
    custom_fields: dict[str, str | None] = field(default_factory=dict)  # team/theme/phase options

    @property
    def is_resolved(self) -> bool:
        return self.resolution is not None
