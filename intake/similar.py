"""Deflection: published FAQ entries that look like the question being typed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from store.db import Database
from store.models import FaqEntry

MAX_RESULTS = 5
MAX_WORDS = 8
# Words too common to tell questions apart (Dutch and English).
_STOP_WORDS = frozenset(re.findall(r"\w+", """
    aan als bij dan dat de den der des die dit doe doen door een eens en er het hoe hun ik in is je kan
    kun kunnen maar met mijn moet na naar niet nog nu of om onder ons ook op over te tot uit van veel voor
    waar wanneer wat we welk welke wie wij wil zijn zo zou
    and are can does for from have how into not the this what when where which who why with you your
"""))


@dataclass(frozen=True)
class SimilarEntry:
    summary: str
    jira_key: str
    jira_issue_id: str

    @property
    def url(self) -> str:
        # The FAQ page anchors entries by issue id (faq.entries: the key changes when an issue moves).
        return f"/faq#faq-{self.jira_issue_id}"


def search_words(text: str) -> list[str]:
    """The distinctive words of `text`, longest first (they say the most)."""
    words = {w for w in re.findall(r"\w+", text.casefold()) if len(w) >= 3 and w not in _STOP_WORDS}
    return sorted(words, key=lambda w: (-len(w), w))[:MAX_WORDS]


def similar_entries(db: Database, text: str) -> list[SimilarEntry]:
    """Up to MAX_RESULTS published entries sharing the most words with `text`."""
    words = search_words(text)
    if not words:
        return []
    summary = func.lower(FaqEntry.summary)
    query = (select(FaqEntry.summary, FaqEntry.jira_key, FaqEntry.jira_issue_id)
             .where(FaqEntry.published.is_(True), or_(*(summary.contains(w, autoescape=True) for w in words)))
             .order_by(FaqEntry.updated_at.desc()).limit(200))
    with db.transaction() as session:
        rows = session.execute(query).all()
    scored = sorted(rows, key=lambda row: -sum(w in row.summary.casefold() for w in words))
    return [SimilarEntry(row.summary, row.jira_key, row.jira_issue_id) for row in scored[:MAX_RESULTS]]
