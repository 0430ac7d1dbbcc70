"""POST /webhooks/jira: signed, deduplicated, answered at once; processing re-reads the issue."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, update

from faq.jira_events import SUPPORTED_EVENTS, parse_event
from store.models import JobKind, OutboxJob, WebhookDelivery
from store.types import utcnow
from tests.faq.fakes import answered_issue, entry_row, seed_question, with_fake_jira
from tests.webhooks.jira_helpers import FIXTURES, counts, fixture, post, run_refresh_jobs, sign
from voelspriet.runtime import Runtime
from webhooks.app import create_app
from webhooks.jira_webhook import signature_valid

# With questions for issues 10040 (Cloud captures) and 10300 (Server captures) in the database.
EXPECTED = {
    "mattermost-webhook-cloud-comment-created.json": ("queued", None),
    "mattermost-webhook-cloud-comment-updated.json": ("queued", None),
    "mattermost-webhook-issue-created.json": ("queued", None),
    "mattermost-webhook-issue-deleted.json": ("ignored", "not_voelspriet"),  # issue 10303: not ours
    "mattermost-webhook-issue-updated-edited.json": ("queued", None),
    "mattermost-webhook-issue-updated-labels.json": ("queued", None),
    "mattermost-webhook-issue-updated-reopened.json": ("queued", None),
    "mattermost-webhook-issue-updated-resolved.json": ("queued", None),
    "mattermost-webhook-server-issue-updated-reopened.json": ("queued", None),
    "mattermost-webhook-server-issue-updated-resolved.json": ("queued", None),
    "voelspriet-malformed.json": ("error", "malformed_payload"),
    "voelspriet-issue-resolved-unicode-summary.json": ("queued", None),  # ours by its label
    "voelspriet-issue-updated-missing-issue.json": ("ignored", "no_issue_id"),
    "voelspriet-cloud-comment-deleted.json": ("queued", None),
    "voelspriet-cloud-comment-created-adf-v3.json": ("queued", None),
    "voelspriet-server-comment-created-no-issue.json": ("queued", None),  # issue from the comment's URL
    "voelspriet-worklog-created.json": ("ignored", "event_not_needed"),
}




def test_every_fixture_is_listed() -> None:
    assert {p.name for p in FIXTURES.glob("*.json")} == set(EXPECTED)


def test_atlassian_signature_test_vector() -> None:
    good = "sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9"
    assert signature_valid("It's a Secret to Everybody", b"Hello World!", good)
    assert signature_valid("It's a Secret to Everybody", b"Hello World!", good.upper().replace("SHA256", "sha256"))
    assert not signature_valid("It's a Secret to Everybody", b"Hello World?", good)
    assert not signature_valid("another secret", b"Hello World!", good)
    assert not signature_valid("It's a Secret to Everybody", b"Hello World!", good.replace("sha256", "sha1"))
    assert not signature_valid("It's a Secret to Everybody", b"Hello World!", None)
    assert not signature_valid("It's a Secret to Everybody", b"Hello World!", "sha256=")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_real_payload_is_processed_or_ignored_for_a_reason(name: str, runtime: Runtime,
                                                                client: FlaskClient) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime, jira_id="10040", key="TES-41")
    seed_question(runtime, jira_id="10300", key="TES-1")
    response = post(client, fixture(name), identifier=f"delivery-{name}")
    status, reason = EXPECTED[name]
    body = response.get_json()
    if status == "error":
        assert response.status_code == 400 and body["error"]["code"] == reason
        assert "not valid JSON" in body["error"]["message"]
        assert counts(runtime) == (0, 0)
        return
    assert response.status_code == (202 if status == "queued" else 200)
    assert body["status"] == status and body.get("reason") == reason
    deliveries, queued = counts(runtime)
    assert (deliveries, queued) == (1, 1 if status == "queued" else 0)
    assert fake.get_calls == [], "the webhook route never calls Jira"


def test_every_fixture_parses_without_error_or_with_a_stated_reason() -> None:
    from faq.jira_events import MalformedPayload

    for path in sorted(FIXTURES.glob("*.json")):
        try:
            parsed = parse_event(path.read_bytes())
        except MalformedPayload as exc:
            assert path.name == "voelspriet-malformed.json", f"{path.name}: {exc}"
            continue
        assert parsed.name in SUPPORTED_EVENTS or parsed.issue_id is None, path.name


@pytest.mark.parametrize("signature", [None, "sha256=" + "0" * 64, "sha1=abc", "garbage",
                                       "sha256=" + "\u00e9" * 64])  # non-ASCII: must be 401, not 500
def test_forged_or_missing_signature_is_refused_and_changes_nothing(signature, runtime: Runtime,
                                                                    client: FlaskClient) -> None:
    seed_question(runtime)
    response = post(client, fixture("mattermost-webhook-issue-updated-resolved.json"), "d-1", signature)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "bad_signature"
    assert counts(runtime) == (0, 0)


def test_signature_of_another_body_is_refused(runtime: Runtime, client: FlaskClient) -> None:
    seed_question(runtime)
    body = fixture("mattermost-webhook-issue-updated-resolved.json")
    response = post(client, body, "d-1", sign(body.replace(b"Done", b"Gone")))
    assert response.status_code == 401 and counts(runtime) == (0, 0)


def test_without_a_secret_every_delivery_is_refused_and_the_log_says_why(tmp_path: Path, example_mappings,
                                                                       caplog) -> None:
    from tests.conftest import make_settings
    from voelspriet.runtime import build_runtime

    runtime = build_runtime(make_settings(tmp_path, VOELSPRIET_WEBHOOK_SECRET=""), example_mappings, upgrade=True)
    try:
        seed_question(runtime)
        caplog.set_level(logging.INFO)
        body = fixture("mattermost-webhook-issue-updated-resolved.json")
        response = post(create_app(runtime).test_client(), body, "d-1")
        assert response.status_code == 503
        assert "VOELSPRIET_WEBHOOK_SECRET is not set" in response.get_json()["error"]["message"]
        [record] = [r for r in caplog.records if r.getMessage() == "jira_webhook_refused"]
        assert record.reason == "VOELSPRIET_WEBHOOK_SECRET is not set"
        assert counts(runtime) == (0, 0)
    finally:
        runtime.close()


def test_same_delivery_twice_publishes_once(runtime: Runtime, client: FlaskClient) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime)
    answered_issue(fake)
    body = fixture("mattermost-webhook-issue-updated-resolved.json")
    assert post(client, body, "abc-123").status_code == 202
    again = post(client, body, "abc-123")
    assert again.status_code == 200 and again.get_json() == {"status": "duplicate"}
    assert counts(runtime) == (1, 1)
    run_refresh_jobs(runtime)
    assert entry_row(runtime).published
    assert len(json.loads((runtime.settings.faq_dir / "faq.json").read_text())["entries"]) == 1
    notify = [j for j in _jobs(runtime) if j.kind == JobKind.NOTIFY_AMBASSADOR]
    assert len(notify) == 1


def test_without_identifier_the_body_hash_recognises_a_repeat(runtime: Runtime, client: FlaskClient) -> None:
    seed_question(runtime)
    body = fixture("mattermost-webhook-server-issue-updated-resolved.json").replace(b'"10300"', b'"10040"')
    assert post(client, body).status_code == 202
    assert post(client, body).get_json() == {"status": "duplicate"}
    with runtime.db.sessions() as session:
        [identifier] = session.scalars(select(WebhookDelivery.identifier))
    assert identifier.startswith("sha256:")


def test_deliveries_for_one_issue_share_a_waiting_refresh(runtime: Runtime, client: FlaskClient) -> None:
    seed_question(runtime)
    post(client, fixture("mattermost-webhook-issue-updated-resolved.json"), "d-1")
    post(client, fixture("mattermost-webhook-cloud-comment-created.json"), "d-2")
    assert counts(runtime) == (2, 1)
    with runtime.db.transaction() as session:  # the worker is running that refresh right now
        session.execute(update(OutboxJob).values(claimed_by="w1", claimed_until=utcnow().replace(year=2100)))
    post(client, fixture("mattermost-webhook-cloud-comment-updated.json"), "d-3")
    assert counts(runtime) == (3, 2), "a running refresh may have read too early: queue another"


def test_reopen_delivered_before_the_resolve_ends_withdrawn(runtime: Runtime, client: FlaskClient) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime)
    answered_issue(fake)
    post(client, fixture("mattermost-webhook-issue-updated-resolved.json"), "d-0")
    run_refresh_jobs(runtime)
    assert entry_row(runtime).published
    fake.reopen("10040")  # IT resolved, then reopened; Jira delivers the reopen first
    post(client, fixture("mattermost-webhook-issue-updated-reopened.json"), "d-reopen")
    run_refresh_jobs(runtime)
    post(client, fixture("mattermost-webhook-issue-updated-resolved.json"), "d-resolve")
    run_refresh_jobs(runtime)
    assert entry_row(runtime).published is False
    assert json.loads((runtime.settings.faq_dir / "faq.json").read_text())["entries"] == []


def test_deleted_issue_delivery_removes_the_entry(runtime: Runtime, client: FlaskClient) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime, jira_id="10303")
    answered_issue(fake, "10303")
    post(client, fixture("mattermost-webhook-issue-updated-resolved.json").replace(b'"10040"', b'"10303"'), "d-1")
    run_refresh_jobs(runtime)
    assert entry_row(runtime, "10303").published
    fake.delete("10303")
    post(client, fixture("mattermost-webhook-issue-deleted.json"), "d-2")
    run_refresh_jobs(runtime)
    assert entry_row(runtime, "10303") is None


@pytest.mark.parametrize(("body", "message"), [
    (b"[1, 2]", "must be a JSON object"),
    (b'{"issue": {"id": "1"}}', "webhookEvent is missing"),
    (b'{"webhookEvent": "jira:issue_updated", "issue": "10040"}', "issue must be an object"),
    (b'{"webhookEvent": "jira:issue_updated", "issue": {"id": "DROP TABLE"}}', "numeric issue id"),
    (b'{"webhookEvent": "jira:issue_updated", "issue": {"id": "1", "fields": {"labels": "a b"}}}', "labels"),
    ("{\"webhookEvent\": \"x\"\u00ff".encode("latin-1"), "not valid JSON"),
])
def test_malformed_deliveries_get_400_with_the_reason(body: bytes, message: str, runtime: Runtime,
                                                      client: FlaskClient) -> None:
    response = post(client, body, "d-1")
    assert response.status_code == 400
    assert message in response.get_json()["error"]["message"]
    assert counts(runtime) == (0, 0)


def test_unsupported_event_is_acknowledged_and_logged(runtime: Runtime, client: FlaskClient, caplog) -> None:
    caplog.set_level(logging.INFO)
    response = post(client, b'{"webhookEvent": "jira:something_new", "issue": {"id": "10040"}}', "d-1")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ignored", "reason": "unsupported_event"}
    assert any(r.getMessage() == "jira_webhook_ignored" and r.event_name == "jira:something_new"
               for r in caplog.records)


def test_the_secret_never_reaches_the_log(runtime: Runtime, client: FlaskClient, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    seed_question(runtime)
    post(client, fixture("mattermost-webhook-issue-updated-resolved.json"), "d-1")
    post(client, b"{}", "d-2", signature="sha256=bad")
    logged = "\n".join(r.getMessage() + repr(vars(r)) for r in caplog.records)
    assert runtime.settings.webhook_secret not in logged


def _jobs(runtime: Runtime) -> list[OutboxJob]:
    with runtime.db.sessions() as session:
        return list(session.scalars(select(OutboxJob)))
