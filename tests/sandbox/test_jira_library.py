"""Every `jira` library call Voelspriet makes works against the sandbox, over real HTTP."""

from __future__ import annotations

import io

import pytest
from jira import JIRAError

from tests.sandbox.conftest import client, question_fields

pytestmark = pytest.mark.e2e


def _field_ids(jira) -> dict[str, str]:
    return {f["name"]: f["id"] for f in jira.fields()}


def test_constructor_reads_server_info_and_knows_the_deployment(any_jira):
    jira = client(any_jira)
    assert jira._is_cloud == (any_jira.deployment == "cloud")
    info = jira.server_info()
    assert info["deploymentType"] == ("Cloud" if any_jira.deployment == "cloud" else "Server")
    assert info["baseUrl"] == any_jira.url


def test_myself_is_the_configured_account(any_jira):
    me = client(any_jira).myself()
    assert me["emailAddress"] == "sandbox@example.org"
    assert me["active"] is True


def test_fields_lists_the_select_fields_and_the_answer_field(any_jira):
    fields = {f["name"]: f for f in client(any_jira).fields()}
    for name in ("Team", "Thema", "Fase"):
        assert fields[name]["schema"]["custom"].endswith(":select")
        assert fields[name]["id"].startswith("customfield_")
    assert fields["FAQ-antwoord"]["schema"]["type"] == "string"
    assert {"summary", "labels", "status", "resolution"} <= {f["id"] for f in fields.values()}


def test_project_and_its_issue_types(any_jira):
    project = client(any_jira).project("ZAAK")
    assert project.key == "ZAAK"
    assert {t.name for t in project.issueTypes} == {"Task", "Bug"}


def test_project_issue_types_on_data_center(datacenter):
    assert [t.name for t in client(datacenter).project_issue_types("ZAAK")] == ["Task", "Bug"]


def test_priorities_lowest_to_highest(any_jira):
    assert sorted(p.name for p in client(any_jira).priorities()) == sorted(["Lowest", "Low", "Medium", "High",
                                                                            "Highest"])


def test_create_issue_with_ids_and_no_prefetch(any_jira):
    jira = client(any_jira)
    team = _field_ids(jira)["Team"]
    issue = jira.create_issue(fields=question_fields(**{team: {"value": "KCC"}}), prefetch=False)
    assert issue.key == "ZAAK-1"
    stored = any_jira.issue("ZAAK-1")["fields"]
    assert stored["summary"] == "Hoe koppel ik een document aan een zaak?"
    assert stored[team]["value"] == "KCC"
    assert stored["priority"]["name"] == "Medium"


def test_create_issues_in_bulk_keeps_order_and_reports_failures(any_jira):
    results = client(any_jira).create_issues(
        [question_fields("first"), question_fields("second", labels=["with space"]), question_fields("third")],
        prefetch=False)
    assert [r["status"] for r in results] == ["Success", "Error", "Success"]
    assert results[1]["error"] == {"labels": "The label 'with space' contains spaces which is invalid."}
    assert [r["issue"].key for r in results if r["issue"]] == ["ZAAK-1", "ZAAK-2"]


def test_issue_with_selected_fields(any_jira):
    jira = client(any_jira)
    created = jira.create_issue(fields=question_fields(), prefetch=False)
    issue = jira.issue(created.id, fields="summary,labels")
    assert issue.fields.summary == "Hoe koppel ik een document aan een zaak?"
    assert "voelspriet" in issue.fields.labels
    assert not hasattr(issue.fields, "status")


def test_issue_update_changes_the_summary(any_jira):
    jira = client(any_jira)
    issue = jira.create_issue(fields=question_fields(), prefetch=False)
    issue.update(fields={"summary": "Document koppelen aan een zaak"})
    assert jira.issue(issue.id).fields.summary == "Document koppelen aan een zaak"


def test_add_comment_and_read_comments(any_jira):
    jira = client(any_jira)
    issue = jira.create_issue(fields=question_fields(), prefetch=False)
    jira.add_comment(issue.id, "FAQ: sleep het document op de zaak.")
    assert [c.body for c in jira.comments(issue.id)] == ["FAQ: sleep het document op de zaak."]


def test_transition_to_done_sets_resolution_and_date(any_jira):
    jira = client(any_jira)
    issue = jira.create_issue(fields=question_fields(), prefetch=False)
    done = next(t["id"] for t in jira.transitions(issue.id) if t["name"] == "Done")
    jira.transition_issue(issue.id, done, fields={"resolution": {"name": "Done"}})
    fields = jira.issue(issue.id).fields
    assert (fields.status.name, fields.status.statusCategory.key) == ("Done", "done")
    assert fields.resolution.name == "Done"
    assert fields.resolutiondate


def test_transition_back_to_to_do_clears_resolution(any_jira):
    jira = client(any_jira)
    issue = jira.create_issue(fields=question_fields(), prefetch=False)
    jira.transition_issue(issue.id, "31")
    jira.transition_issue(issue.id, "11")
    fields = jira.issue(issue.id).fields
    assert fields.status.name == "To Do"
    assert fields.resolution is None and fields.resolutiondate is None


def test_add_attachment_returns_its_size(any_jira):
    jira = client(any_jira)
    issue = jira.create_issue(fields=question_fields(), prefetch=False)
    attachment = jira.add_attachment(issue.id, io.BytesIO(b"\x89PNG fake screenshot"), filename="scherm.png")
    assert (attachment.filename, attachment.size) == ("scherm.png", 20)
    assert [a.filename for a in jira.issue(issue.id).fields.attachment] == ["scherm.png"]


def test_delete_issue(any_jira):
    jira = client(any_jira)
    issue = jira.create_issue(fields=question_fields(), prefetch=False)
    issue.delete()
    with pytest.raises(JIRAError) as raised:
        jira.issue(issue.id)
    assert raised.value.status_code == 404


def test_create_filter_and_favourite_filters(any_jira):
    jira = client(any_jira)
    saved = jira.create_filter("Voelspriet – KCC", "Vragen van team KCC",
                               "project = ZAAK AND labels = voelspriet AND labels = team-kcc", True)
    assert saved.jql.endswith("labels = team-kcc")
    assert [f.name for f in jira.favourite_filters()] == ["Voelspriet – KCC"]


def test_search_issues_pages_with_start_at_on_data_center(datacenter):
    jira = client(datacenter)
    for n in range(3):
        jira.create_issue(fields=question_fields(f"vraag {n}"), prefetch=False)
    page = jira.search_issues("project = ZAAK AND labels = voelspriet ORDER BY created ASC", startAt=1, maxResults=1,
                              fields="summary,updated")
    assert page.total == 3
    assert [i.fields.summary for i in page] == ["vraag 1"]


def test_enhanced_search_pages_with_next_page_token_on_cloud(cloud):
    jira = client(cloud)
    for n in range(3):
        jira.create_issue(fields=question_fields(f"vraag {n}"), prefetch=False)
    jql = "project = ZAAK AND labels = voelspriet ORDER BY created ASC"
    seen, token = [], None
    for _page in range(5):
        page = jira.enhanced_search_issues(jql, nextPageToken=token, maxResults=2, fields=["summary"])
        seen += [i.fields.summary for i in page]
        token = page.nextPageToken
        if token is None:
            break
    assert seen == ["vraag 0", "vraag 1", "vraag 2"]
