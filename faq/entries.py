"""Reading the published FAQ in one query, and the version that tells caches it changed."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from store.db import Database
from store.models import FaqEntry, Marker
from store.types import utcnow

VERSION_MARKER = "faq_version"


@dataclass(frozen=True, slots=True)
class FaqItem:
    """A published entry as the renderers see it (plain values, no database session)."""

    jira_issue_id: str
    jira_key: str
    summary: str
    answer_markdown: str
    answer_html: str
    team: str
    theme: str
    phase: str
    first_published_at: datetime
    updated_at: datetime

    @property
    def anchor(self) -> str:
        # The Jira key changes when an issue moves project; the issue id never does.
        return f"faq-{self.jira_issue_id}"


_COLUMNS = (
    FaqEntry.jira_issue_id, FaqEntry.jira_key, FaqEntry.summary, FaqEntry.answer_markdown,
    FaqEntry.answer_html, FaqEntry.team, FaqEntry.theme, FaqEntry.phase,
    FaqEntry.first_published_at, FaqEntry.updated_at,
)


def published_items(db: Database, team: str | None = None, theme: str | None = None) -> list[FaqItem]:
    query = select(*_COLUMNS).where(FaqEntry.published.is_(True))
    if team:
        query = query.where(FaqEntry.team == team)
    if theme:
        query = query.where(FaqEntry.theme == theme)
    with db.engine.connect() as connection:  # plain rows: no ORM identity map for 10,000 entries
        return [FaqItem(*row) for row in connection.execute(query)]


def faq_version(db: Database) -> str:
    with db.sessions() as session:
        return read_marker(session, VERSION_MARKER) or "0"


def bump_version(session: Session) -> str:
    """A fresh random version (not a counter: two writers can never end on the same value)."""
    version = secrets.token_hex(8)
    write_marker(session, VERSION_MARKER, version)
    return version


def read_marker(session: Session, name: str) -> str | None:
    return session.scalar(select(Marker.value).where(Marker.name == name))


def write_marker(session: Session, name: str, value: str) -> None:
    """Insert or overwrite in one statement, so two first writers cannot collide on the name."""
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(Marker).values(name=name, value=value, updated_at=utcnow())
    session.execute(statement.on_conflict_do_update(
        index_elements=[Marker.name], set_={"value": value, "updated_at": utcnow()}))
