"""The outbox schedule, on SQLite and PostgreSQL: claims, leases, backoff, failure and retry."""

from __future__ import annotations

import random
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from store import outbox
from store.models import JobKind, JobState, OutboxJob, Question, QuestionStatus
from store.types import utcnow
from tests.connector.conftest import add_question, job_of, question_row


def _jobs(db, n: int) -> list[int]:
    with db.transaction() as session:
        jobs = [outbox.enqueue(session, JobKind.REFRESH_ISSUE, subject=str(i)) for i in range(n)]
        session.flush()
        return [job.id for job in jobs]


def test_concurrent_claimers_never_share_a_job(any_runtime):
    db = any_runtime.db
    all_ids = set(_jobs(db, 120))
    claimed: dict[str, list[int]] = {}
    start = threading.Barrier(4)

    def claimer(name: str) -> None:
        start.wait()
        mine = claimed.setdefault(name, [])
        for _ in range(200):  # bounded: stops long before when the queue is empty
            jobs = outbox.claim_due(db, name, limit=7, lease_seconds=60)
            if not jobs:
                return
            mine.extend(job.id for job in jobs)

    threads = [threading.Thread(target=claimer, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    everything = [job_id for ids in claimed.values() for job_id in ids]
    assert sorted(everything) == sorted(all_ids)  # every job claimed, none twice


def test_a_lease_keeps_others_away_until_it_runs_out(any_runtime):
    db = any_runtime.db
    [job_id] = _jobs(db, 1)
    [job] = outbox.claim_due(db, "crashed-worker", limit=5, lease_seconds=60)
    assert (job.id, job.claimed_by, job.attempts) == (job_id, "crashed-worker", 1)

    assert outbox.claim_due(db, "other", limit=5, lease_seconds=60) == []
    [again] = outbox.claim_due(db, "other", limit=5, lease_seconds=60, now=utcnow() + timedelta(seconds=61))
    assert (again.id, again.claimed_by, again.attempts) == (job_id, "other", 2)


def test_only_the_holder_of_the_claim_settles_the_job(any_runtime):
    db = any_runtime.db
    _jobs(db, 1)
    [stale] = outbox.claim_due(db, "slow", limit=1, lease_seconds=1)
    [current] = outbox.claim_due(db, "fast", limit=1, lease_seconds=60, now=utcnow() + timedelta(seconds=2))

    outbox.complete(db, [stale])  # the slow worker's lease ran out: it no longer decides
    with db.transaction() as session:
        assert session.get(OutboxJob, current.id).state == JobState.PENDING
    outbox.complete(db, [current])
    with db.transaction() as session:
        row = session.get(OutboxJob, current.id)
        assert (row.state, row.claimed_by, row.claimed_until) == (JobState.DONE, None, None)


def test_renewing_extends_the_lease(any_runtime):
    db = any_runtime.db
    _jobs(db, 1)
    [job] = outbox.claim_due(db, "me", limit=1, lease_seconds=5)
    assert outbox.renew(db, [job.id], "me", lease_seconds=120) == 1
    assert outbox.renew(db, [job.id], "someone-else", lease_seconds=120) == 0
    assert outbox.claim_due(db, "other", limit=1, lease_seconds=5, now=utcnow() + timedelta(seconds=60)) == []


def test_jobs_wait_until_their_next_attempt(any_runtime):
    db = any_runtime.db
    with db.transaction() as session:
        outbox.enqueue(session, JobKind.REFRESH_ISSUE, subject="later", not_before=utcnow() + timedelta(minutes=5))
    assert outbox.claim_due(db, "w", limit=5, lease_seconds=60) == []
    assert len(outbox.claim_due(db, "w", limit=5, lease_seconds=60, now=utcnow() + timedelta(minutes=6))) == 1


def test_reschedule_releases_the_claim_and_backs_off(any_runtime):
    db = any_runtime.db
    _jobs(db, 1)
    [job] = outbox.claim_due(db, "w", limit=1, lease_seconds=60)
    before = utcnow()

    delay = outbox.reschedule(db, job, "Jira is not available (HTTP 503)", retry_after=30)

    assert delay >= 30
    with db.transaction() as session:
        row = session.get(OutboxJob, job.id)
        assert (row.state, row.claimed_by) == (JobState.PENDING, None)
        assert row.last_error == "Jira is not available (HTTP 503)"
        assert row.next_attempt_at >= before + timedelta(seconds=30)


def test_backoff_is_exponential_capped_jittered_and_honours_retry_after():
    rng = random.Random(7)
    for attempts in range(1, 30):
        delay = outbox.backoff_delay(attempts, rng=rng)
        full = min(outbox.BACKOFF_CAP_SECONDS, outbox.BACKOFF_BASE_SECONDS * 2 ** (attempts - 1))
        assert full / 2 <= delay <= full
    assert outbox.backoff_delay(1, retry_after=45, rng=rng) == 45
    assert outbox.backoff_delay(1, retry_after=10**9, rng=rng) == outbox.RETRY_AFTER_CAP_SECONDS
    assert outbox.backoff_delay(12, retry_after=1, rng=rng) >= outbox.BACKOFF_CAP_SECONDS / 2


def test_failed_delivery_marks_the_question_and_retry_brings_both_back(any_runtime):
    db = any_runtime.db
    question_id = add_question(db)
    [job] = outbox.claim_due(db, "w", limit=1, lease_seconds=60)

    outbox.fail(db, job, "creating the Jira issue: Jira refused it (HTTP 400): customfield_10010: bad option")

    assert job_of(db, question_id).state == JobState.FAILED
    row = question_row(db, question_id)
    assert row.status == QuestionStatus.FAILED
    assert row.last_error.endswith("customfield_10010: bad option")
    assert outbox.claim_due(db, "w", limit=1, lease_seconds=60) == []

    assert outbox.retry(db, question_id) == [job.id]

    again = job_of(db, question_id)
    assert (again.state, again.attempts, again.last_error) == (JobState.PENDING, 0, None)
    row = question_row(db, question_id)
    assert (row.status, row.last_error) == (QuestionStatus.RECEIVED, None)
    assert [j.id for j in outbox.claim_due(db, "w", limit=1, lease_seconds=60)] == [job.id]


def test_retry_all_and_retry_of_unknown_jobs(any_runtime):
    db = any_runtime.db
    ids = [add_question(db) for _ in range(3)]
    for job in outbox.claim_due(db, "w", limit=3, lease_seconds=60)[:2]:
        outbox.fail(db, job, "refused")

    assert len(outbox.retry(db, all_failed=True)) == 2
    assert {job_of(db, q).state for q in ids} == {JobState.PENDING}
    with pytest.raises(outbox.NotRetryable, match="no failed or waiting job for '999'"):
        outbox.retry(db, "999")


def test_listing_shows_failed_first_then_waiting(any_runtime):
    db = any_runtime.db
    first, second = add_question(db), add_question(db)
    [job, _] = outbox.claim_due(db, "w", limit=2, lease_seconds=60)
    outbox.fail(db, job, "refused")
    listed = outbox.list_jobs(db)
    assert [(j.question_id, j.state) for j in listed] == [(first, "failed"), (second, "pending")]


def test_enqueue_once_reuses_a_waiting_job_but_not_one_in_progress(any_runtime):
    db = any_runtime.db
    with db.transaction() as session:
        first = outbox.enqueue_once(session, JobKind.REFRESH_ISSUE, "20001")
        session.flush()
        assert outbox.enqueue_once(session, JobKind.REFRESH_ISSUE, "20001").id == first.id
    outbox.claim_due(db, "w", limit=1, lease_seconds=60)
    with db.transaction() as session:
        outbox.enqueue_once(session, JobKind.REFRESH_ISSUE, "20001")
    with db.transaction() as session:
        assert len(session.scalars(select(OutboxJob)).all()) == 2


def test_question_of_a_failed_job_with_an_issue_stays_synced(any_runtime):
    db = any_runtime.db
    question_id = add_question(db)
    with db.transaction() as session:
        row = session.get(Question, question_id)
        row.jira_id, row.jira_key, row.status = "20001", "ZAAK-1", QuestionStatus.SYNCED
    [job] = outbox.claim_due(db, "w", limit=1, lease_seconds=60)
    outbox.fail(db, job, "attaching the screenshot: too large for Jira (HTTP 413)")
    row = question_row(db, question_id)
    assert (row.status, row.jira_key) == (QuestionStatus.SYNCED, "ZAAK-1")
    assert "HTTP 413" in row.last_error
