"""The IT view in the browser: a person playing IT answers, relabels, resolves, reopens and deletes."""

from __future__ import annotations

import re
import threading

import pytest
import requests

from connector.sandbox import SandboxServer
from tests.sandbox.conftest import client, question_fields

pytestmark = pytest.mark.e2e


@pytest.fixture
def browser(cloud):
    client(cloud).create_issue(fields=question_fields(), prefetch=False)
    with requests.Session() as session:
        yield session


def _token(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def _act(session, server, action: str, key: str = "ZAAK-1", **form) -> requests.Response:
    page = session.get(f"{server.url}/browse/{key}", timeout=5).text
    return session.post(f"{server.url}/browse/{key}", data={"token": _token(page), "action": action, **form},
                        timeout=5)


def test_list_shows_issues_with_labels_and_status_and_says_it_is_open(browser, cloud):
    page = browser.get(cloud.url + "/", timeout=5).text
    assert "ZAAK-1" in page and "Hoe koppel ik een document aan een zaak?" in page
    assert "team-kcc" in page and "To Do" in page
    assert "There is no login" in page


def test_comment_with_faq_answer_is_stored_and_announced(browser, cloud, receiver):
    response = _act(browser, cloud, "comment", body="FAQ: sleep het document op de zaak.")
    assert response.status_code == 200 and "Comment added." in response.text
    assert [c["body"] for c in cloud.comments("ZAAK-1")] == ["FAQ: sleep het document op de zaak."]
    assert cloud.wait_for_webhooks()
    assert ("comment_created", None) in receiver.events()


def test_resolve_reopen_and_summary(browser, cloud):
    _act(browser, cloud, "summary", summary="Document aan zaak koppelen")
    _act(browser, cloud, "resolve", resolution="Done")
    fields = cloud.issue("ZAAK-1")["fields"]
    assert (fields["summary"], fields["status"]["name"], fields["resolution"]["name"]) == (
        "Document aan zaak koppelen", "Done", "Done")
    _act(browser, cloud, "reopen")
    assert cloud.issue("ZAAK-1")["fields"]["resolution"] is None


def test_labels_and_answer_field(browser, cloud):
    _act(browser, cloud, "add-label", label="geen-faq")
    _act(browser, cloud, "remove-label", label="team-kcc")
    _act(browser, cloud, "answer", answer="Sleep het document op de zaak.")
    fields = cloud.issue("ZAAK-1")["fields"]
    assert "geen-faq" in fields["labels"] and "team-kcc" not in fields["labels"]
    assert fields["customfield_10103"] == "Sleep het document op de zaak."


def test_label_with_a_space_shows_jiras_message_and_changes_nothing(browser, cloud):
    response = _act(browser, cloud, "add-label", label="geen faq")
    assert response.status_code == 400
    assert "The label &#39;geen faq&#39; contains spaces which is invalid." in response.text
    assert "geen faq" not in cloud.issue("ZAAK-1")["fields"]["labels"]


def test_edit_and_delete_comment(browser, cloud):
    comment_id = cloud.comment("ZAAK-1", "FAQ: eerste versie")
    _act(browser, cloud, "edit-comment", comment_id=comment_id, body="FAQ: tweede versie")
    assert [c["body"] for c in cloud.comments("ZAAK-1")] == ["FAQ: tweede versie"]
    _act(browser, cloud, "delete-comment", comment_id=comment_id)
    assert cloud.comments("ZAAK-1") == []


def test_delete_goes_back_to_the_list(browser, cloud):
    response = _act(browser, cloud, "delete")
    assert response.url.rstrip("/") == cloud.url
    assert "ZAAK-1 deleted." in response.text
    assert cloud.issue("ZAAK-1") is None
    assert browser.get(f"{cloud.url}/browse/ZAAK-1", timeout=5).status_code == 404


def test_a_post_without_the_page_token_changes_nothing(browser, cloud):
    response = browser.post(f"{cloud.url}/browse/ZAAK-1", data={"action": "delete"}, timeout=5)
    assert response.status_code == 400
    assert cloud.issue("ZAAK-1") is not None


def test_state_survives_a_restart(tmp_path):
    server = SandboxServer(tmp_path)
    server.start()
    jira = client(server)
    issue = jira.create_issue(fields=question_fields(), prefetch=False)
    jira.add_comment(issue.id, "FAQ: bewaard")
    jira.create_filter("Team KCC", None, "labels = team-kcc", True)
    server.resolve(issue.key)
    server.stop()
    with SandboxServer(tmp_path) as again:
        jira = client(again)
        fields = jira.issue(issue.id).fields
        assert (fields.summary, fields.resolution.name) == ("Hoe koppel ik een document aan een zaak?", "Done")
        assert [c.body for c in jira.comments(issue.id)] == ["FAQ: bewaard"]
        assert [f.name for f in jira.favourite_filters()] == ["Team KCC"]
        assert jira.create_issue(fields=question_fields(), prefetch=False).key == "ZAAK-2"


def test_restart_keeps_the_port(tmp_path):
    server = SandboxServer(tmp_path)
    url = server.start()
    try:
        assert server.restart() == url
        assert requests.get(url + "/rest/api/2/serverInfo", timeout=5).status_code == 200
    finally:
        server.stop()


def test_concurrent_changes_never_undo_each_other(cloud):
    key = client(cloud).create_issue(fields=question_fields(), prefetch=False).key
    jira = client(cloud)
    writers = [threading.Thread(target=jira.add_comment, args=(key, f"opmerking {n}")) for n in range(8)]
    writers.append(threading.Thread(target=cloud.resolve, args=(key,)))
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=10)
    assert cloud.issue(key)["fields"]["resolution"]["name"] == "Done"
    assert len(cloud.comments(key)) == 8
