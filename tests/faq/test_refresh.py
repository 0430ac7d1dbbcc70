"""REFRESH_ISSUE: re-read the issue, apply the rules in one transaction, rewrite the FAQ files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connector.errors import JiraPermanent, JiraRetryable
from faq.apply import apply_snapshot
from faq.refresh import refresh_issues
from store.models import JobKind, QuestionStatus
from tests.faq.fakes import (
    answered_issue,
    entry_row,
    jobs,
    question_row,
    refresh_job,
    seed_question,
    with_fake_jira,
)
from voelspriet.runtime import Runtime


def _faq_json(runtime: Runtime) -> dict:
    return json.loads((runtime.settings.faq_dir / "faq.json").read_text(encoding="utf-8"))


def test_answered_issue_is_published_the_question_answered_and_the_ambassador_queued(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    question = seed_question(runtime)
    answered_issue(fake)

    assert refresh_issues(runtime, [refresh_job("10040", 7)]) == {7: None}

    entry = entry_row(runtime)
    assert entry.published and entry.summary == "Hoe draag ik een zaak over?"
    assert entry.answer_markdown == "Via **Overdragen** in het menu."
    assert (entry.team, entry.theme, entry.phase) == ("burgerzaken", "zaaktypen-en-processen", "livegang")
    assert entry.question_id == question.id
    stored = question_row(runtime, question.id)
    assert stored.status == QuestionStatus.ANSWERED
    assert stored.answer_html == "<p>Via <strong>Overdragen</strong> in het menu.</p>\n"
    assert stored.answered_at is not None and stored.closed_at is not None
    [notify] = jobs(runtime, JobKind.NOTIFY_AMBASSADOR)
    assert notify.question_id == question.id
    assert [e["jira_key"] for e in _faq_json(runtime)["entries"]] == ["ZAAK-1"]


def test_reopen_processed_before_a_late_resolve_delivery_ends_withdrawn(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime)
    answered_issue(fake)
    refresh_issues(runtime, [refresh_job("10040", 1)])  # published
    fake.reopen("10040")

    refresh_issues(runtime, [refresh_job("10040", 2)])  # the reopen's delivery
    refresh_issues(runtime, [refresh_job("10040", 3)])  # the resolve's delivery, arriving late

    assert entry_row(runtime).published is False
    assert _faq_json(runtime)["entries"] == []


def test_same_issue_twice_in_one_batch_reads_jira_once(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime)
    answered_issue(fake)
    result = refresh_issues(runtime, [refresh_job("10040", 1), refresh_job("10040", 2)])
    assert result == {1: None, 2: None}
    assert fake.get_calls == ["10040"]
    assert len(jobs(runtime, JobKind.NOTIFY_AMBASSADOR)) == 1


def test_jira_errors_are_handed_back_per_job_and_change_nothing(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    question = seed_question(runtime)
    answered_issue(fake)
    fake.error = JiraRetryable("Jira answered 503", status=503, retry_after=30)
    result = refresh_issues(runtime, [refresh_job("10040", 1)])
    assert result[1] is fake.error
    assert entry_row(runtime) is None
    assert question_row(runtime, question.id).status == QuestionStatus.SYNCED
    fake.error = JiraPermanent("no permission to see the issue", status=403)
    assert isinstance(refresh_issues(runtime, [refresh_job("10040", 2)])[2], JiraPermanent)


def test_job_without_issue_id_fails_with_a_reason(runtime: Runtime) -> None:
    with_fake_jira(runtime)
    job = refresh_job("10040", 4)
    job.subject = None
    [error] = refresh_issues(runtime, [job]).values()
    assert "without a Jira issue id" in str(error)


def test_deleted_issue_removes_the_entry_and_closes_the_question(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    question = seed_question(runtime)
    answered_issue(fake)
    refresh_issues(runtime, [refresh_job("10040")])
    fake.delete("10040")
    refresh_issues(runtime, [refresh_job("10040")])
    assert entry_row(runtime) is None
    assert question_row(runtime, question.id).status == QuestionStatus.CLOSED
    assert _faq_json(runtime)["entries"] == []


def test_a_state_read_before_the_deletion_does_not_bring_the_entry_back(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    question = seed_question(runtime)
    before = answered_issue(fake)
    refresh_issues(runtime, [refresh_job("10040")])
    fake.delete("10040")
    refresh_issues(runtime, [refresh_job("10040")])
    apply_snapshot(runtime, "10040", before)  # a slower reader, or a lagging search, that read before the delete
    assert entry_row(runtime) is None
    assert question_row(runtime, question.id).status == QuestionStatus.CLOSED


def test_edits_update_the_entry_and_keep_its_first_publication_time(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime)
    answered_issue(fake)
    refresh_issues(runtime, [refresh_job("10040")])
    first = entry_row(runtime)
    fake.change("10040", summary="Zaak overdragen aan een collega")
    fake.comment("10040", "FAQ: Gebruik *Overdragen*; zie ook de [handleiding|https://intranet.example/h].")
    refresh_issues(runtime, [refresh_job("10040")])
    entry = entry_row(runtime)
    assert entry.summary == "Zaak overdragen aan een collega"
    assert "handleiding" in entry.answer_html
    assert entry.first_published_at == first.first_published_at
    assert entry.updated_at > first.updated_at
    assert len(jobs(runtime, JobKind.NOTIFY_AMBASSADOR)) == 1, "an edit is not a new answer"


def test_moved_issue_gets_its_new_key_and_keeps_its_anchor(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    question = seed_question(runtime)
    answered_issue(fake)
    refresh_issues(runtime, [refresh_job("10040")])
    fake.change("10040", key="LIVE-3")
    refresh_issues(runtime, [refresh_job("10040")])
    [entry] = _faq_json(runtime)["entries"]
    assert (entry["jira_key"], entry["id"]) == ("LIVE-3", "faq-10040")
    assert entry["jira_url"] == "https://jira.example.test/browse/LIVE-3"
    assert question_row(runtime, question.id).jira_key == "LIVE-3"


def test_an_older_state_read_after_a_newer_one_is_ignored(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime)
    old = answered_issue(fake)
    fake.reopen("10040")
    refresh_issues(runtime, [refresh_job("10040")])  # the newer state: reopened
    fake.put(old)  # a slow reader that fetched before the reopen now commits
    refresh_issues(runtime, [refresh_job("10040")])
    assert entry_row(runtime) is None


def test_reanswer_after_reopen_before_the_mail_went_out_queues_one_mail(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime)
    answered_issue(fake)
    refresh_issues(runtime, [refresh_job("10040")])
    fake.reopen("10040")
    refresh_issues(runtime, [refresh_job("10040")])
    fake.resolve("10040")
    refresh_issues(runtime, [refresh_job("10040")])
    assert len(jobs(runtime, JobKind.NOTIFY_AMBASSADOR)) == 1


def test_issue_voelspriet_did_not_make_is_left_alone(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    answered_issue(fake, "20000", labels=("iets-anders",))
    assert refresh_issues(runtime, [refresh_job("20000")]) == {1: None}
    assert entry_row(runtime, "20000") is None


def test_labelled_issue_without_question_is_published_by_its_labels(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    answered_issue(fake, "20001", key="ZAAK-9",
                   labels=("voelspriet", "team-kcc", "thema-koppelingen", "fase-na-livegang"))
    refresh_issues(runtime, [refresh_job("20001")])
    entry = entry_row(runtime, "20001")
    assert (entry.team, entry.theme, entry.phase, entry.question_id) == ("kcc", "koppelingen", "na-livegang", None)
    assert jobs(runtime, JobKind.NOTIFY_AMBASSADOR) == []


def test_unwritable_faq_folder_is_retried_and_healed(runtime: Runtime, tmp_path: Path) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime)
    answered_issue(fake)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the FAQ folder should be")
    runtime.settings = runtime.settings.with_overrides(faq_dir=blocker / "faq")

    [error] = refresh_issues(runtime, [refresh_job("10040")]).values()
    assert isinstance(error, JiraRetryable) and "cannot write the FAQ files" in str(error)
    assert entry_row(runtime).published, "the entry is stored all the same"

    blocker.unlink()
    assert refresh_issues(runtime, [refresh_job("10040")]) == {1: None}
    assert _faq_json(runtime)["count"] == 1


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_refresh_on_both_databases(kind: str, request, tmp_path: Path, example_mappings) -> None:
    from tests.conftest import make_settings
    from voelspriet.runtime import build_runtime

    url = None if kind == "sqlite" else request.getfixturevalue("postgres_url")
    runtime = build_runtime(make_settings(tmp_path, url), example_mappings, upgrade=True)
    try:
        fake = with_fake_jira(runtime)
        seed_question(runtime)
        answered_issue(fake)
        refresh_issues(runtime, [refresh_job("10040")])
        refresh_issues(runtime, [refresh_job("10040")])
        assert entry_row(runtime).published
        assert len(jobs(runtime, JobKind.NOTIFY_AMBASSADOR)) == 1
    finally:
        runtime.close()


def test_question_placement_wins_over_labels(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime, team="kcc", theme="training", phase="na-livegang")
    answered_issue(fake)
    refresh_issues(runtime, [refresh_job("10040")])
    entry = entry_row(runtime)
    assert (entry.team, entry.theme, entry.phase) == ("kcc", "training", "na-livegang")


def test_issue_snapshot_with_summary_spaces_is_trimmed(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime)
    answered_issue(fake, summary="  Ruimte rondom  ")
    refresh_issues(runtime, [refresh_job("10040")])
    assert entry_row(runtime).summary == "Ruimte rondom"
