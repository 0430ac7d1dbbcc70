"""Recording deliveries and queueing refreshes, on SQLite and PostgreSQL."""

from __future__ import annotations

from faq.deliveries import record_delivery
from faq.jira_events import JiraEvent
from tests.faq.fakes import seed_question
from tests.webhooks.jira_helpers import counts
from voelspriet.runtime import Runtime


def test_record_queue_coalesce_and_recognise_repeats(any_runtime: Runtime) -> None:
    seed_question(any_runtime)
    updated = JiraEvent("jira:issue_updated", "10040")
    assert record_delivery(any_runtime, "d-1", updated).status == "queued"
    assert record_delivery(any_runtime, "d-1", updated).status == "duplicate"
    assert record_delivery(any_runtime, "d-2", JiraEvent("comment_created", "10040")).status == "queued"
    assert counts(any_runtime) == (2, 1)
    labelled = JiraEvent("jira:issue_created", "555", ("voelspriet", "team-kcc"))
    assert record_delivery(any_runtime, "d-3", labelled).status == "queued"
    other = record_delivery(any_runtime, "d-4", JiraEvent("jira:issue_created", "556", ("iets",)))
    assert (other.status, other.reason) == ("ignored", "not_voelspriet")
    assert counts(any_runtime) == (4, 2)
