"""Where a question stands, as the API and the ambassador's tracking page show it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from store.db import Database
from store.models import Question, QuestionStatus


@dataclass(frozen=True)
class QuestionView:
    """What the ambassador's tracking page may show: the question, its progress and answer; no personal data."""

    id: str
    tracking_token: str
    status: str
    question: str | None
    jira_key: str | None
    answer_markdown: str | None
    answer_html: str | None
    error: str | None
    created_at: datetime
    answered_at: datetime | None
    closed_at: datetime | None

    @property
    def with_it(self) -> bool:
        return self.jira_key is not None

    @property
    def finished(self) -> bool:
        return self.status in (QuestionStatus.ANSWERED, QuestionStatus.CLOSED)


def question_by_id(db: Database, question_id: str) -> QuestionView | None:
    return _find(db, Question.id == question_id)


def question_by_token(db: Database, tracking_token: str) -> QuestionView | None:
    return _find(db, Question.tracking_token == tracking_token)


def _find(db: Database, condition: Any) -> QuestionView | None:
    with db.transaction() as session:
        q = session.scalar(select(Question).where(condition))
        if q is None:
            return None
        return QuestionView(
            id=q.id, tracking_token=q.tracking_token, status=q.status, question=q.question, jira_key=q.jira_key,
            answer_markdown=q.answer_markdown, answer_html=q.answer_html, error=q.last_error,
            created_at=q.created_at, answered_at=q.answered_at, closed_at=q.closed_at,
        )


def tracking_url(base_url: str, tracking_token: str) -> str:
    """The ambassador's personal link: `{public URL or request host}/q/{token}`."""
    return f"{base_url.rstrip('/')}/q/{tracking_token}"


def api_status(view: QuestionView, base_url: str) -> dict[str, Any]:
    """The body of GET /api/v1/questions/<id>."""
    body: dict[str, Any] = {"id": view.id, "status": view.status,
                            "tracking_url": tracking_url(base_url, view.tracking_token)}
    if view.jira_key:
        body["jira_key"] = view.jira_key
    if view.status == QuestionStatus.ANSWERED:
        body["answer"] = view.answer_markdown or ""
        body["answer_html"] = view.answer_html or ""
    if view.status == QuestionStatus.FAILED:
        body["error"] = view.error or "Jira refused the question; see `voelspriet outbox`."
    return body
