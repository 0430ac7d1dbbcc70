"""Storing a submitted question: the question and its delivery job in one transaction.

A question the submitter was told about is always committed together with the outbox job that
takes it to Jira, so it cannot be lost between the two. Repeated submissions (same
Idempotency-Key, or same external id from the same source) return the question already stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from intake.schema import Intake
from store.models import Attachment, JobKind, OutboxJob, Question
from voelspriet.log import event
from voelspriet.runtime import Runtime

logger = logging.getLogger(__name__)


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before for a different submission."""

    def __init__(self, question_id: str) -> None:
        super().__init__(f"Idempotency-Key already used for another question ({question_id})")
        self.question_id = question_id


@dataclass(frozen=True)
class Submitted:
    question_id: str
    tracking_token: str
    status: str
    replayed: bool  # True when the question was already stored by an earlier, identical submission


def fingerprint_of(payload: Any) -> str:
    """A stable hash of a submission as received, to recognise the same body sent twice."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def submit_question(runtime: Runtime, intake: Intake, *, source: str = "form", language: str = "nl",
                    idempotency_key: str | None = None, fingerprint: str | None = None) -> Submitted:
    """Store the question and its CREATE_ISSUE job atomically, or return the one stored before.

    Raises IdempotencyConflict when `idempotency_key` was used for a different `fingerprint`.
    """
    fingerprint = fingerprint or fingerprint_of(intake.__dict__ | {"screenshot": _screenshot_hash(intake)})
    earlier = _earlier(runtime, source, idempotency_key, intake.external_id, fingerprint)
    if earlier:
        return earlier
    question = _new_question(intake, source, language, idempotency_key, fingerprint)
    try:
        with runtime.db.transaction() as session:
            session.add(question)
            session.flush()  # the job's foreign key needs the question row first
            session.add(OutboxJob(kind=JobKind.CREATE_ISSUE, question_id=question.id, payload={}))
    except IntegrityError:
        # Another request with the same key or external id committed first: answer with its question.
        earlier = _earlier(runtime, source, idempotency_key, intake.external_id, fingerprint)
        if earlier:
            return earlier
        raise
    event(logger, "question_received", question_id=question.id, source=source, team=intake.team,
          screenshot=intake.screenshot is not None)
    return Submitted(question.id, question.tracking_token, question.status, replayed=False)


def _earlier(runtime: Runtime, source: str, idempotency_key: str | None, external_id: str | None,
             fingerprint: str) -> Submitted | None:
    with runtime.db.transaction() as session:
        if idempotency_key:
            found = session.scalar(select(Question).where(
                Question.source == source, Question.idempotency_key == idempotency_key))
            if found is not None:
                if found.request_fingerprint != fingerprint:
                    raise IdempotencyConflict(found.id)
                return _replayed(found, "idempotency_key")
        if external_id:
            found = session.scalar(select(Question).where(
                Question.source == source, Question.external_id == external_id))
            if found is not None:
                return _replayed(found, "external_id")
    return None


def _replayed(question: Question, matched_by: str) -> Submitted:
    event(logger, "question_replayed", question_id=question.id, matched_by=matched_by)
    return Submitted(question.id, question.tracking_token, question.status, replayed=True)


def _new_question(intake: Intake, source: str, language: str, idempotency_key: str | None,
                  fingerprint: str) -> Question:
    question = Question(
        id="q_" + secrets.token_hex(8), tracking_token=secrets.token_urlsafe(24),
        ambassador_name=intake.name, ambassador_email=intake.email, team=intake.team, theme=intake.theme,
        phase=intake.phase, question=intake.question, details=intake.details, urgency=intake.urgency,
        colleagues=intake.colleagues, language=language, source=source, external_id=intake.external_id,
        idempotency_key=idempotency_key, request_fingerprint=fingerprint,
    )
    if intake.screenshot is not None:
        shot = intake.screenshot
        question.attachment = Attachment(filename=shot.filename, content_type=shot.content_type, data=shot.data)
    return question


def _screenshot_hash(intake: Intake) -> str | None:
    return intake.screenshot.sha256 if intake.screenshot else None
