"""JiraClient against a mocked Jira: exact requests, call counts, and how failures are classified."""

from __future__ import annotations

import time
from datetime import timedelta
from email.utils import format_datetime

import pytest
import requests
import responses
from urllib3.exceptions import ProtocolError

from connector.client import JiraClient
from connector.errors import JiraOutcomeUnknown, JiraPermanent, JiraRetryable
from connector.issue_builder import IssueDraft, marker_line
from store.types import utcnow
from tests.conftest import make_settings
from tests.connector.conftest import API, JIRA, calls, register_metadata, sent_json

DRAFT = IssueDraft(question_id="q_0123456789abcdef", summary="Hoe koppel ik een zaak?",
                   description="h3. Vraag\n\nHoe?\n\n" + marker_line("q_0123456789abcdef"),
                   labels=("voelspriet", "team-kcc", "thema-koppelingen", "fase-livegang"), priority="Highest",
                   custom_fields={"Team": "KCC", "Thema": "Koppelingen", "Fase": "Livegangsweken"})


def draft(n: int) -> IssueDraft:
    question_id = f"q_{n:016x}"
    return IssueDraft(question_id=question_id, summary=f"Vraag {n}", description=marker_line(question_id),
                      labels=("voelspriet",), priority="Medium")


@pytest.fixture
def client(settings, example_mappings) -> JiraClient:
    return JiraClient(settings, example_mappings)


def test_making_a_client_calls_nothing(settings, example_mappings):
    with responses.RequestsMock() as rsps:
        JiraClient(settings, example_mappings)
        assert len(rsps.calls) == 0


def test_create_sends_exactly_the_fields_in_one_post_with_a_timeout(client, jira_mock):
    jira_mock.post(f"{API}/issue", json={"id": "20001", "key": "ZAAK-1", "self": f"{API}/issue/20001"}, status=201)

    [result] = client.create_issues([DRAFT])

    assert (result.issue_id, result.key, result.error) == ("20001", "ZAAK-1", None)
    [post] = calls(jira_mock, "POST", "/rest/api/2/issue")
    assert sent_json(post) == {"fields": {
        "project": {"id": "10000"},
        "issuetype": {"id": "10001"},
        "summary": "Hoe koppel ik een zaak?",
        "description": DRAFT.description,
        "labels": ["voelspriet", "team-kcc", "thema-koppelingen", "fase-livegang"],
        "priority": {"id": "1"},
        "customfield_10010": {"value": "KCC"},
        "customfield_10011": {"value": "Koppelingen"},
        "customfield_10012": {"value": "Livegangsweken"},
    }}
    # project, priorities and fields are looked up once; no prefetch GET of the new issue
    assert [c.request.method for c in jira_mock.calls] == ["GET", "GET", "GET", "POST"]
    assert all(c.request.req_kwargs["timeout"] == 10.0 for c in jira_mock.calls)
    assert post.request.headers["Authorization"].startswith("Basic ")

    client.create_issues([DRAFT])
    assert len(jira_mock.calls) == 5  # metadata cached


def test_bulk_create_maps_a_partial_failure_back_by_index(client, jira_mock):
    jira_mock.post(f"{API}/issue/bulk", status=201, json={
        "issues": [{"id": "20001", "key": "ZAAK-1"}, {"id": "20003", "key": "ZAAK-3"}],
        "errors": [{"status": 400, "failedElementNumber": 1, "elementErrors": {
            "errorMessages": [], "errors": {"customfield_10010": "Option value 'X' is not valid"}}}],
    })

    results = client.create_issues([draft(1), draft(2), draft(3)])

    assert [(r.question_id, r.key) for r in results] == [(draft(1).question_id, "ZAAK-1"),
                                                          (draft(2).question_id, None),
                                                          (draft(3).question_id, "ZAAK-3")]
    error = results[1].error
    assert isinstance(error, JiraPermanent)
    assert error.error_keys == ("customfield_10010",)
    assert "Option value 'X' is not valid" in str(error)
    [post] = calls(jira_mock, "POST", "/rest/api/2/issue/bulk")
    assert [u["fields"]["summary"] for u in sent_json(post)["issueUpdates"]] == ["Vraag 1", "Vraag 2", "Vraag 3"]
    assert len(jira_mock.calls) == 3  # project, priorities, one bulk POST


