"""Delivery: 1,000 waiting questions to a Jira that answers in 50 ms.

Measures, in one run and against the same local fake Jira, (a) one `create_issue` call after
another and (b) the outbox worker (bulk create of up to 50, two batches in flight, with all
its database work: claim, `create_sent_at`, results). Target: (b) at least 10 times faster.
"""

from __future__ import annotations

import logging
import secrets
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from connector.client import JiraClient
from connector.issue_builder import build_issue
from connector.worker import Worker
from store.models import JobKind, JobState, OutboxJob, Question
from store.types import utcnow
from tests.connector.fake_jira import FakeJira
from voelspriet.config import load_settings
from voelspriet.runtime import Runtime, build_runtime

QUESTIONS = 1000
LATENCY = 0.05
TARGET = 10.0


def _question(n: int) -> Question:
    return Question(id="q_" + secrets.token_hex(8), tracking_token=secrets.token_urlsafe(24),
                    ambassador_name="Ambassadeur", ambassador_email="a@example.org", team="kcc",
                    theme="koppelingen", phase="livegang", question=f"Benchmarkvraag {n}",
                    details="Toelichting.", urgency="normaal", colleagues=1, created_at=utcnow())


def _one_after_another(runtime: Runtime, count: int) -> float:
    client = JiraClient(runtime.settings, runtime.mappings)
    drafts = [build_issue(_question(n), runtime.mappings, runtime.settings.public_url) for n in range(count)]
    client.project(), client.priority_ids(), client.fields()  # metadata outside the measurement
    started = time.perf_counter()
    for draft in drafts:
        client.create_issues([draft])
    return time.perf_counter() - started


def _outbox(runtime: Runtime, count: int) -> float:
    with runtime.db.transaction() as session:
        for n in range(count):
            question = _question(n)
            session.add(question)
            session.flush()
            session.add(OutboxJob(kind=JobKind.CREATE_ISSUE, question_id=question.id))
    runtime.jira.project(), runtime.jira.priority_ids(), runtime.jira.fields()
    worker = Worker(runtime)
    started = time.perf_counter()
    try:
        while worker.run_once():
            pass
    finally:
        worker.close()
    elapsed = time.perf_counter() - started
    with runtime.db.transaction() as session:
        left = session.scalar(select(func.count()).select_from(OutboxJob).where(OutboxJob.state != JobState.DONE))
    if left:
        raise RuntimeError(f"{left} jobs were not delivered")
    return elapsed


def main(questions: int = QUESTIONS, latency: float = LATENCY) -> bool:
    logging.getLogger().setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp, FakeJira(latency=latency) as jira:
        settings = load_settings({
            "VOELSPRIET_DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.db'}", "VOELSPRIET_SECRET_KEY": "bench" * 8,
            "VOELSPRIET_JIRA_URL": jira.url, "VOELSPRIET_JIRA_USER": "bench@example.org",
            "VOELSPRIET_JIRA_TOKEN": "bench-token", "VOELSPRIET_JIRA_PROJECT": "ZAAK",
        }, instance_path=Path(tmp))
        runtime = build_runtime(settings, upgrade=True)
        try:
            print(f"{questions} waiting questions, Jira answers in {latency * 1000:.0f} ms", flush=True)
            single = _one_after_another(runtime, questions)
            print(f"  one create_issue after another: {single:6.1f} s ({questions / single:6.0f} questions/s)")
            jira.issues.clear()
            bulk = _outbox(runtime, questions)
            print(f"  outbox worker (bulk of 50, 2 in flight): {bulk:6.1f} s ({questions / bulk:6.0f} questions/s)")
            if len(jira.issues) != questions or len(set(jira.question_ids())) != questions:
                raise RuntimeError("the outbox run did not make exactly one issue per question")
        finally:
            runtime.close()
    ratio = single / bulk
    print(f"  speed-up: {ratio:.1f}x (target: at least {TARGET:.0f}x)")
    return ratio >= TARGET


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
