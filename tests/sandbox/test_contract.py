"""The sandbox answers in Jira's documented shapes and sends webhooks shaped like real captured ones.

Responses are validated against Atlassian's OpenAPI schemas (v3 file, unmodified; the shapes
used here are the same in v2 except for ADF text). Webhook bodies are compared key by key with
real payloads from Jira Cloud and Jira Server in tests/fixtures/jira-webhooks/.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import requests

from tests.sandbox.conftest import client, question_fields
from tests.sandbox.openapi import SHARED_SPEC, SUBSET, extract, problems

pytestmark = pytest.mark.e2e
WEBHOOK_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jira-webhooks"
GDPR_USER_KEYS = {"name", "key", "emailAddress"}  # gone from Jira Cloud webhook users since 2019
WORK_LOGGED = {"timetracking", "progress", "aggregateprogress", "worklog"}  # inner keys only appear once work is logged


def _get(server, path: str, version: str = "2", **params) -> requests.Response:
    return requests.get(f"{server.url}/rest/api/{version}/{path}", params=params, auth=(server.user, server.token),
                        timeout=5)


def _valid(schema: str | dict, body) -> None:
    assert problems(schema, body) == []


def _array_of(name: str) -> dict:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}}


@pytest.fixture
def answered(any_jira):
    """One issue with a comment, an attachment and a resolution; one open issue; one saved filter."""
    jira = client(any_jira)
    issue = jira.create_issue(fields=question_fields(customfield_10100={"value": "KCC"}), prefetch=False)
    jira.create_issue(fields=question_fields("tweede vraag"), prefetch=False)
    jira.add_comment(issue.id, "FAQ: zo werkt het")
    jira.add_attachment(issue.id, io.BytesIO(b"png"), filename="scherm.png")
    jira.transition_issue(issue.id, "31", fields={"resolution": {"name": "Done"}})
    jira.create_filter("Team KCC", "vragen van KCC", "project = ZAAK AND labels = team-kcc", True)
    return any_jira


def test_schema_subset_is_atlassians_unchanged():
    if not SHARED_SPEC.exists():
        pytest.skip(f"the full Atlassian spec is not at {SHARED_SPEC}; the committed subset is used as it is")
    assert extract(json.loads(SHARED_SPEC.read_text())) == json.loads(SUBSET.read_text())


def test_validator_catches_a_wrong_shape():
    assert problems("CreatedIssue", {"id": 10000, "key": "ZAAK-1", "extra": True})


def test_create_and_bulk_create(any_jira):
    response = requests.post(f"{any_jira.url}/rest/api/2/issue", json={"fields": question_fields()},
                             auth=(any_jira.user, any_jira.token), timeout=5)
    _valid("CreatedIssue", response.json())
    bulk = requests.post(f"{any_jira.url}/rest/api/2/issue/bulk", json={"issueUpdates": [
        {"fields": question_fields("ok")}, {"fields": question_fields("niet\nok")}]},
        auth=(any_jira.user, any_jira.token), timeout=5)
    assert bulk.status_code == 201
    _valid("CreatedIssues", bulk.json())
    failed = requests.post(f"{any_jira.url}/rest/api/2/issue/bulk", json={"issueUpdates": [
        {"fields": question_fields("niet\nok")}]}, auth=(any_jira.user, any_jira.token), timeout=5)
    _valid("CreatedIssues", failed.json())


def test_errors_are_error_collections(any_jira):
    response = requests.post(f"{any_jira.url}/rest/api/2/issue", json={"fields": {"summary": "x"}},
                             auth=(any_jira.user, any_jira.token), timeout=5)
    _valid("ErrorCollection", response.json())
    _valid("ErrorCollection", _get(any_jira, "issue/ZAAK-99").json())


def test_get_issue_and_its_parts(answered):
    body = _get(answered, "issue/ZAAK-1").json()
    _valid("IssueBean", body)
    fields = body["fields"]
    _valid("StatusDetails", fields["status"])
    _valid("Priority", fields["priority"])
    _valid("IssueTypeDetails", fields["issuetype"])
    _valid("Resolution", fields["resolution"])
    _valid("UserDetails", fields["reporter"])
    _valid("PageOfComments", fields["comment"])
    _valid(_array_of("Attachment"), fields["attachment"])
    _valid(_array_of("Comment"), fields["comment"]["comments"])


def test_search_responses(answered):
    if answered.deployment == "cloud":
        for version in ("2", "3"):
            body = _get(answered, "search/jql", version, jql="project = ZAAK", fields="*all", maxResults=1).json()
            _valid("SearchAndReconcileResults", body)
            _valid(_array_of("IssueBean"), body["issues"])
    else:
        _valid("SearchResults", _get(answered, "search", jql="project = ZAAK", maxResults=1).json())


def test_metadata_responses(answered):
    _valid("ServerInformation", _get(answered, "serverInfo").json())
    _valid("User", _get(answered, "myself").json())
    _valid(_array_of("FieldDetails"), _get(answered, "field").json())
    _valid("Project", _get(answered, "project/ZAAK").json())
    _valid(_array_of("Priority"), _get(answered, "priority").json())
    _valid(_array_of("IssueTypeDetails"), _get(answered, "issuetype").json())
    if answered.deployment == "cloud":
        _valid("PageOfCreateMetaIssueTypes", _get(answered, "issue/createmeta/ZAAK/issuetypes").json())


def test_comment_transition_attachment_and_filter_responses(answered):
    _valid("PageOfComments", _get(answered, "issue/ZAAK-1/comment").json())
    comment = requests.post(f"{answered.url}/rest/api/2/issue/ZAAK-2/comment", json={"body": "nog een"},
                            auth=(answered.user, answered.token), timeout=5)
    _valid("Comment", comment.json())
    _valid("Transitions", _get(answered, "issue/ZAAK-2/transitions", expand="transitions.fields").json())
    attachment = requests.post(f"{answered.url}/rest/api/2/issue/ZAAK-2/attachments", files={"file": ("a.txt", b"x")},
                               headers={"X-Atlassian-Token": "no-check"}, auth=(answered.user, answered.token),
                               timeout=5)
    _valid(_array_of("Attachment"), attachment.json())
    favourites = _get(answered, "filter/favourite").json()
    _valid(_array_of("Filter"), favourites)
    _valid("Filter", _get(answered, f"filter/{favourites[0]['id']}").json())


# webhooks: the same keys as real payloads, recursively

def _missing(expected, actual, path: str = "", cloud: bool = True) -> list[str]:
    """Keys (as paths) the real payload has and ours lacks, plus scalar type mismatches."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        missing = []
        for key, value in expected.items():
            if key.startswith("customfield_") or (cloud and key in GDPR_USER_KEYS and "accountId" in expected):
                continue
            if key not in actual:
                missing.append(f"{path}/{key}")
            elif not (path.endswith("/fields") and key in WORK_LOGGED):
                missing += _missing(value, actual[key], f"{path}/{key}", cloud)
        return missing
    if isinstance(expected, list) and isinstance(actual, list):
        pairs = zip(expected, actual, strict=False) if path.endswith("/items") else zip(expected[:1], actual[:1],
                                                                                         strict=False)
        return [m for e, a in pairs for m in _missing(e, a, f"{path}[]", cloud)]
    if expected is None or actual is None:
        return []
    if isinstance(expected, (int, float)) != isinstance(actual, (int, float)) or isinstance(expected, str) != \
            isinstance(actual, str):
        return [f"{path}: {type(expected).__name__} in Jira, {type(actual).__name__} here"]
    return []


