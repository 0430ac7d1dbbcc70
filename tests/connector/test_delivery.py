"""Questions to Jira through the outbox worker, with Jira mocked by `responses`."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

import pytest
import requests
import responses
from sqlalchemy import update
from urllib3.exceptions import MaxRetryError, NewConnectionError

from connector.delivery import ClaimLost, deliver_questions
from connector.issue_builder import marker_line
from connector.worker import Worker
from store import outbox
from store.models import Attachment, JobState, OutboxJob, QuestionStatus
from store.types import utcnow
from tests.connector.conftest import (
    API,
    JIRA,
    PNG,
    add_question,
    calls,
    events,
    job_of,
    make_due,
    question_row,
    sent_json,
)

CREATED = {"id": "20001", "key": "ZAAK-1", "self": f"{API}/issue/20001"}
SEARCH = f"{JIRA}/rest/api/3/search/jql"


@pytest.fixture
def runtime(any_runtime):
    """Every delivery test runs on SQLite and on PostgreSQL."""
    return any_runtime


def deliver(runtime, concurrency: int = 1) -> int:
    worker = Worker(runtime, concurrency=concurrency)
    try:
        return worker.run_once()
    finally:
        worker.close()


def test_a_question_becomes_one_issue(runtime, jira_mock, log_lines):
    question_id = add_question(runtime.db)
    jira_mock.post(f"{API}/issue", json=CREATED, status=201)

    assert deliver(runtime) == 1

    question = question_row(runtime.db, question_id)
    assert (question.status, question.jira_id, question.jira_key) == (QuestionStatus.SYNCED, "20001", "ZAAK-1")
    assert question.synced_at is not None
    job = job_of(runtime.db, question_id)
    assert (job.state, job.claimed_by) == (JobState.DONE, None)
    assert job.create_sent_at is not None
    [post] = calls(jira_mock, "POST", "/rest/api/2/issue")
    fields = sent_json(post)["fields"]
    assert fields["summary"] == "Hoe koppel ik een zaak aan de BRP?"
    assert fields["labels"] == ["voelspriet", "team-kcc", "thema-koppelingen", "fase-livegang"]
    assert fields["description"].endswith(marker_line(question_id))
    [created] = events(log_lines(), "issue_created")
    assert (created["question_id"], created["jira_key"]) == (question_id, "ZAAK-1")

    assert deliver(runtime) == 0  # nothing left: no second issue
    assert len(calls(jira_mock, "POST", "/rest/api/2/issue")) == 1


def test_jira_unavailable_is_retried_with_backoff(runtime, jira_mock, log_lines):
    question_id = add_question(runtime.db)
    jira_mock.post(f"{API}/issue", status=503, json={"errorMessages": ["Service Unavailable"], "errors": {}})
    jira_mock.post(f"{API}/issue", json=CREATED, status=201)
    before = utcnow()

    deliver(runtime)

    job = job_of(runtime.db, question_id)
    assert (job.state, job.attempts, job.claimed_by) == (JobState.PENDING, 1, None)
    assert job.next_attempt_at >= before + timedelta(seconds=outbox.BACKOFF_BASE_SECONDS / 2)
    assert "HTTP 503" in job.last_error and "Service Unavailable" in job.last_error
    assert job.create_sent_at is None  # Jira said no: the next attempt need not search first
    assert question_row(runtime.db, question_id).status == QuestionStatus.RECEIVED
    [retry] = events(log_lines(), "delivery_retry_scheduled")
    assert (retry["question_id"], retry["status"], retry["attempt"]) == (question_id, 503, 1)
    assert retry["delay"] >= outbox.BACKOFF_BASE_SECONDS / 2

    assert deliver(runtime) == 0  # not due yet
    make_due(runtime.db)
    deliver(runtime)

    assert question_row(runtime.db, question_id).jira_key == "ZAAK-1"
    assert len(calls(jira_mock, "POST", "/rest/api/2/issue")) == 2


def test_rate_limit_waits_at_least_retry_after(runtime, jira_mock):
    question_id = add_question(runtime.db)
    jira_mock.post(f"{API}/issue", status=429, headers={"Retry-After": "120"}, json={})
    before = utcnow()

    deliver(runtime)

    job = job_of(runtime.db, question_id)
    assert job.state == JobState.PENDING
    assert job.next_attempt_at >= before + timedelta(seconds=120)
    assert len(calls(jira_mock, "POST", "/rest/api/2/issue")) == 1


def test_jira_unreachable_keeps_the_question_and_creates_it_later_without_searching(runtime, jira_mock):
    question_id = add_question(runtime.db)
    refused = requests.ConnectionError(MaxRetryError(None, "/rest/api/2/issue", NewConnectionError(None, "refused")))
    jira_mock.post(f"{API}/issue", body=refused)
    jira_mock.post(f"{API}/issue", json=CREATED, status=201)

    deliver(runtime)

    job = job_of(runtime.db, question_id)
    assert (job.state, job.create_sent_at) == (JobState.PENDING, None)  # nothing can have reached Jira
    assert "cannot reach Jira at jira.example.test" in job.last_error
    make_due(runtime.db)
    deliver(runtime)

    assert question_row(runtime.db, question_id).jira_key == "ZAAK-1"
    assert len(calls(jira_mock, "POST", "/rest/api/2/issue")) == 2
    assert not calls(jira_mock, "GET", "/rest/api/3/search/jql")


def test_a_worker_that_stalled_past_its_lease_sends_no_create(runtime, jira_mock, log_lines):
    question_id = add_question(runtime.db)
    [stalled] = outbox.claim_due(runtime.db, "stalled-worker", 1, lease_seconds=1)
    # its lease ran out and another worker took the job over (and may be creating the issue now)
    outbox.claim_due(runtime.db, "next-worker", 1, lease_seconds=60, now=utcnow() + timedelta(seconds=2))
    jira_mock.post(f"{API}/issue", json=CREATED, status=201)

    results = deliver_questions(runtime, [stalled])  # the stalled worker carries on

    assert not calls(jira_mock, "POST", "/rest/api/2/issue")
    assert isinstance(results[stalled.id], ClaimLost)
    job = job_of(runtime.db, question_id)
    assert (job.claimed_by, job.create_sent_at) == ("next-worker", None)
    [lost] = events(log_lines(), "delivery_claim_lost")
    assert lost["question_id"] == question_id


def _issue_with(description: str, issue_id: str = "20007", key: str = "ZAAK-7") -> dict:
    return {"id": issue_id, "key": key, "fields": {"description": description}}


def test_a_create_that_jira_made_but_never_answered_gives_one_issue(runtime, jira_mock, log_lines):
    runtime.settings = runtime.settings.with_overrides(jira_settle_seconds=0.5)
    question_id = add_question(runtime.db)
    jira_mock.post(f"{API}/issue", body=requests.ReadTimeout("read timed out"))

    deliver(runtime)

    job = job_of(runtime.db, question_id)
    assert job.state == JobState.PENDING and job.create_sent_at is not None
    assert "did not answer within 10 s" in job.last_error
    # Jira did make it: the search shows the issue with this question's marker
    description = sent_json(calls(jira_mock, "POST", "/rest/api/2/issue")[0])["fields"]["description"]
    jira_mock.get(SEARCH, json={"isLast": True, "issues": [_issue_with("other\n" + marker_line("q_" + "0" * 16)),
                                                           _issue_with(description)]})
    make_due(runtime.db)

    deliver(runtime)

    question = question_row(runtime.db, question_id)
    assert (question.status, question.jira_id, question.jira_key) == (QuestionStatus.SYNCED, "20007", "ZAAK-7")
    assert job_of(runtime.db, question_id).state == JobState.DONE
    assert len(calls(jira_mock, "POST", "/rest/api/2/issue")) == 1  # never created twice
    [found] = events(log_lines(), "issue_found_after_unknown_outcome")
    assert found["jira_key"] == "ZAAK-7"


def test_after_an_unanswered_create_nothing_is_created_again_until_the_search_settled(runtime, jira_mock):
    question_id = add_question(runtime.db)  # settle time: the default 30 s
    jira_mock.post(f"{API}/issue", body=requests.ConnectionError("Connection aborted."))
    jira_mock.post(f"{API}/issue", json=CREATED, status=201)
    jira_mock.get(SEARCH, json={"isLast": True, "issues": []})
    deliver(runtime)
    assert job_of(runtime.db, question_id).next_attempt_at >= utcnow() + timedelta(seconds=25)

    make_due(runtime.db)
    deliver(runtime)  # the search finds nothing yet, but the index may lag: wait, do not create

    job = job_of(runtime.db, question_id)
    assert len(calls(jira_mock, "POST", "/rest/api/2/issue")) == 1
    assert len(calls(jira_mock, "GET", "/rest/api/3/search/jql")) == 1
    assert "waiting for Jira's search" in job.last_error
    assert job.next_attempt_at >= utcnow() + timedelta(seconds=20)

    with runtime.db.transaction() as session:  # the settle time has passed
        session.execute(update(OutboxJob).values(create_sent_at=utcnow() - timedelta(seconds=31)))
    make_due(runtime.db)
    deliver(runtime)

    assert question_row(runtime.db, question_id).jira_key == "ZAAK-1"
    assert len(calls(jira_mock, "POST", "/rest/api/2/issue")) == 2
    assert len(calls(jira_mock, "GET", "/rest/api/3/search/jql")) == 2


def test_when_the_search_after_an_unanswered_create_fails_nothing_is_created(runtime, jira_mock):
    question_id = add_question(runtime.db)
    jira_mock.post(f"{API}/issue", body=requests.ReadTimeout("read timed out"))
    jira_mock.get(SEARCH, status=429, headers={"Retry-After": "90"}, json={})
    deliver(runtime)
    with runtime.db.transaction() as session:  # the settle time has passed
        session.execute(update(OutboxJob).values(create_sent_at=utcnow() - timedelta(minutes=5)))
    make_due(runtime.db)
    before = utcnow()

    deliver(runtime)

    job = job_of(runtime.db, question_id)
    assert job.state == JobState.PENDING and job.create_sent_at is not None  # still: look before creating
    assert job.next_attempt_at >= before + timedelta(seconds=90)
    assert len(calls(jira_mock, "POST", "/rest/api/2/issue")) == 1
    assert question_row(runtime.db, question_id).jira_key is None


def test_a_refused_issue_fails_with_jiras_message_and_retry_recovers_it(runtime, jira_mock, log_lines):
    question_id = add_question(runtime.db)
    jira_mock.post(f"{API}/issue", status=400, json={"errorMessages": [], "errors": {
        "customfield_10010": "Option value 'KCC' is not valid for field Team."}})

    deliver(runtime)

    job = job_of(runtime.db, question_id)
    assert job.state == JobState.FAILED and job.create_sent_at is None
    question = question_row(runtime.db, question_id)
    assert question.status == QuestionStatus.FAILED
    assert question.last_error == ("creating the Jira issue: Jira refused it (HTTP 400): "
                                   "customfield_10010: Option value 'KCC' is not valid for field Team.")
    [failed] = events(log_lines(), "delivery_failed")
    assert (failed["question_id"], failed["status"], failed["error_keys"]) == (question_id, 400, ["customfield_10010"])
    make_due(runtime.db)
    assert deliver(runtime) == 0  # a failed job waits for a person

    outbox.retry(runtime.db, question_id)  # after the option was added in Jira
    jira_mock.replace(responses.POST, f"{API}/issue", json=CREATED, status=201)
    deliver(runtime)

    question = question_row(runtime.db, question_id)
    assert (question.status, question.jira_key, question.last_error) == (QuestionStatus.SYNCED, "ZAAK-1", None)


def test_bulk_partial_failure_is_handled_element_by_element(runtime, jira_mock):
    ids = [add_question(runtime.db, question=f"Vraag {i}") for i in range(3)]
    jira_mock.post(f"{API}/issue/bulk", status=201, json={
        "issues": [{"id": "20001", "key": "ZAAK-1"}, {"id": "20003", "key": "ZAAK-3"}],
        "errors": [{"status": 400, "failedElementNumber": 1, "elementErrors": {
            "errorMessages": ["Het label is ongeldig."], "errors": {}}}]})

    deliver(runtime)

    [post] = calls(jira_mock, "POST", "/rest/api/2/issue/bulk")
    assert [u["fields"]["summary"] for u in sent_json(post)["issueUpdates"]] == ["Vraag 0", "Vraag 1", "Vraag 2"]
    assert [question_row(runtime.db, q).jira_key for q in ids] == ["ZAAK-1", None, "ZAAK-3"]
    assert [job_of(runtime.db, q).state for q in ids] == [JobState.DONE, JobState.FAILED, JobState.DONE]
    assert question_row(runtime.db, ids[1]).last_error.endswith("Het label is ongeldig.")
    assert not calls(jira_mock, "POST", "/rest/api/2/issue")


def test_many_waiting_questions_go_in_bulk_calls_of_at_most_50(runtime, jira_mock):
    ids = [add_question(runtime.db) for _ in range(120)]
    numbers = iter(range(1, 1000))

    def bulk(request):
        updates = json.loads(request.body)["issueUpdates"]
        issues = [{"id": str(20000 + n), "key": f"ZAAK-{n}"} for n, _ in zip(numbers, updates, strict=False)]
        return 201, {}, json.dumps({"issues": issues, "errors": []})

    jira_mock.add_callback(responses.POST, f"{API}/issue/bulk", callback=bulk)

    assert deliver(runtime, concurrency=3) == 120

    sizes = sorted(len(sent_json(c)["issueUpdates"]) for c in calls(jira_mock, "POST", "/rest/api/2/issue/bulk"))
    assert sizes == [20, 50, 50]
    keys = {question_row(runtime.db, q).jira_key for q in ids}
    assert len(keys) == 120 and None not in keys


def test_the_screenshot_is_attached(runtime, jira_mock):
    question_id = add_question(runtime.db, screenshot=PNG)
    jira_mock.post(f"{API}/issue", json=CREATED, status=201)
    jira_mock.post(f"{API}/issue/20001/attachments", json=[{"id": "1", "filename": "scherm.png", "size": len(PNG)}])

    deliver(runtime)

    [upload] = calls(jira_mock, "POST", "/rest/api/2/issue/20001/attachments")
    assert upload.request.headers["X-Atlassian-Token"] == "no-check"
    body = upload.request.body
    assert b'name="file"; filename="scherm.png"' in body and PNG in body
    assert job_of(runtime.db, question_id).state == JobState.DONE
    with runtime.db.transaction() as session:
        stored = session.query(Attachment).one()
        assert stored.uploaded_at is not None
        assert stored.data == b""  # Jira has the file: no second copy of what it may show


def test_a_failed_upload_is_retried_without_creating_the_issue_again(runtime, jira_mock):
    question_id = add_question(runtime.db, screenshot=PNG)
    jira_mock.post(f"{API}/issue", json=CREATED, status=201)
    jira_mock.post(f"{API}/issue/20001/attachments", status=503, json={})
    jira_mock.post(f"{API}/issue/20001/attachments", json=[{"id": "1", "filename": "scherm.png", "size": len(PNG)}])
    jira_mock.get(f"{API}/issue/20001", json={"id": "20001", "fields": {"attachment": []}})

    deliver(runtime)

    question = question_row(runtime.db, question_id)  # the issue exists and is known at once
    assert (question.status, question.jira_key) == (QuestionStatus.SYNCED, "ZAAK-1")
    assert job_of(runtime.db, question_id).state == JobState.PENDING

    make_due(runtime.db)
    deliver(runtime)

    assert job_of(runtime.db, question_id).state == JobState.DONE
    assert len(calls(jira_mock, "POST", "/rest/api/2/issue")) == 1
    assert len(calls(jira_mock, "POST", "/rest/api/2/issue/20001/attachments")) == 2


def test_an_upload_stored_without_an_answer_is_not_sent_twice(runtime, jira_mock):
    question_id = add_question(runtime.db, screenshot=PNG)
    jira_mock.post(f"{API}/issue", json=CREATED, status=201)
    jira_mock.post(f"{API}/issue/20001/attachments", body=requests.ReadTimeout("read timed out"))
    jira_mock.get(f"{API}/issue/20001", json={"id": "20001", "fields": {"attachment": [
        {"id": "1", "filename": "scherm.png", "size": len(PNG)}]}})

    deliver(runtime)
    make_due(runtime.db)
    deliver(runtime)

    assert job_of(runtime.db, question_id).state == JobState.DONE
    assert len(calls(jira_mock, "POST", "/rest/api/2/issue/20001/attachments")) == 1


@pytest.mark.parametrize("jira_answer", ["bulk-echo", "single-echo"])
def test_no_log_line_holds_the_ambassadors_text_or_a_token(runtime, jira_mock, log_lines, jira_answer):
    witness = "WITNESS" + secrets.token_hex(6)
    add_question(runtime.db, question=f"Vraag {witness}", details=f"Toelichting {witness}", name=f"Naam {witness}")
    echo = {"errorMessages": [f"Summary 'Vraag {witness}' is invalid"], "errors": {"summary": f"bad {witness}"}}
    if jira_answer == "bulk-echo":
        add_question(runtime.db, question=f"Andere {witness}")
        jira_mock.post(f"{API}/issue/bulk", status=201, json={"issues": [{"id": "1", "key": "ZAAK-1"}], "errors": [
            {"status": 400, "failedElementNumber": 0, "elementErrors": echo}]})
    else:
        jira_mock.post(f"{API}/issue", status=400, json=echo, headers={"X-Debug": "jira-token-never-logged"})

    deliver(runtime)

    lines = log_lines()
    assert events(lines, "delivery_failed")  # the failure itself is logged…
    for line in lines:  # …but never the text, the name, or a token
        assert witness not in line
        assert "jira-token-never-logged" not in line
    with runtime.db.transaction() as session:  # Jira's message is kept for the people who fix it
        assert any(witness in (job.last_error or "") for job in session.query(OutboxJob))
