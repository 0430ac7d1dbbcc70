"""Webhooks leave the sandbox like Jira's: signed, retried with the same identifier, named per deployment."""

from __future__ import annotations

import hashlib
import hmac
import io
import socket

import pytest

from connector.sandbox.webhooks_out import WebhookSender, signature
from tests.sandbox.conftest import WEBHOOK_SECRET, client, question_fields

pytestmark = pytest.mark.e2e


def _new_issue(server) -> str:
    return client(server).create_issue(fields=question_fields(), prefetch=False).key


def _delivered(server, receiver, count: int):
    assert server.wait_for_webhooks(10)
    return receiver.wait_for(count)


def test_signature_matches_atlassians_test_vector():
    assert signature("It's a Secret to Everybody", b"Hello World!") == (
        "sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9")


def test_each_delivery_is_signed_over_its_raw_body(cloud, receiver):
    _new_issue(cloud)
    (delivery,) = _delivered(cloud, receiver, 1)
    expected = hmac.new(WEBHOOK_SECRET.encode(), delivery.body, hashlib.sha256).hexdigest()
    assert delivery.headers["X-Hub-Signature"] == f"sha256={expected}"
    assert delivery.headers["X-Atlassian-Webhook-Identifier"]
    assert "X-Atlassian-Webhook-Retry" not in delivery.headers


def test_no_signature_without_a_secret(cloud, receiver):
    cloud.set_webhook(receiver.url, None)
    _new_issue(cloud)
    (delivery,) = _delivered(cloud, receiver, 1)
    assert "X-Hub-Signature" not in delivery.headers


def test_503_is_retried_with_the_same_identifier_and_a_growing_retry_count(cloud, receiver):
    receiver.answers = [503, 503]
    _new_issue(cloud)
    deliveries = _delivered(cloud, receiver, 3)
    assert len({d.headers["X-Atlassian-Webhook-Identifier"] for d in deliveries}) == 1
    assert [d.headers.get("X-Atlassian-Webhook-Retry") for d in deliveries] == [None, "1", "2"]
    assert [d.body for d in deliveries] == [deliveries[0].body] * 3


def test_400_is_not_retried(cloud, receiver):
    receiver.answers = [400]
    _new_issue(cloud)
    _delivered(cloud, receiver, 1)
    assert len(receiver.received) == 1
    assert [(a.retry, a.status) for a in cloud.webhook_attempts] == [(0, 400)]


def test_retries_are_bounded(cloud, receiver):
    receiver.answers = [500] * 10
    _new_issue(cloud)
    _delivered(cloud, receiver, 5)
    assert len(receiver.received) == 5  # the first try and four retries, then Jira gives up


def test_data_center_does_not_retry(datacenter, receiver):
    receiver.answers = [503]
    _new_issue(datacenter)
    _delivered(datacenter, receiver, 1)
    assert len(receiver.received) == 1


def test_timeouts_are_retried(receiver):
    receiver.delays = [1.0]
    sender = WebhookSender(receiver.url, None, backoff=(0.01,), timeout=0.3)
    try:
        sender.send({"webhookEvent": "jira:issue_updated"})
        assert sender.wait_idle(10)
    finally:
        sender.stop()
    assert [(a.retry, a.status, a.error) for a in sender.attempts] == [(0, None, "ReadTimeout"), (1, 200, None)]


def test_connection_failures_are_retried_then_given_up():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{unused.getsockname()[1]}/hook"
    sender = WebhookSender(url, None, backoff=(0.01, 0.01), timeout=1)
    try:
        sender.send({"webhookEvent": "jira:issue_updated"})
        assert sender.wait_idle(10)
    finally:
        sender.stop()
    assert [(a.retry, a.error) for a in sender.attempts] == [(0, "ConnectionError"), (1, "ConnectionError"),
                                                               (2, "ConnectionError")]


