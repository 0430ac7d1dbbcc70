"""The domain's durable records.

A question and its delivery job are always written in one transaction (the transactional
outbox), so a question the submitter was told about always reaches Jira eventually.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from store.types import UTCDateTime, utcnow


class Base(DeclarativeBase):
    pass


class QuestionStatus:
    RECEIVED = "received"  # stored, not yet in Jira
    SYNCED = "synced"  # Jira issue exists
    ANSWERED = "answered"  # resolved with an answer, published in the FAQ
    CLOSED = "closed"  # resolved without an FAQ entry
    FAILED = "failed"  # Jira refused it; needs `voelspriet outbox retry` after a fix


class Question(Base):
    __tablename__ = "questions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # public, e.g. "q_7f3a…"
    tracking_token: Mapped[str] = mapped_column(String(64), unique=True)
    ambassador_name: Mapped[str | None] = mapped_column(String(200))
    ambassador_email: Mapped[str | None] = mapped_column(String(320))
    team: Mapped[str] = mapped_column(String(64))  # slugs from the mappings
    theme: Mapped[str] = mapped_column(String(64))
    phase: Mapped[str] = mapped_column(String(64))
    question: Mapped[str | None] = mapped_column(String(255))  # raw text; never in the FAQ
    details: Mapped[str | None] = mapped_column(Text)
    urgency: Mapped[str] = mapped_column(String(32))
    colleagues: Mapped[int] = mapped_column(Integer, default=1)
    language: Mapped[str] = mapped_column(String(5), default="nl")
    source: Mapped[str] = mapped_column(String(32), default="form")  # form, api, typeform, …
    external_id: Mapped[str | None] = mapped_column(String(200))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    request_fingerprint: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=QuestionStatus.RECEIVED)
    jira_id: Mapped[str | None] = mapped_column(String(32), index=True)
    jira_key: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(Text)
    answer_markdown: Mapped[str | None] = mapped_column(Text)
    answer_html: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # e-mail sent
    # Jira's `updated` of the snapshot last applied: an older snapshot read later is ignored.
    jira_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    personal_data_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    attachment: Mapped[Attachment | None] = relationship(
        back_populates="question", uselist=False, cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("source", "idempotency_key", name="uq_questions_idempotency"),
        UniqueConstraint("source", "external_id", name="uq_questions_external_id"),
        Index("ix_questions_team_created", "team", "created_at"),
    )


class Attachment(Base):
    """The ambassador's screenshot, kept with the question until it is in Jira."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # in Jira since

    question: Mapped[Question] = relationship(back_populates="attachment")


class JobState:
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"  # permanent error; waits for `voelspriet outbox retry`


class JobKind:
    CREATE_ISSUE = "create_issue"  # question → Jira issue (+ attachment)
    REFRESH_ISSUE = "refresh_issue"  # re-read a Jira issue, recompute its FAQ entry
    NOTIFY_AMBASSADOR = "notify_ambassador"  # e-mail: your question was answered


class OutboxJob(Base):
    """Work that must happen at least once; handlers make it happen exactly once."""

    __tablename__ = "outbox_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    question_id: Mapped[str | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    subject: Mapped[str | None] = mapped_column(String(64))  # e.g. Jira issue id for refresh
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default=JobState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set before a create is sent: if the outcome is unknown (timeout), the retry must look
    # for the issue in Jira before creating again.
    create_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Declared so the unit of work inserts a question before the jobs that point at it.
    question: Mapped[Question | None] = relationship(lazy="raise_on_sql")

    __table_args__ = (
        Index("ix_outbox_due", "state", "next_attempt_at"),
        Index("ix_outbox_kind_subject", "kind", "subject"),
    )


class WebhookDelivery(Base):
    """Each Jira webhook delivery seen, so a repeated delivery is recognised."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    identifier: Mapped[str] = mapped_column(String(128), unique=True)
    event: Mapped[str | None] = mapped_column(String(64))
    jira_issue_id: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(64))  # queued, ignored:<reason>
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FaqEntry(Base):
    """One answered question as the organisation reads it. No personal data, ever."""

    __tablename__ = "faq_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    jira_issue_id: Mapped[str] = mapped_column(String(32), unique=True)
    jira_key: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    summary: Mapped[str] = mapped_column(String(255))
    answer_markdown: Mapped[str] = mapped_column(Text)
    answer_html: Mapped[str] = mapped_column(Text)
    team: Mapped[str] = mapped_column(String(64))
    theme: Mapped[str] = mapped_column(String(64))
    phase: Mapped[str] = mapped_column(String(64))
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    first_published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    jira_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # see Question

    __table_args__ = (Index("ix_faq_published_theme", "published", "theme"),)


class Marker(Base):
    """Small named values that must survive restarts (e.g. the last reconcile time)."""

    __tablename__ = "markers"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
