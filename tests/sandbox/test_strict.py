"""The sandbox refuses what Jira refuses, with Jira's status codes and error shape."""

from __future__ import annotations

import pytest
import requests
from jira import JIRA, JIRAError

from tests.sandbox.conftest import client, question_fields

pytestmark = pytest.mark.e2e


def _post(server, path: str, body: dict, **kwargs) -> requests.Response:
    return requests.post(f"{server.url}/rest/api/2/{path}", json=body, auth=(server.user, server.token), timeout=5,
                         **kwargs)


def _assert_field_error(response: requests.Response, field: str, message: str) -> None:
    assert response.status_code == 400
    assert response.json() == {"errorMessages": [], "errors": {field: message}}


@pytest.mark.parametrize("auth", [None, ("sandbox@example.org", "wrong-token"), ("someone@example.org",
                                                                                   "sandbox-token")])
def test_missing_or_wrong_credentials_are_401(cloud, auth):
    response = requests.get(f"{cloud.url}/rest/api/2/myself", auth=auth, timeout=5)
    assert response.status_code == 401
    assert response.json()["errorMessages"] == [
        "You are not authenticated. Authentication required to perform this operation."]


def test_wrong_credentials_fail_the_jira_constructor(cloud):
    with pytest.raises(JIRAError) as raised:
        JIRA(cloud.url, basic_auth=(cloud.user, "wrong"), get_server_info=True, timeout=5, max_retries=0)
    assert raised.value.status_code == 401


def test_cloud_does_not_take_a_bearer_token(cloud):
    response = requests.get(f"{cloud.url}/rest/api/2/myself", headers={"Authorization": "Bearer sandbox-token"},
                            timeout=5)
    assert response.status_code == 401


def test_data_center_takes_a_personal_access_token(datacenter):
    ok = requests.get(f"{datacenter.url}/rest/api/2/myself", headers={"Authorization": "Bearer sandbox-token"},
                      timeout=5)
    wrong = requests.get(f"{datacenter.url}/rest/api/2/myself", headers={"Authorization": "Bearer nope"}, timeout=5)
    assert (ok.status_code, wrong.status_code) == (200, 401)


def test_a_write_without_credentials_changes_nothing(cloud):
    response = requests.post(f"{cloud.url}/rest/api/2/issue", json={"fields": question_fields()}, timeout=5)
    assert response.status_code == 401
    assert cloud.issues() == []


def test_label_with_whitespace_is_refused(cloud):
    response = _post(cloud, "issue", {"fields": question_fields(labels=["team kcc"])})
    _assert_field_error(response, "labels", "The label 'team kcc' contains spaces which is invalid.")
    assert cloud.issues() == []


def test_unknown_field_is_refused(cloud):
    response = _post(cloud, "issue", {"fields": question_fields(customfield_99999="x")})
    _assert_field_error(response, "customfield_99999",
                        "Field 'customfield_99999' cannot be set. It is not on the appropriate screen, or unknown.")


def test_summary_with_newline_is_refused(cloud):
    response = _post(cloud, "issue", {"fields": question_fields("eerste regel\ntweede regel")})
    _assert_field_error(response, "summary", "The summary is invalid because it contains newline characters.")


def test_summary_over_255_characters_is_refused(cloud):
    response = _post(cloud, "issue", {"fields": question_fields("x" * 256)})
    _assert_field_error(response, "summary", "Summary must be less than 255 characters.")
    assert _post(cloud, "issue", {"fields": question_fields("x" * 255)}).status_code == 201


def test_unknown_option_value_is_refused(cloud):
    response = _post(cloud, "issue", {"fields": question_fields(customfield_10100={"value": "Onbekend team"})})
    _assert_field_error(response, "customfield_10100", "Option value 'Onbekend team' is not valid")


def test_missing_required_fields_are_named(cloud):
    response = _post(cloud, "issue", {"fields": {"project": {"key": "ZAAK"}}})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"issuetype", "summary"}


def test_all_problems_of_one_issue_come_together(cloud):
    response = _post(cloud, "issue", {"fields": question_fields("a\nb", labels=["a b"], priority={"name": "Urgent"})})
    assert set(response.json()["errors"]) == {"summary", "labels", "priority"}


