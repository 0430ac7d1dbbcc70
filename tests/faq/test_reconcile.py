"""Reconcile: answers given while the webhook endpoint was down still reach the FAQ."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from connector.errors import JiraRetryable
from faq import reconcile as reconcile_module
from faq.reconcile import MARKER, OVERLAP, last_reconcile, reconcile, reconcile_if_due
from faq.refresh import refresh_issues
from store.models import JobKind, QuestionStatus
from tests.faq.fakes import (
    answered_issue,
    entry_row,
    issue,
    jobs,
    question_row,
    refresh_job,
    seed_question,
    with_fake_jira,
)
from voelspriet.runtime import Runtime


def test_answer_given_while_webhooks_were_down_arrives(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    question = seed_question(runtime)
    answered_issue(fake)  # no webhook delivered anything

    report = reconcile(runtime)

    assert fake.search_calls == [None], "the first run looks at all Voelspriet issues"
    assert (report.issues_seen, report.entries_changed, report.questions_moved) == (1, 1, 1)
    assert entry_row(runtime).published
    assert question_row(runtime, question.id).status == QuestionStatus.ANSWERED
    assert len(jobs(runtime, JobKind.NOTIFY_AMBASSADOR)) == 1
    faq = json.loads((runtime.settings.faq_dir / "faq.json").read_text())
    assert [e["jira_key"] for e in faq["entries"]] == ["ZAAK-1"]
    assert last_reconcile(runtime) == report.started_at


def test_next_run_starts_a_little_before_the_last(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    first = reconcile(runtime)
    reconcile(runtime)
    assert fake.search_calls == [None, first.started_at - OVERLAP]


def test_explicit_since_is_used(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    since = datetime(2027, 3, 1, tzinfo=UTC)
    report = reconcile(runtime, since)
    assert fake.search_calls == [since] and report.since == since


def test_running_it_twice_changes_nothing_more(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime)
    answered_issue(fake)
    reconcile(runtime)
    second = reconcile(runtime, datetime(2020, 1, 1, tzinfo=UTC))
    assert (second.issues_seen, second.entries_changed, second.questions_moved) == (1, 0, 0)
    assert len(jobs(runtime, JobKind.NOTIFY_AMBASSADOR)) == 1


def test_failed_search_marks_nothing_done(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    fake.error = JiraRetryable("Jira answered 503", status=503)
    with pytest.raises(JiraRetryable):
        reconcile(runtime)
    assert last_reconcile(runtime) is None


def test_one_failing_issue_does_not_stop_the_others_but_the_period_is_repeated(runtime: Runtime,
                                                                                monkeypatch) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime, jira_id="1", key="ZAAK-1")
    seed_question(runtime, jira_id="2", key="ZAAK-2")
    answered_issue(fake, "1", key="ZAAK-1")
    answered_issue(fake, "2", key="ZAAK-2")
    real_apply = reconcile_module.apply_snapshot

    def flaky(rt, issue_id, snapshot):
        if issue_id == "1":
            raise RuntimeError("database hiccup")
        return real_apply(rt, issue_id, snapshot)

    monkeypatch.setattr(reconcile_module, "apply_snapshot", flaky)
    report = reconcile(runtime)
    assert report.failures == ["1"] and entry_row(runtime, "2").published
    assert last_reconcile(runtime) is None, "the next run covers this period again"


def test_full_run_finds_entries_whose_issue_disappeared(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime)
    answered_issue(fake)
    refresh_issues(runtime, [refresh_job("10040")])
    fake.delete("10040")  # deleted while no webhook arrived
    reconcile(runtime)
    assert entry_row(runtime) is None
    assert fake.get_calls[-1] == "10040"


def test_reconcile_if_due_keeps_the_interval(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    assert reconcile_if_due(runtime) is not None
    assert reconcile_if_due(runtime) is None, "not due again straight away"
    assert len(fake.search_calls) == 1
    with runtime.db.transaction() as session:
        from faq.entries import write_marker

        long_ago = datetime.now(UTC) - timedelta(seconds=runtime.settings.reconcile_interval_seconds + 1)
        write_marker(session, MARKER, long_ago.isoformat())
    assert reconcile_if_due(runtime) is not None
    assert len(fake.search_calls) == 2


def test_worker_runs_reconcile_as_a_periodic_hook() -> None:
    from connector.worker import PERIODIC_HOOKS

    [hook] = [h for h in PERIODIC_HOOKS if h.name == "reconcile"]
    assert hook.target == "faq.reconcile.reconcile_if_due"


def _cli(runtime: Runtime, *args: str):
    from voelspriet.cli import main

    env = {"VOELSPRIET_DATABASE_URL": runtime.settings.database_url,
           "VOELSPRIET_INSTANCE": str(runtime.settings.instance_path), "VOELSPRIET_SECRET_KEY": "x" * 32,
           "VOELSPRIET_JIRA_URL": "https://jira.example.test", "VOELSPRIET_JIRA_TOKEN": "t",
           "VOELSPRIET_JIRA_PROJECT": "ZAAK", "VOELSPRIET_JIRA_USER": "bot@example.org"}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_reconcile_command(runtime: Runtime, monkeypatch) -> None:
    fake = with_fake_jira(runtime)
    fake.put(issue())
    monkeypatch.setattr("voelspriet.runtime.Runtime.jira", property(lambda _self: fake))
    result = _cli(runtime, "reconcile", "--since", "2027-03-01T10:00+01:00")
    assert result.exit_code == 0, result.output
    assert fake.search_calls == [datetime(2027, 3, 1, 9, 0, tzinfo=UTC)]
    assert "1 issue(s) updated since 2027-03-01T10:00:00+01:00 looked at" in result.stdout


def test_reconcile_command_when_jira_fails(runtime: Runtime, monkeypatch) -> None:
    fake = with_fake_jira(runtime)
    fake.error = JiraRetryable("Jira did not answer within 10 s")
    monkeypatch.setattr("voelspriet.runtime.Runtime.jira", property(lambda _self: fake))
    result = _cli(runtime, "reconcile")
    assert result.exit_code == 1
    assert "Jira could not be searched: Jira did not answer within 10 s" in result.output


def test_reconcile_command_refuses_a_bad_date(runtime: Runtime) -> None:
    result = _cli(runtime, "reconcile", "--since", "gisteren")
    assert result.exit_code == 2 and "'gisteren' is not a date or time" in result.output