def test_bulk_create_where_every_element_failed_gives_element_errors(client, jira_mock):
    jira_mock.post(f"{API}/issue/bulk", status=400, json={"issues": [], "errors": [
        {"status": 400, "failedElementNumber": i, "elementErrors": {"errorMessages": [], "errors": {
            "summary": "You must specify a summary of the issue."}}} for i in range(2)]})

    results = client.create_issues([draft(1), draft(2)])

    assert all(isinstance(r.error, JiraPermanent) and r.error.error_keys == ("summary",) for r in results)


def test_bulk_element_that_jira_could_not_take_now_is_retryable(client, jira_mock):
    jira_mock.post(f"{API}/issue/bulk", status=201, json={"issues": [{"id": "20001", "key": "ZAAK-1"}], "errors": [
        {"status": 503, "failedElementNumber": 1, "elementErrors": {"errorMessages": ["busy"], "errors": {}}}]})

    results = client.create_issues([draft(1), draft(2)])

    assert results[0].key == "ZAAK-1"
    assert type(results[1].error) is JiraRetryable


@pytest.mark.parametrize(("status", "headers", "kind", "retry_after"), [
    (400, {}, JiraPermanent, None),
    (408, {}, JiraRetryable, None),  # the request did not arrive in time: nothing was done
    (401, {}, JiraPermanent, None),
    (404, {}, JiraPermanent, None),
    (429, {"Retry-After": "7"}, JiraRetryable, 7.0),
    (503, {"Retry-After": "3"}, JiraRetryable, 3.0),
    (500, {}, JiraOutcomeUnknown, None),  # a write answered 500 may have happened anyway
])
def test_a_failed_create_is_classified_by_status_and_sent_once(client, jira_mock, status, headers, kind,
                                                                retry_after):
    jira_mock.post(f"{API}/issue", status=status, headers=headers,
                   json={"errorMessages": ["Het veld is ongeldig."], "errors": {"labels": "ongeldig label"}})
    started = time.monotonic()

    with pytest.raises(kind) as caught:
        client.create_issues([DRAFT])

    assert type(caught.value) is kind
    assert caught.value.status == status
    assert getattr(caught.value, "retry_after", None) == retry_after
    assert caught.value.error_keys == ("labels",)
    assert len(calls(jira_mock, "POST", "/rest/api/2/issue")) == 1  # the library did not re-send it
    assert time.monotonic() - started < 2  # nor sleep in this thread


def test_unauthorised_names_the_settings_to_fix(client, jira_mock):
    jira_mock.replace(responses.GET, f"{API}/project/ZAAK", status=401, body="")
    with pytest.raises(JiraPermanent, match="VOELSPRIET_JIRA_USER and VOELSPRIET_JIRA_TOKEN"):
        client.create_issues([DRAFT])


def test_retry_after_as_an_http_date(client, jira_mock):
    when = utcnow() + timedelta(seconds=90)
    jira_mock.post(f"{API}/issue", status=429, headers={"Retry-After": format_datetime(when, usegmt=True)})
    with pytest.raises(JiraRetryable) as caught:
        client.create_issues([DRAFT])
    assert 80 <= caught.value.retry_after <= 91


@pytest.mark.parametrize(("error", "write", "kind"), [
    (requests.ReadTimeout("read timed out"), True, JiraOutcomeUnknown),
    (requests.ConnectionError(ProtocolError("Connection aborted.")), True, JiraOutcomeUnknown),
    (requests.ConnectTimeout("connect timed out"), True, JiraRetryable),
    (requests.ReadTimeout("read timed out"), False, JiraRetryable),
])
def test_transport_failures(client, jira_mock, error, write, kind):
    if write:
        jira_mock.post(f"{API}/issue", body=error)
    else:
        jira_mock.replace(responses.GET, f"{API}/project/ZAAK", body=error)

    with pytest.raises(JiraRetryable) as caught:
        client.create_issues([DRAFT])

    assert type(caught.value) is kind
    assert "within 10 s" in str(caught.value) or "connection" in str(caught.value) or "reach" in str(caught.value)


def test_refused_connection_means_nothing_was_sent(settings, example_mappings):
    # a real refused connection (a port nobody listens on), not a mock
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    jira_url = f"http://bot:password-in-url@127.0.0.1:{port}"
    client = JiraClient(settings.with_overrides(jira_url=jira_url), example_mappings)
    with pytest.raises(JiraRetryable) as caught:
        client.create_issues([DRAFT])
    assert type(caught.value) is JiraRetryable
    assert f"cannot reach Jira at 127.0.0.1:{port}" in str(caught.value)
    assert "password-in-url" not in str(caught.value)


