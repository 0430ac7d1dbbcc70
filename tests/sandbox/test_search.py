"""Search with the JQL Voelspriet writes, on both search APIs, with Jira's paging and errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from connector.sandbox.jql import JqlError, parse
from tests.sandbox.conftest import client, question_fields

pytestmark = pytest.mark.e2e


def _search(server, jql: str, **params) -> requests.Response:
    path = "search/jql" if server.deployment == "cloud" else "search"
    return requests.get(f"{server.url}/rest/api/2/{path}", params={"jql": jql, "fields": "summary", **params},
                        auth=(server.user, server.token), timeout=5)


def _summaries(server, jql: str) -> list[str]:
    response = _search(server, jql)
    assert response.status_code == 200, response.text
    return [issue["fields"]["summary"] for issue in response.json()["issues"]]


@pytest.fixture
def three(any_jira):
    """ZAAK-1 (KCC, open), ZAAK-2 (permits, resolved, with an FAQ comment), ZAAK-3 (no labels)."""
    jira = client(any_jira)
    jira.create_issue(fields=question_fields("Inloggen lukt niet", customfield_10100={"value": "KCC"}), prefetch=False)
    permits = question_fields("Vergunning verlengen", labels=["voelspriet", "team-vergunningen"])
    second = jira.create_issue(fields=permits, prefetch=False)
    jira.create_issue(fields=question_fields("Los issue", labels=[]), prefetch=False)
    jira.add_comment(second.id, "FAQ: gebruik het verlengformulier in het zaaksysteem")
    any_jira.resolve(second.key)
    return any_jira


def test_labels_and_or_in(three):
    assert _summaries(three, "labels = voelspriet AND labels = team-kcc") == ["Inloggen lukt niet"]
    assert sorted(_summaries(three, "labels = team-kcc OR labels = team-vergunningen")) == [
        "Inloggen lukt niet", "Vergunning verlengen"]
    assert sorted(_summaries(three, "labels in (team-kcc, team-vergunningen)")) == [
        "Inloggen lukt niet", "Vergunning verlengen"]


def test_not_equal_and_not_in_skip_issues_without_labels(three):
    assert _summaries(three, "labels != team-kcc") == ["Vergunning verlengen"]
    assert _summaries(three, "labels not in (team-kcc)") == ["Vergunning verlengen"]
    assert _summaries(three, "labels is EMPTY") == ["Los issue"]


def test_status_category_and_resolution(three):
    assert _summaries(three, "project = ZAAK AND statusCategory = Done") == ["Vergunning verlengen"]
    assert _summaries(three, "project = ZAAK AND status = Done") == ["Vergunning verlengen"]
    assert sorted(_summaries(three, "project = ZAAK AND resolution = Unresolved")) == ["Inloggen lukt niet",
                                                                                      "Los issue"]
    assert _summaries(three, "project = ZAAK AND resolution is not EMPTY") == ["Vergunning verlengen"]


def test_custom_field_by_name_and_by_cf_number(three):
    assert _summaries(three, 'Team = KCC') == ["Inloggen lukt niet"]
    assert _summaries(three, 'cf[10100] = "KCC"') == ["Inloggen lukt niet"]


def test_text_search_in_summary_and_comments(three):
    assert _summaries(three, 'summary ~ "inloggen"') == ["Inloggen lukt niet"]
    assert _summaries(three, 'text ~ "verlengformulier"') == ["Vergunning verlengen"]
    assert _summaries(three, 'comment ~ "\\"verlengformulier in het\\""') == ["Vergunning verlengen"]
    assert _summaries(three, 'summary ~ "vergun*"') == ["Vergunning verlengen"]


def test_key_and_key_in(three):
    assert _summaries(three, "key = ZAAK-1") == ["Inloggen lukt niet"]
    assert sorted(_summaries(three, "key in (ZAAK-1, ZAAK-3)")) == ["Inloggen lukt niet", "Los issue"]


def test_key_that_does_not_exist_fails_the_whole_search(three):
    response = _search(three, "key in (ZAAK-1, ZAAK-99)")
    assert response.status_code == 400
    assert response.json()["errorMessages"] == ["An issue with key 'ZAAK-99' does not exist for field 'key'."]


def test_validate_query_warn_on_data_center_lets_unknown_keys_pass(datacenter):
    client(datacenter).create_issue(fields=question_fields(), prefetch=False)
    response = _search(datacenter, "key in (ZAAK-1, ZAAK-99)", validateQuery="warn")
    assert [i["key"] for i in response.json()["issues"]] == ["ZAAK-1"]


def test_order_by_created_and_default_newest_first(three):
    assert _summaries(three, "project = ZAAK ORDER BY created ASC") == [
        "Inloggen lukt niet", "Vergunning verlengen", "Los issue"]
    assert _summaries(three, "project = ZAAK ORDER BY key DESC") == [
        "Los issue", "Vergunning verlengen", "Inloggen lukt niet"]


def test_updated_relative_and_absolute_dates_in_the_users_time_zone(any_jira):
    client(any_jira).create_issue(fields=question_fields(), prefetch=False)
    amsterdam = datetime.now(ZoneInfo("Europe/Amsterdam"))
    before, after = (amsterdam + timedelta(minutes=m) for m in (-5, 5))
    assert _summaries(any_jira, "updated >= -1d")
    assert not _summaries(any_jira, "updated < -1d")
    assert _summaries(any_jira, f'updated >= "{before:%Y-%m-%d %H:%M}"')
    assert not _summaries(any_jira, f'updated >= "{after:%Y/%m/%d %H:%M}"')
    # a UTC clock time read as Amsterdam time lies an hour or two earlier: JQL dates are in the user's zone
    utc_soon = datetime.now(UTC) + timedelta(minutes=5)
    assert not _summaries(any_jira, f'created <= "{utc_soon:%Y-%m-%d %H:%M}"')


def test_invalid_date_is_400(any_jira):
    response = _search(any_jira, 'updated >= "gisteren"')
    assert response.status_code == 400
    assert response.json()["errorMessages"][0].startswith("Date value 'gisteren' for field 'updated' is invalid.")


@pytest.mark.parametrize("jql", ["labelz = x", "labels = ", "labels ~ x", "summary = x", "(labels = x",
                                 "labels = x ORDER BY"])
def test_bad_jql_is_400_with_a_message(any_jira, jql):
    response = _search(any_jira, jql)
    assert response.status_code == 400
    assert response.json()["errorMessages"] and response.json()["errors"] == {}


def test_unknown_status_value_is_400(any_jira):
    response = _search(any_jira, "status = Klaar")
    assert response.json()["errorMessages"] == ["The value 'Klaar' does not exist for the field 'status'."]


def test_cloud_old_search_is_gone(cloud):
    response = requests.get(f"{cloud.url}/rest/api/2/search", params={"jql": "project = ZAAK"},
                            auth=(cloud.user, cloud.token), timeout=5)
    assert response.status_code == 410


def test_data_center_has_no_search_jql_and_no_v3(datacenter):
    for path in ("/rest/api/2/search/jql", "/rest/api/3/search/jql"):
        response = requests.get(datacenter.url + path, params={"jql": "project = ZAAK"},
                                auth=(datacenter.user, datacenter.token), timeout=5)
        assert response.status_code == 404


def test_cloud_search_jql_refuses_unbounded_queries(cloud):
    response = _search(cloud, "ORDER BY created DESC")
    assert response.status_code == 400
    assert "Unbounded JQL" in response.json()["errorMessages"][0]


def test_cloud_search_jql_returns_ids_only_by_default_and_no_total(cloud):
    client(cloud).create_issue(fields=question_fields(), prefetch=False)
    response = requests.get(f"{cloud.url}/rest/api/3/search/jql", params={"jql": "project = ZAAK"},
                            auth=(cloud.user, cloud.token), timeout=5)
    assert response.json() == {"issues": [{"id": "10000"}], "isLast": True}


def test_cloud_v3_search_returns_descriptions_as_documents(cloud):
    client(cloud).create_issue(fields=question_fields(), prefetch=False)
    response = requests.post(f"{cloud.url}/rest/api/3/search/jql", json={"jql": "project = ZAAK",
                                                                        "fields": ["description"]},
                             auth=(cloud.user, cloud.token), timeout=5)
    description = response.json()["issues"][0]["fields"]["description"]
    assert description["type"] == "doc"


def test_next_page_token_of_another_query_is_refused(cloud):
    jira = client(cloud)
    for n in range(3):
        jira.create_issue(fields=question_fields(f"q{n}"), prefetch=False)
    first = _search(cloud, "project = ZAAK", maxResults=1).json()
    assert first["isLast"] is False
    response = _search(cloud, "labels = voelspriet", nextPageToken=first["nextPageToken"])
    assert response.status_code == 400


def test_data_center_paging_reports_total(datacenter):
    jira = client(datacenter)
    for n in range(3):
        jira.create_issue(fields=question_fields(f"q{n}"), prefetch=False)
    body = _search(datacenter, "project = ZAAK ORDER BY created ASC", startAt=2, maxResults=2).json()
    assert (body["startAt"], body["maxResults"], body["total"]) == (2, 2, 3)
    assert [i["fields"]["summary"] for i in body["issues"]] == ["q2"]


def test_search_lag_hides_new_issues_until_the_index_catches_up(cloud):
    cloud.set_faults("search_lag=60s")
    client(cloud).create_issue(fields=question_fields(), prefetch=False)
    assert _summaries(cloud, "project = ZAAK") == []
    assert cloud.issue("ZAAK-1") is not None  # the issue exists; only search does not see it yet
    cloud.set_faults(None)
    assert _summaries(cloud, "project = ZAAK") == ["Hoe koppel ik een document aan een zaak?"]


def test_parser_reads_precedence_and_functions():
    query = parse('project = ZAAK AND (labels = a OR labels = b) AND updated >= startOfDay(-1d) ORDER BY updated')
    assert query.where.kind == "and" and len(query.where.children) == 3
    assert query.order_by == [("updated", False)]
    with pytest.raises(JqlError):
        parse('labels = "unterminated')