def test_resolve_and_reopen_are_issue_generic_on_cloud(cloud, receiver):
    key = _new_issue(cloud)
    cloud.resolve(key)
    cloud.reopen(key)
    _delivered(cloud, receiver, 3)
    assert receiver.events() == [("jira:issue_created", "issue_created"), ("jira:issue_updated", "issue_generic"),
                                 ("jira:issue_updated", "issue_generic")]
    resolved, reopened = (r.json["changelog"]["items"] for r in receiver.received[1:3])
    resolution = next(i for i in resolved if i["field"] == "resolution")
    assert (resolution["from"], resolution["toString"]) == (None, "Done")
    assert next(i for i in reopened if i["field"] == "resolution")["to"] is None


def test_resolve_and_reopen_are_named_on_data_center(datacenter, receiver):
    key = _new_issue(datacenter)
    datacenter.resolve(key)
    datacenter.reopen(key)
    _delivered(datacenter, receiver, 3)
    assert receiver.events() == [("jira:issue_created", "issue_created"), ("jira:issue_updated", "issue_resolved"),
                                 ("jira:issue_updated", "issue_reopened")]
    items = receiver.received[1].json["changelog"]["items"]
    assert [i["field"] for i in items] == ["status", "resolution"]
    assert all("fieldId" not in i for i in items)  # Jira Server leaves fieldId out


def test_it_edits_fire_issue_updated_with_a_changelog(cloud, receiver):
    key = _new_issue(cloud)
    cloud.edit_summary(key, "Document koppelen")
    cloud.add_label(key, "geen-faq")
    cloud.set_answer(key, "Sleep het document op de zaak.")
    _delivered(cloud, receiver, 4)
    summary, labels, answer = (r.json for r in receiver.received[1:])
    assert summary["changelog"]["items"][0] == {
        "field": "summary", "fieldtype": "jira", "fieldId": "summary", "from": None,
        "fromString": "Hoe koppel ik een document aan een zaak?", "to": None, "toString": "Document koppelen"}
    assert labels["changelog"]["items"][0]["toString"].split() == [
        "voelspriet", "team-kcc", "thema-koppelingen", "fase-voor-livegang", "geen-faq"]
    assert answer["changelog"]["items"][0]["fieldtype"] == "custom"
    assert answer["issue"]["fields"]["customfield_10103"] == "Sleep het document op de zaak."
    assert summary["user"]["displayName"] == "IT-beheer (sandbox)"


def test_comment_events_carry_the_slim_issue(cloud, receiver):
    key = _new_issue(cloud)
    comment_id = cloud.comment(key, "FAQ: sleep het document op de zaak")
    cloud.edit_comment(key, comment_id, "FAQ: sleep het document naar de zaak")
    cloud.delete_comment(key, comment_id)
    _delivered(cloud, receiver, 4)
    assert [e for e, _t in receiver.events()[1:]] == ["comment_created", "comment_updated", "comment_deleted"]
    for delivery in receiver.received[1:]:
        assert set(delivery.json["issue"]["fields"]) == {"summary", "issuetype", "project", "assignee", "priority",
                                                         "status"}
    assert receiver.received[2].json["comment"]["body"] == "FAQ: sleep het document naar de zaak"


def test_delete_sends_the_full_snapshot_without_an_event_name_on_cloud(cloud, receiver):
    key = _new_issue(cloud)
    cloud.delete(key)
    _delivered(cloud, receiver, 2)
    deleted = receiver.received[1].json
    assert deleted["webhookEvent"] == "jira:issue_deleted" and "issue_event_type_name" not in deleted
    assert deleted["issue"]["key"] == key and deleted["issue"]["fields"]["labels"]
    assert cloud.issue(key) is None


def test_rest_attachment_fires_an_attachment_changelog(cloud, receiver):
    jira = client(cloud)
    issue = jira.create_issue(fields=question_fields(), prefetch=False)
    jira.add_attachment(issue.id, io.BytesIO(b"png"), filename="scherm.png")
    _delivered(cloud, receiver, 2)
    item = receiver.received[1].json["changelog"]["items"][0]
    assert (item["field"], item["toString"]) == ("Attachment", "scherm.png")


def test_cloud_webhook_users_carry_no_email_address(cloud, receiver):
    _new_issue(cloud)
    (delivery,) = _delivered(cloud, receiver, 1)
    assert "emailAddress" not in delivery.json["user"]
    assert "emailAddress" not in delivery.json["issue"]["fields"]["reporter"]