def _fixture(name: str) -> dict:
    return json.loads((WEBHOOK_FIXTURES / f"mattermost-webhook-{name}.json").read_text())


def _sorted_items(body: dict) -> dict:
    """Changelog items compare by field name: Jira's order varies."""
    if "changelog" in body:
        body = {**body, "changelog": {**body["changelog"],
                                      "items": sorted(body["changelog"]["items"], key=lambda i: i["field"].lower())}}
    return body


def _compare(fixture: str, ours: dict, cloud: bool = True) -> None:
    real = _fixture(fixture)
    assert set(real) == set(ours), f"top-level keys differ from {fixture}"
    assert _missing(_sorted_items(real), _sorted_items(ours), cloud=cloud) == []


def test_cloud_webhooks_have_the_shape_of_real_ones(cloud, receiver):
    key = client(cloud).create_issue(fields=question_fields(), prefetch=False).key
    cloud.edit_summary(key, "Document koppelen")
    cloud.add_label(key, "geen-faq")
    cloud.resolve(key)
    cloud.reopen(key)
    comment_id = cloud.comment(key, "FAQ: zo")
    cloud.edit_comment(key, comment_id, "FAQ: zo dus")
    cloud.delete(key)
    assert cloud.wait_for_webhooks(10)
    bodies = [r.json for r in receiver.wait_for(8)]
    for fixture, body in zip(("issue-created", "issue-updated-edited", "issue-updated-labels",
                              "issue-updated-resolved", "issue-updated-reopened", "cloud-comment-created",
                              "cloud-comment-updated", "issue-deleted"), bodies, strict=True):
        _compare(fixture, body)
    assert set(bodies[5]["issue"]["fields"]) == set(_fixture("cloud-comment-created")["issue"]["fields"])


def test_data_center_webhooks_have_the_shape_of_real_server_ones(datacenter, receiver):
    key = client(datacenter).create_issue(fields=question_fields(), prefetch=False).key
    datacenter.resolve(key)
    datacenter.reopen(key)
    assert datacenter.wait_for_webhooks(10)
    bodies = [r.json for r in receiver.wait_for(3)]
    _compare("server-issue-updated-resolved", bodies[1], cloud=False)
    _compare("server-issue-updated-reopened", bodies[2], cloud=False)


def test_shape_comparison_notices_missing_and_mistyped_keys():
    real = _fixture("issue-updated-resolved")
    broken = json.loads(json.dumps(real))
    del broken["issue"]["fields"]["status"]["statusCategory"]["key"]
    broken["changelog"]["items"][0]["from"] = 10000
    broken["timestamp"] = str(broken["timestamp"])
    assert _missing(real, broken) == ["/timestamp: int in Jira, str here",
                                      "/issue/fields/status/statusCategory/key"]