@pytest.mark.parametrize("drafts", [[DRAFT], [draft(1), draft(2)]], ids=["single", "bulk"])
def test_a_create_answered_with_something_not_json_may_have_happened(client, jira_mock, drafts):
    login_page = "<html><body>Log in</body></html>"
    jira_mock.post(f"{API}/issue", status=201, body=login_page, content_type="text/html")
    jira_mock.post(f"{API}/issue/bulk", status=201, body=login_page, content_type="text/html")

    with pytest.raises(JiraOutcomeUnknown, match="not JSON"):  # a retry must look in Jira before creating
        client.create_issues(drafts)


def test_errors_carry_jiras_message_but_no_body_headers_or_token(client, jira_mock):
    jira_mock.post(f"{API}/issue", status=400, headers={"X-Echo": "jira-token-never-logged"},
                   json={"errorMessages": [], "errors": {"summary": "Samenvatting te lang"}})

    with pytest.raises(JiraPermanent) as caught:
        client.create_issues([DRAFT])

    text = str(caught.value)
    assert "Samenvatting te lang" in text
    assert "jira-token-never-logged" not in text
    assert "Hoe koppel ik" not in text  # the request body is not repeated
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_missing_priority_is_permanent_before_anything_is_sent(client, jira_mock):
    with pytest.raises(JiraPermanent, match="no priority named 'Urgent'"):
        client.create_issues([IssueDraft("q_0123456789abcdef", "s", "d", ("voelspriet",), priority="Urgent")])
    assert not calls(jira_mock, "POST", "/rest/api/2/issue")
    assert len(calls(jira_mock, "GET", "/rest/api/2/priority")) == 2  # looked again before giving up


def test_data_center_uses_a_bearer_token(tmp_path, example_mappings):
    settings = make_settings(tmp_path, VOELSPRIET_JIRA_USER="")
    with responses.RequestsMock() as rsps:
        register_metadata(rsps)
        rsps.post(f"{API}/issue", json={"id": "1", "key": "ZAAK-1"}, status=201)
        JiraClient(settings, example_mappings).create_issues([DRAFT])
        assert all(c.request.headers["Authorization"] == "Bearer jira-token-never-logged" for c in rsps.calls)


# --- reading issues for the FAQ --------------------------------------------------------------------

ISSUE = {
    "id": "20001", "key": "ZAAK-1",
    "fields": {
        "summary": "Koppeling met BRP", "labels": ["voelspriet", "team-kcc"],
        "status": {"name": "Gereed", "statusCategory": {"key": "done"}},
        "resolution": {"name": "Done"}, "resolutiondate": "2027-03-04T10:00:00.000+0100",
        "updated": "2027-03-04T10:05:00.000+0100", "created": "2027-03-03T09:00:00.000+0100",
        "description": "h3. Vraag\n\nHoe?",
        "comment": {"startAt": 0, "maxResults": 1, "total": 2, "comments": [
            {"id": "1", "body": "Even kijken", "created": "2027-03-03T10:00:00.000+0100",
             "updated": "2027-03-03T10:00:00.000+0100"}]},
        "customfield_10013": "Gebruik de *nieuwe* koppeling.",
        "customfield_10010": {"value": "KCC", "id": "1"},
        "customfield_10011": None,
    },
}


def test_issue_snapshot(client, jira_mock):
    jira_mock.get(f"{API}/issue/20001", json=ISSUE)
    jira_mock.get(f"{API}/issue/20001/comment", json={"startAt": 1, "total": 2, "comments": [
        {"id": "2", "body": "FAQ: Gebruik de nieuwe koppeling.", "created": "2027-03-04T09:00:00.000+0100",
         "updated": "2027-03-04T09:30:00.000+0100"}]})

    snapshot = client.get_issue_snapshot("20001")

    assert snapshot is not None
    assert (snapshot.id, snapshot.key, snapshot.summary) == ("20001", "ZAAK-1", "Koppeling met BRP")
    assert snapshot.status_category == "done" and snapshot.resolution == "Done" and snapshot.is_resolved
    assert snapshot.resolved_at.isoformat() == "2027-03-04T09:00:00+00:00"
    assert [c.body for c in snapshot.comments] == ["Even kijken", "FAQ: Gebruik de nieuwe koppeling."]
    assert snapshot.comments[1].updated.isoformat() == "2027-03-04T08:30:00+00:00"
    assert snapshot.answer_field == "Gebruik de *nieuwe* koppeling."
    assert snapshot.custom_fields == {"team": "KCC", "theme": None, "phase": None}
    [get] = calls(jira_mock, "GET", "/rest/api/2/issue/20001")
    assert get.request.params["fields"] == ("summary,labels,status,resolution,resolutiondate,updated,created,"
                                            "description,comment,customfield_10013,customfield_10010,"
                                            "customfield_10011,customfield_10012")


