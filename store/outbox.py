"""The outbox's own schedule: enqueue, claim with a lease, then done, failed or try again later.

A claim is a short transaction of its own; the work (a Jira call) happens outside any
transaction; its result is written in another short one. A claim is a lease (`claimed_until`):
when a worker dies, its lease runs out and another worker takes the job over.

PostgreSQL claims with `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent workers never wait
for each other. SQLite has no row locks: every candidate is claimed with a conditional
`UPDATE … WHERE state = 'pending' AND lease expired` and only a row count of 1 means "ours".
SQLite serialises writers (busy_timeout), which makes that conditional update decisive.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from store.db import Database, is_sqlite
from store.models import JobKind, JobState, OutboxJob, Question, QuestionStatus
from store.types import utcnow

BACKOFF_BASE_SECONDS = 2.0
BACKOFF_CAP_SECONDS = 600.0  # keep trying every ~10 minutes through a long outage; never drop work
RETRY_AFTER_CAP_SECONDS = 3600.0  # a Retry-After longer than this is treated as a mistake


def enqueue(session: Session, kind: str, *, question_id: str | None = None, subject: str | None = None,
            payload: dict[str, Any] | None = None, not_before: datetime | None = None) -> OutboxJob:
    """Add a job in the caller's transaction (so it commits or rolls back with the caller's work)."""
    job = OutboxJob(kind=kind, question_id=question_id, subject=subject, payload=payload or {},
                    state=JobState.PENDING, next_attempt_at=not_before or utcnow())
    session.add(job)
    return job


def enqueue_once(session: Session, kind: str, subject: str, *, payload: dict[str, Any] | None = None,
                 question_id: str | None = None) -> OutboxJob:
    """Like `enqueue`, but reuse a job for the same subject that is waiting and not yet started.

    A job already claimed may have read old data, so a new one is added in that case.
    """
    now = utcnow()
    waiting = session.scalars(
        select(OutboxJob).where(
            OutboxJob.kind == kind, OutboxJob.subject == subject, OutboxJob.state == JobState.PENDING,
            or_(OutboxJob.claimed_until.is_(None), OutboxJob.claimed_until < now),
        ).limit(1)
    ).first()
    if waiting is not None:
        return waiting
    return enqueue(session, kind, subject=subject, payload=payload, question_id=question_id)


def _due(now: datetime):
    return (
        OutboxJob.state == JobState.PENDING,
        OutboxJob.next_attempt_at <= now,
        or_(OutboxJob.claimed_until.is_(None), OutboxJob.claimed_until < now),
    )


def claim_due(db: Database, worker_id: str, limit: int, lease_seconds: float,
              now: datetime | None = None) -> list[OutboxJob]:
    """Claim up to `limit` due jobs for `worker_id`; returns detached rows, oldest first."""
    now = now or utcnow()
    claim = {"claimed_by": worker_id, "claimed_until": now + timedelta(seconds=lease_seconds),
             "attempts": OutboxJob.attempts + 1}
    with db.transaction() as session:
        candidates = select(OutboxJob.id).where(*_due(now)).order_by(
            OutboxJob.next_attempt_at, OutboxJob.id).limit(limit)
        if is_sqlite(db.engine):
            ids = [job_id for job_id in session.scalars(candidates).all()
                   if _claim_one(session, job_id, now, claim)]
        else:
            ids = list(session.scalars(candidates.with_for_update(skip_locked=True)).all())
            if ids:
                session.execute(update(OutboxJob).where(OutboxJob.id.in_(ids)).values(**claim),
                                execution_options={"synchronize_session": False})
        if not ids:
            return []
        jobs = session.scalars(select(OutboxJob).where(OutboxJob.id.in_(ids))
                               .order_by(OutboxJob.next_attempt_at, OutboxJob.id)).all()
        session.expunge_all()
    return list(jobs)


def _claim_one(session: Session, job_id: int, now: datetime, claim: dict[str, Any]) -> bool:
    result = session.execute(
        update(OutboxJob).where(OutboxJob.id == job_id, *_due(now)).values(**claim),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount == 1


def renew(db: Database, job_ids: Sequence[int], worker_id: str, lease_seconds: float) -> int:
    """Extend the leases of jobs still being worked on; returns how many are still ours."""
    if not job_ids:
        return 0
    with db.transaction() as session:
        result = session.execute(
            update(OutboxJob)
            .where(OutboxJob.id.in_(job_ids), OutboxJob.claimed_by == worker_id,
                   OutboxJob.state == JobState.PENDING)
            .values(claimed_until=utcnow() + timedelta(seconds=lease_seconds)),
            execution_options={"synchronize_session": False},
        )
        return result.rowcount


def _ours(job: OutboxJob):
    # Only the holder of the claim may settle a job; a worker whose lease ran out must not
    # overwrite what its successor decided.
    return OutboxJob.id == job.id, OutboxJob.state == JobState.PENDING, OutboxJob.claimed_by == job.claimed_by


def mark_done(session: Session, job: OutboxJob, now: datetime | None = None) -> bool:
    """Done, in the caller's transaction (so it can commit together with the job's effect)."""
    result = session.execute(
        update(OutboxJob).where(*_ours(job)).values(
            state=JobState.DONE, done_at=now or utcnow(), claimed_by=None, claimed_until=None, last_error=None),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount == 1


def complete(db: Database, jobs: Iterable[OutboxJob]) -> None:
    with db.transaction() as session:
        for job in jobs:
            mark_done(session, job)


def backoff_delay(attempts: int, retry_after: float | None = None, rng: random.Random | None = None) -> float:
    """Capped exponential backoff with jitter ("equal jitter"), never shorter than Retry-After."""
    rng = rng or random
    exponential = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1))
    delay = exponential * rng.uniform(0.5, 1.0)
    if retry_after is not None:
        delay = max(delay, min(retry_after, RETRY_AFTER_CAP_SECONDS))
    return delay


def reschedule(db: Database, job: OutboxJob, error: str, retry_after: float | None = None) -> float:
    """Release the claim and try again after a backoff; returns the delay in seconds."""
    delay = backoff_delay(job.attempts, retry_after)
    with db.transaction() as session:
        session.execute(
            update(OutboxJob).where(*_ours(job)).values(
                next_attempt_at=utcnow() + timedelta(seconds=delay), claimed_by=None, claimed_until=None,
                last_error=error),
            execution_options={"synchronize_session": False},
        )
    return delay


def fail(db: Database, job: OutboxJob, error: str) -> None:
    """Retrying will not help: park the job until `voelspriet outbox retry`; tell the question why."""
    with db.transaction() as session:
        result = session.execute(
            update(OutboxJob).where(*_ours(job)).values(
                state=JobState.FAILED, claimed_by=None, claimed_until=None, last_error=error),
            execution_options={"synchronize_session": False},
        )
        if result.rowcount == 1 and job.kind == JobKind.CREATE_ISSUE and job.question_id:
            _question_failed(session, job.question_id, error)


def _question_failed(session: Session, question_id: str, error: str) -> None:
    question = session.get(Question, question_id)
    if question is None:
        return
    question.last_error = error
    if question.jira_id is None:  # an issue that exists (only its screenshot failed) stays "synced"
        question.status = QuestionStatus.FAILED


class NotRetryable(LookupError):
    """`outbox retry` was given something that is not a failed or waiting job."""


def retry(db: Database, target: str | None = None, all_failed: bool = False) -> list[int]:
    """Queue failed jobs again (after the configuration was fixed); returns the job ids.

    `target` is a job id or a question id; a waiting job named that way is made due now.
    """
    with db.transaction() as session:
        jobs = _retry_targets(session, target, all_failed)
        now = utcnow()
        for job in jobs:
            if job.state == JobState.FAILED:
                job.state, job.attempts = JobState.PENDING, 0
            job.next_attempt_at, job.last_error = now, None
            question = session.get(Question, job.question_id) if job.question_id else None
            if question is not None and question.status == QuestionStatus.FAILED:
                question.status, question.last_error = QuestionStatus.RECEIVED, None
        return [job.id for job in jobs]


def _retry_targets(session: Session, target: str | None, all_failed: bool) -> list[OutboxJob]:
    if all_failed:
        return list(session.scalars(select(OutboxJob).where(OutboxJob.state == JobState.FAILED)
                                    .order_by(OutboxJob.id)).all())
    if not target:
        raise NotRetryable("name a job id or question id, or use --all")
    column = OutboxJob.id if target.isdigit() else OutboxJob.question_id
    value: int | str = int(target) if target.isdigit() else target
    jobs = list(session.scalars(select(OutboxJob).where(
        column == value, OutboxJob.state.in_((JobState.FAILED, JobState.PENDING)))).all())
    if not jobs:
        raise NotRetryable(f"no failed or waiting job for {target!r}; `voelspriet outbox` lists them")
    return jobs


def list_jobs(db: Database, states: Sequence[str] = (JobState.FAILED, JobState.PENDING),
              limit: int = 500) -> list[OutboxJob]:
    """Jobs in the given states, failed first, then by when they are due."""
    with db.transaction() as session:
        jobs = session.scalars(
            select(OutboxJob).where(OutboxJob.state.in_(states))
            .order_by(OutboxJob.state, OutboxJob.next_attempt_at, OutboxJob.id).limit(limit)
        ).all()
        session.expunge_all()
    return list(jobs)


def mark_create_sent(db: Database, jobs: Sequence[OutboxJob], when: datetime) -> set[int]:
    """Committed *before* a create is sent: from now on a retry must look in Jira first.

    Returns the ids of the jobs still held by the claim they were handed out with. A worker that
    stalled past its lease must not send a create for a job another worker has taken over since:
    that worker may be creating the same issue.
    """
    return _set_create_sent(db, jobs, when)


def clear_create_sent(db: Database, jobs: Sequence[OutboxJob]) -> None:
    """Jira answered that nothing was created: a retry may create without looking first."""
    _set_create_sent(db, jobs, None)


def _set_create_sent(db: Database, jobs: Sequence[OutboxJob], when: datetime | None) -> set[int]:
    held: set[int] = set()
    if not jobs:
        return held
    with db.transaction() as session:
        for job in jobs:
            result = session.execute(update(OutboxJob).where(*_ours(job)).values(create_sent_at=when),
                                     execution_options={"synchronize_session": False})
            if result.rowcount == 1:
                held.add(job.id)
    return held