def test_bulk_over_50_is_refused_whole(cloud):
    response = _post(cloud, "issue/bulk", {"issueUpdates": [{"fields": question_fields(f"q{n}")} for n in range(51)]})
    assert response.status_code == 400
    assert response.json()["errorMessages"] and response.json()["errors"] == {}
    assert cloud.issues() == []


def test_bulk_with_every_element_failing_is_400_in_bulk_shape(cloud):
    response = _post(cloud, "issue/bulk", {"issueUpdates": [{"fields": question_fields("a\nb")}]})
    assert response.status_code == 400
    assert response.json() == {"issues": [], "errors": [{
        "status": 400, "failedElementNumber": 0,
        "elementErrors": {"errorMessages": [], "errors": {
            "summary": "The summary is invalid because it contains newline characters."}}}]}


def test_attachment_without_xsrf_header_is_403(cloud):
    issue = client(cloud).create_issue(fields=question_fields(), prefetch=False)
    response = requests.post(f"{cloud.url}/rest/api/2/issue/{issue.id}/attachments", auth=(cloud.user, cloud.token),
                             files={"file": ("a.png", b"png")}, timeout=5)
    assert response.status_code == 403
    assert response.text == "XSRF check failed"
    assert cloud.issue(issue.key)["fields"]["attachment"] == []


def test_edit_refuses_resolution_outside_a_transition(cloud):
    issue = client(cloud).create_issue(fields=question_fields(), prefetch=False)
    response = requests.put(f"{cloud.url}/rest/api/2/issue/{issue.id}", json={"fields": {"resolution": {
        "name": "Done"}}}, auth=(cloud.user, cloud.token), timeout=5)
    _assert_field_error(response, "resolution",
                        "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown.")


def test_transition_that_does_not_exist_is_400(cloud):
    issue = client(cloud).create_issue(fields=question_fields(), prefetch=False)
    response = _post(cloud, f"issue/{issue.id}/transitions", {"transition": {"id": "11"}})
    assert response.status_code == 400
    assert response.json()["errorMessages"] == ["Transition id '11' is not valid for this issue."]


def test_unknown_issue_is_404(cloud):
    response = requests.get(f"{cloud.url}/rest/api/2/issue/ZAAK-404", auth=(cloud.user, cloud.token), timeout=5)
    assert response.status_code == 404
    assert response.json()["errorMessages"] == ["Issue does not exist or you do not have permission to see it."]


def test_json_body_needs_json_content_type(cloud):
    response = requests.post(f"{cloud.url}/rest/api/2/issue", data="{}", auth=(cloud.user, cloud.token), timeout=5,
                             headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


def test_saved_filter_names_are_unique(cloud):
    jira = client(cloud)
    jira.create_filter("Team KCC", None, "labels = team-kcc", True)
    with pytest.raises(JIRAError) as raised:
        jira.create_filter("Team KCC", None, "labels = team-kcc", True)
    assert raised.value.status_code == 400
    assert "filterName" in raised.value.response.json()["errors"]


def test_saved_filter_with_bad_jql_is_refused(cloud):
    response = _post(cloud, "filter", {"name": "kapot", "jql": "labelz = x"})
    assert response.status_code == 400
    assert response.json()["errorMessages"] == [
        "Field 'labelz' does not exist or you do not have permission to view it."]


def test_v3_takes_descriptions_as_documents_only(cloud):
    document = {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [
        {"type": "text", "text": "Details"}]}]}
    url = f"{cloud.url}/rest/api/3/issue"
    ok = requests.post(url, json={"fields": question_fields(description=document)}, auth=(cloud.user, cloud.token),
                       timeout=5)
    assert ok.status_code == 201
    assert cloud.issue("ZAAK-1")["fields"]["description"] == "Details"
    refused = requests.post(url, json={"fields": question_fields(description="plain text")},
                            auth=(cloud.user, cloud.token), timeout=5)
    assert refused.status_code == 400
    assert "Atlassian Document" in refused.json()["errors"]["description"]
