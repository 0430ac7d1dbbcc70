"""Ambassadors' names and e-mail addresses disappear after the retention period, nothing else does."""

from __future__ import annotations

from datetime import timedelta

from click.testing import CliRunner
from sqlalchemy import select

from connector.worker import PERIODIC_HOOKS
from store.models import Question, QuestionStatus, WebhookDelivery
from store.retention import purge_personal_data
from store.types import utcnow


def _question(qid: str, closed_days_ago: int | None, status: str = QuestionStatus.ANSWERED) -> Question:
    now = utcnow()
    return Question(id=qid, tracking_token="tok-" + qid, ambassador_name="Karin Willems",
                    ambassador_email="k.willems@wijkerveen.example", team="kcc", theme="training",
                    phase="livegang", question="Wanneer is de training?", urgency="normaal", colleagues=1,
                    status=status, created_at=now - timedelta(days=400),
                    closed_at=None if closed_days_ago is None else now - timedelta(days=closed_days_ago))


def _seed(runtime) -> None:
    with runtime.db.transaction() as session:
        session.add_all([
            _question("q_old_closed", 181),
            _question("q_recent_closed", 179),
            _question("q_still_open", None, QuestionStatus.SYNCED),
        ])
        session.add(WebhookDelivery(identifier="old", outcome="queued", received_at=utcnow() - timedelta(days=31)))
        session.add(WebhookDelivery(identifier="new", outcome="queued", received_at=utcnow() - timedelta(days=1)))


def _contacts(runtime) -> dict[str, tuple]:
    with runtime.db.sessions() as session:
        rows = session.execute(select(Question.id, Question.ambassador_name, Question.ambassador_email,
                                      Question.question)).all()
    return {qid: (name, email, text) for qid, name, email, text in rows}


def test_only_questions_closed_longer_than_the_retention_lose_their_contact_details(any_runtime):
    _seed(any_runtime)
    report = purge_personal_data(any_runtime.db, retention_days=180)
    contacts = _contacts(any_runtime)
    assert report.questions_erased == 1
    assert contacts["q_old_closed"] == (None, None, "Wanneer is de training?")  # the question itself stays
    assert contacts["q_recent_closed"][:2] == ("Karin Willems", "k.willems@wijkerveen.example")
    assert contacts["q_still_open"][:2] == ("Karin Willems", "k.willems@wijkerveen.example")
    with any_runtime.db.sessions() as session:
        assert session.scalars(select(WebhookDelivery.identifier)).all() == ["new"]
    assert purge_personal_data(any_runtime.db, retention_days=180).questions_erased == 0  # once is enough


def test_dry_run_counts_and_changes_nothing(runtime):
    _seed(runtime)
    before = _contacts(runtime)
    report = purge_personal_data(runtime.db, retention_days=180, dry_run=True)
    assert (report.questions_erased, report.deliveries_pruned) == (1, 1)
    assert _contacts(runtime) == before


def test_purge_command_says_what_it_did(runtime, monkeypatch):
    from voelspriet import privacy

    _seed(runtime)
    monkeypatch.setattr(privacy, "runtime_or_exit", lambda: runtime)
    result = CliRunner().invoke(privacy.purge_command, [])
    assert result.exit_code == 0
    assert "erased the name and e-mail address of 1 question(s)" in result.output
    assert "retention 180 days" in result.output
    assert _contacts(runtime)["q_old_closed"][:2] == (None, None)


def test_the_worker_purges_on_its_own():
    hook = next(h for h in PERIODIC_HOOKS if h.name == "purge")
    assert hook.target == "voelspriet.privacy.purge"
    assert hook.interval(None) <= 24 * 3600
