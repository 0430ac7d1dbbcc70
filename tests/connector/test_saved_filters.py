"""`voelspriet setup-jira [--dry-run]` as a project lead runs it: against a mocked Jira (exact
requests, call counts, every failure) and against the sandbox Jira over real HTTP."""

from __future__ import annotations

import itertools
import json
import logging
import socket
from pathlib import Path

import pytest
import requests
import responses
from click.testing import CliRunner

from connector.client import JiraClient
from connector.issue_builder import IssueDraft, marker_line
from connector.sandbox.server import SandboxServer
from connector.saved_filters import quick_filters, wanted_filters
from mappings import load_mappings
from tests.conftest import make_settings
from tests.connector.conftest import API, JIRA, calls, sent_json
from tests.connector.fake_jira import PROJECT
from voelspriet.cli import main
from voelspriet.config import DEFAULT_MAPPINGS

MAPPINGS = load_mappings(DEFAULT_MAPPINGS)
WANTED = wanted_filters(MAPPINGS, "ZAAK")
BURGERZAKEN = "Voelspriet – team Burgerzaken"
BURGERZAKEN_JQL = 'project = "ZAAK" AND labels = "voelspriet" AND labels = "team-burgerzaken" ORDER BY created DESC'
SHARED = [{"id": 10100, "type": "project", "project": {"id": "10000", "key": "ZAAK"}}]
ENV = {
    "VOELSPRIET_JIRA_URL": JIRA,
    "VOELSPRIET_JIRA_USER": "bot@example.org",
    "VOELSPRIET_JIRA_TOKEN": "jira-token-never-logged",
    "VOELSPRIET_JIRA_PROJECT": "ZAAK",
    "VOELSPRIET_SECRET_KEY": "test-secret-key-" + "x" * 16,
}


