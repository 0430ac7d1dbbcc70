"""Storing a question: question and delivery job together, once, whatever is repeated."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from intake import service
from intake.schema import Intake
from intake.screenshot import check_screenshot
from intake.service import IdempotencyConflict, submit_question
from store.models import Attachment, JobKind, JobState, OutboxJob, Question, QuestionStatus


def intake(**changes) -> Intake:
    data = dict(name="Anouk de Vries", email="anouk@wijkerveen.example", team="burgerzaken",
                theme="inloggen-en-rechten", phase="voor-livegang", question="Hoe zet ik een zaak over?",
                details="De knop ontbreekt.", urgency="normaal", colleagues=3)
    data.update(changes)
    return Intake(**data)


def rows(runtime, model):
    with runtime.db.transaction() as session:
        return session.scalars(select(model)).all()


def test_a_question_is_stored_with_its_delivery_job(any_runtime):
    submitted = submit_question(any_runtime, intake(), source="api", language="en")
    [question] = rows(any_runtime, Question)
    [job] = rows(any_runtime, OutboxJob)
    assert submitted.question_id == question.id and question.id.startswith("q_") and len(question.id) == 18
    assert submitted.tracking_token == question.tracking_token and len(question.tracking_token) >= 32
    assert (question.status, question.source, question.language) == (QuestionStatus.RECEIVED, "api", "en")
    assert (question.ambassador_name, question.team, question.colleagues) == ("Anouk de Vries", "burgerzaken", 3)
    assert (job.kind, job.question_id, job.state) == (JobKind.CREATE_ISSUE, question.id, JobState.PENDING)
    assert not submitted.replayed


def test_the_screenshot_is_stored_with_the_question(runtime):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")
    shot = check_screenshot("scherm.png", buffer.getvalue())
    submitted = submit_question(runtime, intake(screenshot=shot))
    [attachment] = rows(runtime, Attachment)
    assert (attachment.question_id, attachment.filename, attachment.content_type) == (
        submitted.question_id, "scherm.png", "image/png")
    assert attachment.data == buffer.getvalue()


def test_nothing_is_stored_when_the_job_cannot_be_written(runtime, monkeypatch):
    def broken_job(**_kwargs):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(service, "OutboxJob", broken_job)
    with pytest.raises(RuntimeError):
        submit_question(runtime, intake())
    assert rows(runtime, Question) == []


def test_the_same_idempotency_key_and_body_give_the_same_question(any_runtime):
    first = submit_question(any_runtime, intake(), source="api", idempotency_key="k-1", fingerprint="f")
    again = submit_question(any_runtime, intake(), source="api", idempotency_key="k-1", fingerprint="f")
    assert again.question_id == first.question_id and again.replayed
    assert len(rows(any_runtime, Question)) == 1 and len(rows(any_runtime, OutboxJob)) == 1


def test_the_same_key_with_another_body_is_a_conflict(runtime):
    first = submit_question(runtime, intake(), source="api", idempotency_key="k-1", fingerprint="f")
    with pytest.raises(IdempotencyConflict) as caught:
        submit_question(runtime, intake(question="Iets heel anders?"), source="api", idempotency_key="k-1",
                        fingerprint="g")
    assert caught.value.question_id == first.question_id
    assert len(rows(runtime, Question)) == 1


def test_keys_are_per_source(runtime):
    submit_question(runtime, intake(), source="api", idempotency_key="k-1", fingerprint="f")
    submit_question(runtime, intake(), source="form", idempotency_key="k-1", fingerprint="g")
    assert len(rows(runtime, Question)) == 2


def test_an_external_id_seen_before_returns_the_existing_question(any_runtime):
    first = submit_question(any_runtime, intake(external_id="typeform-77"), source="typeform")
    again = submit_question(any_runtime, intake(external_id="typeform-77", details="anders"), source="typeform")
    other = submit_question(any_runtime, intake(external_id="typeform-77"), source="openforms")
    assert again.question_id == first.question_id and again.replayed
    assert other.question_id != first.question_id
    assert len(rows(any_runtime, OutboxJob)) == 2


def test_a_concurrent_duplicate_returns_the_question_that_won(runtime, monkeypatch):
    winner = submit_question(runtime, intake(), source="api", idempotency_key="k-9", fingerprint="f")
    real_earlier = service._earlier
    calls = []

    def late_earlier(*args):
        calls.append(args)
        return None if len(calls) == 1 else real_earlier(*args)  # first look finds nothing, as in a race

    monkeypatch.setattr(service, "_earlier", late_earlier)
    again = submit_question(runtime, intake(), source="api", idempotency_key="k-9", fingerprint="f")
    assert again.question_id == winner.question_id
    assert len(rows(runtime, Question)) == 1 and len(rows(runtime, OutboxJob)) == 1


def test_no_personal_data_in_the_log(runtime, caplog):
    caplog.set_level("INFO")
    submit_question(runtime, intake())
    logged = " ".join(str(vars(r)) for r in caplog.records)
    assert "question_received" in logged
    for secret in ("Anouk", "anouk@wijkerveen.example", "Hoe zet ik", "De knop ontbreekt"):
        assert secret not in logged
