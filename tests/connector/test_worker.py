"""The worker loop with stand-in handlers: batching, outcomes, leases, hooks, start and stop."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from connector.errors import JiraPermanent, JiraRetryable
from connector.worker import PeriodicHook, Worker, start_worker_thread
from store import outbox
from store.models import JobKind, JobState, OutboxJob
from store.types import utcnow
from tests.connector.conftest import API, add_question, events, job_of, question_row
from voelspriet.stack import wait_until

CREATED = {"id": "20001", "key": "ZAAK-1"}


def _refresh_jobs(db, n: int) -> list[int]:
    with db.transaction() as session:
        jobs = [outbox.enqueue(session, JobKind.REFRESH_ISSUE, subject=str(20000 + i)) for i in range(n)]
        session.flush()
        return [job.id for job in jobs]


def _states(db) -> dict[int, str]:
    with db.transaction() as session:
        return {job.id: job.state for job in session.query(OutboxJob)}


def test_batches_hold_at_most_50_jobs_of_one_kind(runtime):
    _refresh_jobs(runtime.db, 120)
    seen: list[tuple[str, int]] = []

    def handler(_runtime, jobs):
        seen.append((jobs[0].kind, len(jobs)))
        assert {job.kind for job in jobs} == {JobKind.REFRESH_ISSUE}
        return dict.fromkeys(job.id for job in jobs)

    worker = Worker(runtime, concurrency=3, handlers={JobKind.REFRESH_ISSUE: handler})
    try:
        assert worker.run_once() == 120
    finally:
        worker.close()
    assert sorted(size for _, size in seen) == [20, 50, 50]
    assert set(_states(runtime.db).values()) == {JobState.DONE}


def test_outcomes_done_retry_and_failed(runtime):
    done, later, broken = _refresh_jobs(runtime.db, 3)

    def handler(_runtime, jobs):
        return {done: None, later: JiraRetryable("Jira is busy", status=503, retry_after=90),
                broken: JiraPermanent("Jira refused it", status=400, detail="veld onbekend")}

    worker = Worker(runtime, handlers={JobKind.REFRESH_ISSUE: handler})
    before = utcnow()
    try:
        worker.run_once()
    finally:
        worker.close()
    with runtime.db.transaction() as session:
        rows = {job.id: job for job in session.query(OutboxJob)}
    assert rows[done].state == JobState.DONE
    assert rows[later].state == JobState.PENDING and rows[later].next_attempt_at >= before + timedelta(seconds=90)
    assert rows[broken].state == JobState.FAILED and rows[broken].last_error == "Jira refused it: veld onbekend"


def test_a_handler_that_cannot_be_imported_keeps_the_jobs_waiting(runtime, log_lines):
    [job_id] = _refresh_jobs(runtime.db, 1)
    worker = Worker(runtime, handlers={JobKind.REFRESH_ISSUE: "faq.does_not_exist.refresh_issues"})
    try:
        worker.run_once()
    finally:
        worker.close()
    job = _job(runtime.db, job_id)
    assert job.state == JobState.PENDING and "handler could not run (ModuleNotFoundError)" in job.last_error
    [logged] = events(log_lines(), "outbox_handler_unavailable")
    assert logged["error"] == "ModuleNotFoundError" and logged["kind"] == JobKind.REFRESH_ISSUE


def test_a_crashing_handler_does_not_fail_the_jobs(runtime):
    [job_id] = _refresh_jobs(runtime.db, 1)

    def handler(_runtime, _jobs):
        raise RuntimeError("bug with private text")

    worker = Worker(runtime, handlers={JobKind.REFRESH_ISSUE: handler})
    try:
        worker.run_once()
    finally:
        worker.close()
    job = _job(runtime.db, job_id)
    assert job.state == JobState.PENDING and "private text" not in job.last_error


def _job(db, job_id: int) -> OutboxJob:
    with db.transaction() as session:
        job = session.get(OutboxJob, job_id)
        session.expunge(job)
    return job


def test_leases_are_renewed_while_a_slow_handler_works(runtime):
    runtime.settings = runtime.settings.with_overrides(worker_lease_seconds=0.6)
    [job_id] = _refresh_jobs(runtime.db, 1)
    release = threading.Event()
    first_lease = []

    def slow(_runtime, jobs):
        first_lease.append(jobs[0].claimed_until)
        release.wait(10)
        return {jobs[0].id: None}

    worker = Worker(runtime, handlers={JobKind.REFRESH_ISSUE: slow})
    runner = threading.Thread(target=worker.run_once)
    runner.start()
    try:
        wait_until(lambda: first_lease and _job(runtime.db, job_id).claimed_until > first_lease[0] + timedelta(
            seconds=0.3), 10, "the lease to be renewed")
        # the lease first given has run out, but the job is still held: nobody else may take it
        assert outbox.claim_due(runtime.db, "other", 5, 60, now=first_lease[0] + timedelta(seconds=0.1)) == []
    finally:
        release.set()
        runner.join(10)
        worker.close()
    assert _job(runtime.db, job_id).state == JobState.DONE


def test_a_crashed_workers_jobs_are_delivered_by_the_next_worker(runtime, jira_mock):
    question_id = add_question(runtime.db)
    outbox.claim_due(runtime.db, "killed-worker", 10, lease_seconds=60)  # claimed, never settled
    jira_mock.post(f"{API}/issue", json=CREATED, status=201)

    worker = Worker(runtime)
    try:
        assert worker.run_once() == 0  # the lease still holds
        with runtime.db.transaction() as session:
            session.query(OutboxJob).update({"claimed_until": utcnow() - timedelta(seconds=1)})
        assert worker.run_once() == 1
    finally:
        worker.close()
    assert question_row(runtime.db, question_id).jira_key == "ZAAK-1"


def test_worker_thread_delivers_and_stops_on_request(runtime, jira_mock):
    runtime.settings = runtime.settings.with_overrides(worker_poll_seconds=0.05)
    jira_mock.post(f"{API}/issue", json=CREATED, status=201)
    stop = start_worker_thread(runtime)
    try:
        question_id = add_question(runtime.db)  # arrives while the worker is already polling
        wait_until(lambda: job_of(runtime.db, question_id).state == JobState.DONE, 10, "the question to be delivered")
    finally:
        started = time.monotonic()
        stop()
    assert time.monotonic() - started < 5
    assert not any(t.name == "outbox-worker" and t.is_alive() for t in threading.enumerate())


def test_jobs_waiting_when_a_worker_stops_are_delivered_by_the_next_one(runtime, jira_mock):
    runtime.settings = runtime.settings.with_overrides(worker_poll_seconds=0.05)
    jira_mock.post(f"{API}/issue", json=CREATED, status=201)
    stop = start_worker_thread(runtime, handlers={})  # a worker that cannot deliver anything
    question_id = add_question(runtime.db)
    stop()
    assert job_of(runtime.db, question_id).state == JobState.PENDING

    stop = start_worker_thread(runtime)  # "after a restart"
    try:
        wait_until(lambda: job_of(runtime.db, question_id).state == JobState.DONE, 10, "the question to be delivered")
    finally:
        stop()


def test_periodic_hooks_run_at_start_and_then_on_their_interval(runtime):
    runs: list[float] = []
    hook = PeriodicHook("count", lambda _rt: runs.append(time.monotonic()), interval=lambda settings: 3600)
    worker = Worker(runtime, hooks=[hook])
    try:
        worker.run_due_hooks()
        worker.run_due_hooks()
    finally:
        worker.close()
    assert len(runs) == 1


def test_a_failing_hook_is_logged_and_does_not_stop_the_worker(runtime, log_lines):
    def boom(_rt):
        raise ValueError("secret detail")

    worker = Worker(runtime, hooks=[PeriodicHook("reconcile", boom, interval=lambda s: 0.0)])
    try:
        worker.run_due_hooks()
        worker.run_due_hooks()
    finally:
        worker.close()
    failures = events(log_lines(), "periodic_hook_failed")
    assert len(failures) == 2 and failures[0]["error"] == "ValueError"
    assert all("secret detail" not in line for line in log_lines())
