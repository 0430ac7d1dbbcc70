"""`voelspriet demo`: the whole loop on this machine, seeded with realistic questions."""

from __future__ import annotations

import dataclasses
import logging
import os
import secrets
import signal
import tempfile
import threading
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import click
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from intake.service import submit_question
from intake.status import tracking_url
from mappings import Mappings, load_mappings
from store.models import Question, QuestionStatus
from voelspriet.config import DEFAULT_MAPPINGS
from voelspriet.demo_seed import SEED, SeedQuestion
from voelspriet.log import event
from voelspriet.stack import LocalStack, wait_until

log = logging.getLogger(__name__)
DEMO_LEAD = "projectleider"


DEMO_GO_LIVE_DAYS_AGO = 28  # the demo plays four weeks after go-live, so every phase has happened


def demo_mappings(today: date) -> Mappings:
    """The example mappings with the go-live moved to four weeks ago."""
    example = load_mappings(DEFAULT_MAPPINGS)
    return dataclasses.replace(example, go_live=today - timedelta(days=DEMO_GO_LIVE_DAYS_AGO))


def _asked_on(mappings: Mappings, phase: str, index: int, today: date) -> date:
    """A plausible day in the question's phase, spread by its place in the seed list."""
    start = {"before": mappings.go_live - timedelta(days=20), "window": mappings.go_live,
             "after": mappings.go_live + timedelta(days=mappings.window_days)}[mappings.phase(phase).when]
    span = {"before": 19, "window": mappings.window_days - 1}.get(mappings.phase(phase).when,
                                                                  (today - start).days)
    return start + timedelta(days=(index * 5) % max(span, 1))


def _backdate(stack: LocalStack, question_ids: list[str], questions: tuple[SeedQuestion, ...]) -> None:
    """Give the seeded questions a history so the dashboard's trend and times mean something."""
    today = datetime.now(UTC).date()
    with stack.runtime.db.transaction() as session:
        for index, (question_id, item) in enumerate(zip(question_ids, questions, strict=True)):
            day = _asked_on(stack.runtime.mappings, item.intake.phase, index, today)
            session.get(Question, question_id).created_at = datetime.combine(day, time(9, 30), UTC)


def seed(stack: LocalStack, questions: tuple[SeedQuestion, ...] = SEED, timeout: float = 45.0) -> list[str]:
    """File the questions, wait until Jira has them, then answer some as IT would."""
    runtime = stack.runtime
    ids = []
    for item in questions:
        ids.append(submit_question(runtime, item.intake, source="demo").question_id)
    _backdate(stack, ids, questions)
    keys = wait_until(lambda: _jira_keys(stack, ids), timeout, "the demo questions to reach the sandbox Jira")
    for item, question_id in zip(questions, ids, strict=True):
        key = keys[question_id]
        if item.answer:
            stack.sandbox.comment(key, item.answer)
            stack.sandbox.resolve(key)
        elif item.close_without_faq:
            stack.sandbox.comment(key, "Dit is per collega verschillend; we hebben het telefonisch opgelost.")
            stack.sandbox.resolve(key)
    answered = sum(1 for item in questions if item.answer)
    wait_until(lambda: _count(stack, QuestionStatus.ANSWERED) >= answered, timeout,
               "the answers to reach the FAQ")
    return ids


def _jira_keys(stack: LocalStack, ids: list[str]) -> dict[str, str] | None:
    with stack.runtime.db.sessions() as session:
        rows = session.execute(select(Question.id, Question.jira_key).where(Question.id.in_(ids))).all()
    keys = {qid: key for qid, key in rows if key}
    return keys if len(keys) == len(ids) else None


def _count(stack: LocalStack, status: str) -> int:
    with stack.runtime.db.sessions() as session:
        return len(session.scalars(select(Question.id).where(Question.status == status)).all())


def _tracking_example(stack: LocalStack, question_id: str) -> str:
    with stack.runtime.db.sessions() as session:
        token = session.get(Question, question_id).tracking_token
    return tracking_url(stack.url, token)


def banner(stack: LocalStack, first_question: str, lead_password: str = "") -> str:
    rows = [
        ("Ambassador form", f"{stack.url}/"),
        ("FAQ", f"{stack.url}/faq"),
        ("Dashboard", f"{stack.url}/dashboard  (log in as {DEMO_LEAD}, password {lead_password})"),
        ("FAQ files", str(stack.runtime.settings.faq_dir)),
        ("A tracking page", _tracking_example(stack, first_question)),
        ("Sandbox Jira (IT view)", f"{stack.sandbox.url}/"),
        ("JSON API", f"{stack.url}/api/v1/questions  (Authorization: Bearer {stack.api_token})"),
        ("Health / metrics", f"{stack.url}/healthz  {stack.url}/metrics"),
    ]
    width = max(len(name) for name, _ in rows)
    lines = ["", "Voelspriet demo is running (Ctrl-C stops everything)"]
    lines += [f"  {name.ljust(width)}  {value}" for name, value in rows]
    lines += ["", "Try it: file a question in the form, open it in the IT view, comment 'FAQ: …',",
              "resolve it, and watch the FAQ and the tracking page.", ""]
    return "\n".join(lines)


@click.command()
@click.option("--port", default=8000, show_default=True, type=int, help="Web app port; the sandbox Jira uses +1.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--deployment", type=click.Choice(["cloud", "datacenter"]), default="cloud", show_default=True)
def demo(port: int, host: str, deployment: str) -> None:
    """Run everything on this machine with the sandbox Jira, seeded with example questions."""
    if "VOELSPRIET_LOG_LEVEL" not in os.environ:
        # Keep the printed URLs readable; set VOELSPRIET_LOG_LEVEL=INFO to watch every event.
        logging.getLogger().setLevel(logging.WARNING)
    folder = Path(tempfile.mkdtemp(prefix="voelspriet-demo-"))
    lead_password = secrets.token_urlsafe(9)
    lead_user = f"{DEMO_LEAD}:{generate_password_hash(lead_password)}"
    stack = LocalStack(folder, host=host, app_port=port, sandbox_port=port + 1 if port else 0,
                       deployment=deployment, env={"VOELSPRIET_DASHBOARD_USERS": lead_user},
                       mappings=demo_mappings(datetime.now(UTC).date()))
    stopping = _stop_on_signals()
    try:
        stack.start()
        ids = seed(stack)
        click.echo(banner(stack, ids[0], lead_password))
        event(log, "demo_ready", folder=str(folder))
        stopping.wait()
        click.echo("\nStopping the demo…")
    finally:
        stack.stop()


def _stop_on_signals() -> threading.Event:
    """Ctrl-C and SIGTERM stop the demo cleanly, even when the demo was started with SIGINT ignored
    (as a shell does for background jobs)."""
    stopping = threading.Event()

    def on_signal(_signum: int, _frame) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    return stopping