@pytest.fixture
def cli(tmp_path: Path):
    """Run `voelspriet …`; the CLI's logging set-up is undone afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level

    def run(*args: str, **env: str):
        return CliRunner().invoke(main, list(args), env={**ENV, "VOELSPRIET_INSTANCE": str(tmp_path / "i"), **env},
                                  catch_exceptions=False)

    yield run
    root.handlers[:], root.level = handlers, level


def favourite(filter_id: int, name: str, jql: str, shared: bool = True) -> dict:
    return {"id": str(filter_id), "name": name, "jql": jql, "description": "door Voelspriet",
            "sharePermissions": SHARED if shared else []}


def all_in_place(**changed_jql: str) -> list[dict]:
    """Every wanted filter as Jira would list it, optionally with another JQL for some names."""
    return [favourite(10000 + n, w.name, changed_jql.get(w.name, w.jql)) for n, w in enumerate(WANTED)]


@pytest.fixture
def jira_mock():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.get(f"{API}/project/ZAAK", json=PROJECT)
        yield rsps


def answer_creates(rsps: responses.RequestsMock, shares_honoured: bool = True) -> None:
    """POST /filter answers 200 with the saved filter, as Jira does (Data Center leaves out the sharing)."""
    ids = itertools.count(20000)

    def create(request):
        body = json.loads(request.body)
        return 200, {}, json.dumps({**body, "id": str(next(ids)), "sharePermissions":
                                    SHARED if shares_honoured else []})

    rsps.add_callback(responses.POST, f"{API}/filter", callback=create, content_type="application/json")


def writes(rsps: responses.RequestsMock) -> list:
    return [c for c in rsps.calls if c.request.method != "GET"]


# --- the mocked Jira: what is sent, how often -------------------------------------------------------------------

def test_first_run_creates_every_filter_as_a_shared_favourite(cli, jira_mock):
    jira_mock.get(f"{API}/filter/favourite", json=[])
    answer_creates(jira_mock)

    result = cli("setup-jira")

    assert result.exit_code == 0, result.output
    posts = calls(jira_mock, "POST", "/rest/api/2/filter")
    assert len(posts) == len(WANTED) == 3 + len(MAPPINGS.teams) + len(MAPPINGS.themes)
    assert len(jira_mock.calls) == len(WANTED) + 2  # + favourites + the project id, read once
    burgerzaken = next(sent_json(c) for c in posts if sent_json(c)["name"] == BURGERZAKEN)
    assert burgerzaken == {"name": BURGERZAKEN, "jql": BURGERZAKEN_JQL, "description": burgerzaken["description"],
                           "favourite": True, "sharePermissions": [{"type": "project", "project": {"id": "10000"}}]}
    position = [w.name for w in WANTED].index(BURGERZAKEN)
    assert f"{20000 + position}  {JIRA}/issues/?filter={20000 + position}" in _line(result.output, BURGERZAKEN)
    assert _line(result.output, BURGERZAKEN).startswith("created ")
    assert "(shared with project" not in result.output  # a new filter is shared without a second call


def test_filters_cover_open_questions_blockers_and_the_faq_with_quoted_values():
    jql = {w.name: w.jql for w in WANTED}
    base = 'project = "ZAAK" AND labels = "voelspriet"'
    assert jql["Voelspriet – open vragen"] == f"{base} AND resolution IS EMPTY ORDER BY created DESC"
    assert jql["Voelspriet – open blokkades"] == (
        f'{base} AND priority = "Highest" AND resolution IS EMPTY ORDER BY created ASC')
    assert jql["Voelspriet – beantwoord in de FAQ"] == (
        f'{base} AND resolution IS NOT EMPTY AND labels != "geen-faq" ORDER BY resolved DESC')
    assert jql["Voelspriet – thema Training en instructie"] == (
        f'{base} AND labels = "thema-training" ORDER BY created DESC')
    odd = wanted_filters(MAPPINGS, 'Z"A\\K')[0].jql
    assert odd.startswith('project = "Z\\"A\\\\K" AND')


def test_quick_filters_are_printed_without_the_project_part(cli, jira_mock):
    jira_mock.get(f"{API}/filter/favourite", json=all_in_place())

    result = cli("setup-jira")

    block = result.output.split("Board quick filters (paste into Board settings → Quick filters):\n")[1]
    assert block.splitlines()[0].split(None, 1) == ["Open", "resolution IS EMPTY"]
    assert "Team Burgerzaken" in block and 'labels = "team-burgerzaken"' in _line(block, "Team Burgerzaken")
    assert 'labels = "fase-livegang"' in _line(block, "Fase Livegangsweken")
    assert "project" not in block
    assert len(block.strip().splitlines()) == len(quick_filters(MAPPINGS))


def test_second_run_finds_everything_in_place_and_writes_nothing(cli, jira_mock):
    jira_mock.get(f"{API}/filter/favourite", json=all_in_place())

    result = cli("setup-jira")

    assert result.exit_code == 0, result.output
    assert len(jira_mock.calls) == 1  # the favourites only
    lines = [line for line in result.output.splitlines() if line.startswith("Voelspriet", 14)]
    assert len(lines) == len(WANTED) and all(line.startswith("exists ") for line in lines)
    assert f"{JIRA}/issues/?filter=10003" in _line(result.output, BURGERZAKEN)


def test_a_filter_with_the_same_name_and_other_jql_is_updated(cli, jira_mock):
    jira_mock.get(f"{API}/filter/favourite", json=all_in_place(**{BURGERZAKEN: "project = ZAAK"}))
    jira_mock.put(f"{API}/filter/10003", json=favourite(10003, BURGERZAKEN, BURGERZAKEN_JQL))

    result = cli("setup-jira")

    assert result.exit_code == 0, result.output
    [put] = writes(jira_mock)
    assert put.request.method == "PUT" and put.request.url == f"{API}/filter/10003"
    assert sent_json(put) == {"name": BURGERZAKEN, "jql": BURGERZAKEN_JQL,
                              "description": "Vragen over team Burgerzaken, nieuwste eerst."}
    assert _line(result.output, BURGERZAKEN).startswith("updated ")


def test_dry_run_reads_but_makes_no_write_call(cli, jira_mock):
    in_jira = all_in_place(**{BURGERZAKEN: "project = ZAAK"})
    private = {**in_jira[0], "sharePermissions": []}
    jira_mock.get(f"{API}/filter/favourite", json=[private, *in_jira[1:5]])

    result = cli("setup-jira", "--dry-run")

    assert result.exit_code == 0, result.output
    assert writes(jira_mock) == [] and len(jira_mock.calls) == 1
    assert _line(result.output, "Voelspriet – open vragen").startswith("exists ")
    assert "(would be shared with project ZAAK)" in _line(result.output, "Voelspriet – open vragen")
    assert _line(result.output, BURGERZAKEN).startswith("would update ")
    assert _line(result.output, "Voelspriet – thema Koppelingen").startswith("would create ")
    assert "Dry run: nothing was changed in Jira." in result.output
    assert "Board quick filters" in result.output


def test_filters_jira_did_not_share_are_shared_with_the_project(cli, jira_mock):
    """Data Center ignores sharePermissions on create; an older filter may be private."""
    private = {**all_in_place()[0], "sharePermissions": []}
    jira_mock.get(f"{API}/filter/favourite", json=[private])
    answer_creates(jira_mock, shares_honoured=False)
    jira_mock.add(responses.POST, f"{API}/filter/10000/permission", json=SHARED, status=201)
    for n in range(20000, 20000 + len(WANTED) - 1):
        jira_mock.add(responses.POST, f"{API}/filter/{n}/permission", json=SHARED, status=201)

    result = cli("setup-jira")

    assert result.exit_code == 0, result.output
    shares = [c for c in jira_mock.calls if c.request.url.endswith("/permission")]
    assert len(shares) == len(WANTED)
    assert all(sent_json(c) == {"type": "project", "projectId": "10000"} for c in shares)
    assert "exists" in _line(result.output, "Voelspriet – open vragen")
    assert "(shared with project ZAAK)" in _line(result.output, "Voelspriet – open vragen")


# --- failures: a readable message naming what to fix, exit 1 ----------------------------------------------------

def test_jira_down_stops_with_what_to_do(cli):
    with socket.socket() as probe:  # a port nobody listens on: connecting is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    result = cli("setup-jira", VOELSPRIET_JIRA_URL=f"http://127.0.0.1:{port}")

    assert result.exit_code == 1
    assert "Could not set up the saved filters in Jira: reading the saved filters: cannot reach Jira at " \
           f"127.0.0.1:{port}" in result.output
    assert "Wait until Jira is reachable, then run `voelspriet setup-jira` again" in result.output
    assert "Board quick filters" not in result.output


def test_refused_login_names_the_settings_and_never_shows_the_token(cli, jira_mock):
    jira_mock.get(f"{API}/filter/favourite", status=401, json={"errorMessages": ["not logged in"], "errors": {}})

    result = cli("setup-jira")

    assert result.exit_code == 1
    assert "HTTP 401" in result.output and "VOELSPRIET_JIRA_USER and VOELSPRIET_JIRA_TOKEN" in result.output
    assert "jira-token-never-logged" not in result.output


def test_sharing_not_allowed_names_the_permission_and_stops_at_the_first_filter(cli, jira_mock):
    jira_mock.get(f"{API}/filter/favourite", json=[])
    jira_mock.post(f"{API}/filter", status=400, json={
        "errorMessages": [], "errors": {"sharePermissions": "You do not have permission to share. All shares are "
                                                            "invalid."}})

    result = cli("setup-jira")

    assert result.exit_code == 1
    assert len(calls(jira_mock, "POST", "/rest/api/2/filter")) == 1
    assert "saving filter 'Voelspriet – open vragen': Jira refused it (HTTP 400)" in result.output
    assert "global permission 'Share dashboards and filters'" in result.output


def test_a_same_named_filter_outside_the_favourites_is_explained(cli, jira_mock):
    jira_mock.get(f"{API}/filter/favourite", json=all_in_place()[1:])
    jira_mock.post(f"{API}/filter", status=400,
                   json={"errorMessages": [], "errors": {"filterName": "Filter with same name already exists."}})

    result = cli("setup-jira")

    assert result.exit_code == 1
    assert "Another filter is called 'Voelspriet – open vragen' but is not among the Jira account's favourite " \
           "filters: star it in Jira" in result.output


def test_refused_jql_shows_jiras_reason(cli, jira_mock):
    jira_mock.get(f"{API}/filter/favourite", json=all_in_place(**{BURGERZAKEN: "project = ZAAK"}))
    jira_mock.put(f"{API}/filter/10003", status=400, json={
        "errorMessages": ["The value 'Highest' does not exist for the field 'priority'."], "errors": {}})

    result = cli("setup-jira")

    assert result.exit_code == 1
    assert "updating filter 'Voelspriet – team Burgerzaken': Jira refused it (HTTP 400): The value 'Highest' " \
           "does not exist" in result.output
    assert "fix `urgency` or `labels` in the mappings" in result.output


def test_a_create_without_an_answer_says_it_may_have_happened(cli, jira_mock):
    jira_mock.get(f"{API}/filter/favourite", json=[])
    jira_mock.post(f"{API}/filter", body=requests.ReadTimeout("read timed out"))

    result = cli("setup-jira")

    assert result.exit_code == 1
    assert "Jira did not answer within" in result.output
    assert "Jira may have saved it anyway; then run `voelspriet setup-jira` again" in result.output
    assert len(calls(jira_mock, "POST", "/rest/api/2/filter")) == 1  # never re-sent blindly


def test_missing_jira_settings_exit_2_without_calling_jira(cli):
    with responses.RequestsMock() as rsps:
        result = cli("setup-jira", VOELSPRIET_JIRA_URL="")
        assert len(rsps.calls) == 0
    assert result.exit_code == 2
    assert "VOELSPRIET_JIRA_URL not set" in result.output


def _line(output: str, name: str) -> str:
    return next(line for line in output.splitlines() if f" {name} " in f" {line} ")


# --- the sandbox Jira over real HTTP -----------------------------------------------------------------------------

def _draft(n: int, team: str, theme: str, urgency: str = "normaal", labels: tuple[str, ...] = ()) -> IssueDraft:
    question_id = f"q_{n:016x}"
    return IssueDraft(question_id=question_id, summary=f"Vraag {n}", description=marker_line(question_id),
                      labels=labels or tuple(MAPPINGS.labels_for(team, theme, "livegang")),
                      priority=MAPPINGS.urgency_priority[urgency])


def _keys(jira: SandboxServer, jql: str) -> list[str]:
    auth = (jira.user, jira.token)
    if jira.deployment == "cloud":
        url, params = f"{jira.url}/rest/api/3/search/jql", {"jql": jql, "fields": "key", "maxResults": 100}
    else:
        url, params = f"{jira.url}/rest/api/2/search", {"jql": jql, "fields": "key", "maxResults": 100}
    response = requests.get(url, params=params, auth=auth, timeout=10)
    assert response.status_code == 200, response.text
    return [issue["key"] for issue in response.json()["issues"]]


@pytest.mark.parametrize("deployment", ["cloud", "datacenter"])
def test_against_the_sandbox_twice_and_the_filters_find_the_right_issues(tmp_path, cli, deployment):
    with SandboxServer(tmp_path / "jira", deployment=deployment) as jira:
        user = "sandbox@example.org" if deployment == "cloud" else ""
        settings = make_settings(tmp_path, VOELSPRIET_JIRA_URL=jira.url, VOELSPRIET_JIRA_USER=user,
                                 VOELSPRIET_JIRA_TOKEN="sandbox-token", VOELSPRIET_JIRA_PROJECT="ZAAK")
        env = {"VOELSPRIET_JIRA_URL": jira.url, "VOELSPRIET_JIRA_USER": user, "VOELSPRIET_JIRA_TOKEN": "sandbox-token"}
        created = JiraClient(settings, MAPPINGS).create_issues([
            _draft(1, "burgerzaken", "koppelingen", "blokkerend"),  # open blocker
            _draft(2, "kcc", "koppelingen"),  # answered in the FAQ
            _draft(3, "kcc", "training"),  # closed without FAQ
            _draft(4, "burgerzaken", "training"),  # open
            _draft(5, "burgerzaken", "training", labels=("team-burgerzaken",)),  # not a Voelspriet question
        ])
        blocker, answered, no_faq, open_one, other = (c.key for c in created)
        jira.comment(answered, "FAQ: start de koppeling opnieuw")
        jira.resolve(answered)
        jira.resolve(no_faq)
        jira.add_label(no_faq, MAPPINGS.no_faq_label)

        first = cli("setup-jira", **env)
        jira.jira.update_filter(_saved(jira)[BURGERZAKEN]["id"], {"jql": 'project = "ZAAK"'})  # edited by hand
        second = cli("setup-jira", **env)

        assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
        assert sum(line.startswith("created ") for line in first.output.splitlines()) == len(WANTED)
        assert _line(second.output, BURGERZAKEN).startswith("updated ")
        assert sum(line.startswith("exists ") for line in second.output.splitlines()) == len(WANTED) - 1
        saved = _saved(jira)
        assert len(saved) == len(WANTED)
        assert all([s["type"] for s in f["sharePermissions"]] == ["project"] for f in saved.values())
        found = {name: _keys(jira, f["jql"]) for name, f in saved.items()}
        assert found["Voelspriet – open vragen"] == [open_one, blocker]
        assert found["Voelspriet – open blokkades"] == [blocker]
        assert found["Voelspriet – beantwoord in de FAQ"] == [answered]
        assert found[BURGERZAKEN] == [open_one, blocker]
        assert other in _keys(jira, 'project = "ZAAK" AND labels = "team-burgerzaken"')  # no voelspriet label
        assert found["Voelspriet – thema Koppelingen"] == [answered, blocker]
        assert found["Voelspriet – team Vergunningen"] == []
        base = 'project = "ZAAK" AND labels = "voelspriet"'
        quick = {q.name: _keys(jira, f"{base} AND {q.jql}") for q in quick_filters(MAPPINGS)}
        assert quick["Blokkerend"] == [blocker] and quick["Open"] == [open_one, blocker]
        assert quick["Team Klantcontactcentrum (KCC)"] == [no_faq, answered]
        assert quick["Fase Livegangsweken"] == [open_one, no_faq, answered, blocker]


def _saved(jira: SandboxServer) -> dict[str, dict]:
    response = requests.get(f"{jira.url}/rest/api/2/filter/favourite", auth=(jira.user, jira.token), timeout=10)
    return {f["name"]: f for f in response.json()}
