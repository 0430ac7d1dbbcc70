"""Real `voelspriet worker` processes against a fake Jira on 127.0.0.1: kill, restart, run several."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select

from store.models import JobState, OutboxJob, Question
from tests.conftest import make_settings
from tests.connector.conftest import add_question
from tests.connector.fake_jira import FakeJira
from voelspriet.runtime import build_runtime

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
VOELSPRIET = Path(sys.executable).parent / "voelspriet"


def _env(tmp_path: Path, database_url: str, jira_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VOELSPRIET_")}
    env.update({
        "VOELSPRIET_INSTANCE": str(tmp_path / "instance"),
        "VOELSPRIET_DATABASE_URL": database_url,
        "VOELSPRIET_SECRET_KEY": "test-secret-key-" + "x" * 16,
        "VOELSPRIET_JIRA_URL": jira_url,
        "VOELSPRIET_JIRA_USER": "bot@example.org",
        "VOELSPRIET_JIRA_TOKEN": "jira-token-never-logged",
        "VOELSPRIET_JIRA_PROJECT": "ZAAK",
        "VOELSPRIET_PUBLIC_URL": "https://voelspriet.example.test",
        "VOELSPRIET_WORKER_LEASE": "1.5",  # a killed worker's jobs come back quickly
        "VOELSPRIET_JIRA_SETTLE": "0.5",
        "VOELSPRIET_WORKER_POLL": "0.1",
    })
    return env


@contextmanager
def workers(env: dict[str, str], log_dir: Path, count: int = 1, *args: str) -> Iterator[list[subprocess.Popen]]:
    logs = [open(log_dir / f"worker-{time.monotonic_ns()}-{i}.log", "wb") for i in range(count)]  # noqa: SIM115
    procs = [subprocess.Popen([str(VOELSPRIET), "worker", *args], env=env, stdout=log, stderr=subprocess.STDOUT)
             for log in logs]
    try:
        yield procs
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
        for log in logs:
            log.close()


def _all_done(db) -> bool:
    with db.transaction() as session:
        return not session.scalar(select(func.count()).select_from(OutboxJob).where(OutboxJob.state != JobState.DONE))


def _wait(condition, timeout: float, log_dir: Path) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            logs = "\n".join(p.read_text(errors="replace")[-3000:] for p in log_dir.glob("worker-*.log"))
            pytest.fail(f"not done within {timeout} s; worker logs:\n{logs}")
        time.sleep(0.1)


def _keys(db) -> dict[str, str | None]:
    with db.transaction() as session:
        return {q.id: q.jira_key for q in session.scalars(select(Question))}


def test_a_worker_killed_during_delivery_leaves_every_question_in_jira_exactly_once(tmp_path, example_mappings):
    runtime = build_runtime(make_settings(tmp_path, f"sqlite:///{tmp_path / 'v.db'}"), example_mappings, upgrade=True)
    ids = [add_question(runtime.db, question=f"Vraag {i}") for i in range(30)]
    with FakeJira() as jira:
        jira.create_delay = 30.0  # Jira stores the issues, then answers too late for the first worker
        env = _env(tmp_path, runtime.settings.database_url, jira.url)
        with workers(env, tmp_path) as [first]:
            assert jira.create_started.wait(30), "the worker never sent a create"
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        assert len(jira.issues) == 30  # made in Jira, unknown to Voelspriet
        jira.create_delay = 0.0

        with workers(env, tmp_path) as [second]:
            _wait(lambda: _all_done(runtime.db), 60, tmp_path)
            second.send_signal(signal.SIGTERM)
            assert second.wait(15) == 0

        assert sorted(jira.question_ids()) == sorted(ids)  # each question once, none twice
        by_marker = {i["fields"]["description"].rsplit(" ", 1)[-1]: i["key"] for i in jira.issues}
    assert _keys(runtime.db) == by_marker
    runtime.close()


def test_sigterm_during_a_create_finishes_the_round_before_the_worker_exits(tmp_path, example_mappings):
    runtime = build_runtime(make_settings(tmp_path, f"sqlite:///{tmp_path / 'v.db'}"), example_mappings, upgrade=True)
    ids = [add_question(runtime.db, question=f"Vraag {i}") for i in range(20)]
    with FakeJira() as jira:
        jira.create_delay = 2.0  # the create is on its way when the stop request comes
        with workers(_env(tmp_path, runtime.settings.database_url, jira.url), tmp_path) as [worker]:
            assert jira.create_started.wait(30), "the worker never sent a create"
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(30) == 0
        assert jira.count("POST", "/rest/api/2/issue") == 1  # one bulk create, then a clean stop
        by_marker = {i["fields"]["description"].rsplit(" ", 1)[-1]: i["key"] for i in jira.issues}
    assert sorted(by_marker) == sorted(ids)
    assert _keys(runtime.db) == by_marker and _all_done(runtime.db)  # Jira's answer was not left behind
    runtime.close()


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_three_workers_at_once_deliver_every_question_once(tmp_path, example_mappings, database_url):
    runtime = build_runtime(make_settings(tmp_path, database_url), example_mappings, upgrade=True)
    ids = [add_question(runtime.db, question=f"Vraag {i}") for i in range(150)]
    with FakeJira(latency=0.02) as jira:
        env = _env(tmp_path, database_url, jira.url)
        with workers(env, tmp_path, 3, "--concurrency", "1") as procs:
            _wait(lambda: _all_done(runtime.db), 60, tmp_path)
            for proc in procs:
                proc.send_signal(signal.SIGTERM)
            assert [proc.wait(15) for proc in procs] == [0, 0, 0]  # a graceful stop
        assert sorted(jira.question_ids()) == sorted(ids)
        assert jira.count("POST", "/rest/api/2/issue") >= 3  # bulk calls, not one per question
    assert None not in _keys(runtime.db).values()
    runtime.close()
