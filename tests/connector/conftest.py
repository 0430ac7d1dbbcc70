"""Helpers for the delivery tests: questions in the database, a mocked Jira, captured log lines."""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import responses

from store.db import Database
from store.models import Attachment, JobKind, OutboxJob, Question
from store.types import utcnow
from tests.connector.fake_jira import FIELDS, PRIORITIES, PROJECT
from voelspriet.log import JsonFormatter

JIRA = "https://jira.example.test"
API = f"{JIRA}/rest/api/2"
PNG = b"\x89PNG\r\n\x1a\n" + b"screenshot-bytes" * 20


def add_question(db: Database, *, question: str = "Hoe koppel ik een zaak aan de BRP?",
                 details: str = "Het scherm blijft leeg na opslaan.", name: str = "Jan de Vries",
                 team: str = "kcc", theme: str = "koppelingen", phase: str = "livegang", urgency: str = "normaal",
                 colleagues: int = 3, screenshot: bytes | None = None, created_at: datetime | None = None,
                 with_job: bool = True) -> str:
    """A stored question plus its CREATE_ISSUE job, as intake stores them; returns the question id."""
    question_id = "q_" + secrets.token_hex(8)
    with db.transaction() as session:
        session.add(Question(
            id=question_id, tracking_token=secrets.token_urlsafe(24), ambassador_name=name,
            ambassador_email="jan@example.org", team=team, theme=theme, phase=phase, question=question,
            details=details, urgency=urgency, colleagues=colleagues, created_at=created_at or utcnow()))
        session.flush()
        if screenshot is not None:
            session.add(Attachment(question_id=question_id, filename="scherm.png", content_type="image/png",
                                   data=screenshot))
        if with_job:
            session.add(OutboxJob(kind=JobKind.CREATE_ISSUE, question_id=question_id))
    return question_id


def question_row(db: Database, question_id: str) -> Question:
    with db.transaction() as session:
        row = session.get(Question, question_id)
        session.expunge(row)
    return row


def job_of(db: Database, question_id: str) -> OutboxJob:
    from sqlalchemy import select

    with db.transaction() as session:
        row = session.scalars(select(OutboxJob).where(OutboxJob.question_id == question_id)).one()
        session.expunge(row)
    return row


def make_due(db: Database) -> None:
    """Jump over the backoff of every waiting job (instead of sleeping through it)."""
    from sqlalchemy import update

    with db.transaction() as session:
        session.execute(update(OutboxJob).values(next_attempt_at=utcnow()))


def register_metadata(rsps: responses.RequestsMock) -> None:
    rsps.get(f"{API}/project/ZAAK", json=PROJECT)
    rsps.get(f"{API}/priority", json=PRIORITIES)
    rsps.get(f"{API}/field", json=FIELDS)


def calls(rsps: responses.RequestsMock, method: str, path: str) -> list[Any]:
    """The calls made to one endpoint (path without query string)."""
    return [c for c in rsps.calls if c.request.method == method and c.request.url.split("?")[0] == JIRA + path]


def sent_json(call: Any) -> Any:
    return json.loads(call.request.body)


@pytest.fixture
def jira_mock() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        register_metadata(rsps)
        yield rsps


@pytest.fixture
def log_lines(caplog: pytest.LogCaptureFixture):
    """Every log record as the JSON line production would write."""
    caplog.set_level(logging.DEBUG)
    formatter = JsonFormatter()

    def lines() -> list[str]:
        return [formatter.format(record) for record in caplog.records]

    return lines


def events(log_lines_now: list[str], name: str) -> list[dict[str, Any]]:
    return [line for line in map(json.loads, log_lines_now) if line["event"] == name]