def test_deleted_issue_snapshot_is_none(client, jira_mock):
    jira_mock.get(f"{API}/issue/20009", status=404, json={"errorMessages": ["Issue does not exist"], "errors": {}})
    assert client.get_issue_snapshot("20009") is None


def _adf(text: str) -> dict:
    paragraph = {"type": "paragraph", "content": [{"type": "text", "text": text}]}
    return {"type": "doc", "version": 1, "content": [paragraph]}


def test_search_updated_issues_on_cloud_pages_with_next_page_token(client, jira_mock):
    first = {**ISSUE, "fields": {**ISSUE["fields"], "description": _adf("Hoe?"), "comment": {
        "total": 1, "comments": [{"id": "1", "body": _adf("FAQ: zo"), "created": "2027-03-03T10:00:00.000+0100"}]}}}
    second = {**ISSUE, "id": "20002", "key": "ZAAK-2", "fields": {**ISSUE["fields"], "comment": {"comments": []}}}
    url = f"{JIRA}/rest/api/3/search/jql"
    jira_mock.get(url, json={"issues": [first], "nextPageToken": "abc", "isLast": False},
                  match=[responses.matchers.query_param_matcher({"maxResults": "100"}, strict_match=False)])
    since = utcnow() - timedelta(minutes=29, seconds=30)

    jira_mock.get(url, json={"issues": [second], "isLast": True},
                  match=[responses.matchers.query_param_matcher({"nextPageToken": "abc"}, strict_match=False)])
    snapshots = list(client.search_updated_issues(since))

    assert [s.key for s in snapshots] == ["ZAAK-1", "ZAAK-2"]
    assert snapshots[0].description == "Hoe?" and snapshots[0].comments[0].body == "FAQ: zo"
    searches = calls(jira_mock, "GET", "/rest/api/3/search/jql")
    assert len(searches) == 2
    assert searches[0].request.params["jql"] == ('project = "ZAAK" AND labels = "voelspriet" AND '
                                                 'updated >= "-35m" ORDER BY updated ASC')


def test_search_updated_issues_on_data_center_pages_with_start_at(tmp_path, example_mappings):
    settings = make_settings(tmp_path, VOELSPRIET_JIRA_USER="")
    client = JiraClient(settings, example_mappings)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        register_metadata(rsps)
        page = {**ISSUE, "fields": {**ISSUE["fields"], "comment": {"comments": []}}}
        rsps.get(f"{API}/search", json={"startAt": 0, "total": 2, "issues": [page]},
                 match=[responses.matchers.query_param_matcher({"startAt": "0"}, strict_match=False)])
        rsps.get(f"{API}/search", json={"startAt": 1, "total": 2, "issues": [{**page, "id": "20002"}]},
                 match=[responses.matchers.query_param_matcher({"startAt": "1"}, strict_match=False)])

        ids = [s.id for s in client.search_updated_issues(None)]

        assert ids == ["20001", "20002"]
        assert calls(rsps, "GET", "/rest/api/2/search")[0].request.params["jql"] == (
            'project = "ZAAK" AND labels = "voelspriet" ORDER BY updated ASC')


def test_find_created_issues_matches_the_marker_exactly(client, jira_mock):
    wanted = "q_00000000000000aa"
    jira_mock.get(f"{JIRA}/rest/api/3/search/jql", json={"isLast": True, "issues": [
        {"id": "1", "key": "ZAAK-1", "fields": {"description": "x\n" + marker_line("q_00000000000000ab")}},
        {"id": "2", "key": "ZAAK-2", "fields": {"description": _adf(marker_line(wanted).replace("_", "\\_"))}},
        {"id": "3", "key": "ZAAK-3", "fields": {"description": "later duplicate\n" + marker_line(wanted)}},
    ]})

    found = client.find_created_issues([wanted, "q_00000000000000ff"], utcnow() - timedelta(seconds=90))

    assert found == {wanted: ("2", "ZAAK-2")}
    [search] = calls(jira_mock, "GET", "/rest/api/3/search/jql")
    assert search.request.params["jql"] == ('project = "ZAAK" AND labels = "voelspriet" AND created >= "-7m" '
                                            "ORDER BY created ASC")
    assert search.request.params["fields"] == "description"
