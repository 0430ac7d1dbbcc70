"""`voelspriet outbox [retry ID|--all]` and `voelspriet check` as an operator uses them."""

from __future__ import annotations

import logging

import pytest
import responses
from click.testing import CliRunner

from store import outbox
from store.models import JobState, QuestionStatus
from tests.connector.conftest import API, JIRA, add_question, job_of, question_row
from tests.connector.fake_jira import FIELDS, PRIORITIES, PROJECT
from voelspriet.cli import main


@pytest.fixture
def cli(runtime):
    """Run `voelspriet …` against the test database; the CLI's logging set-up is undone afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    env = {
        "VOELSPRIET_DATABASE_URL": runtime.settings.database_url,
        "VOELSPRIET_INSTANCE": str(runtime.settings.instance_path),
        "VOELSPRIET_SECRET_KEY": runtime.settings.secret_key,
        "VOELSPRIET_JIRA_URL": JIRA,
        "VOELSPRIET_JIRA_USER": "bot@example.org",
        "VOELSPRIET_JIRA_TOKEN": "jira-token-never-logged",
        "VOELSPRIET_JIRA_PROJECT": "ZAAK",
        "VOELSPRIET_WEBHOOK_SECRET": "webhook-secret",
        "VOELSPRIET_PUBLIC_URL": "https://voelspriet.example.test",
    }

    def run(*args: str, **extra_env: str):
        return CliRunner().invoke(main, list(args), env={**env, **extra_env}, catch_exceptions=False)

    yield run
    root.handlers[:], root.level = handlers, level


def _fail_one(runtime, error: str) -> str:
    question_id = add_question(runtime.db)
    [job] = outbox.claim_due(runtime.db, "w", limit=1, lease_seconds=60)
    outbox.fail(runtime.db, job, error)
    return question_id


def test_outbox_lists_failed_and_waiting_jobs(runtime, cli):
    failed = _fail_one(runtime, "creating the Jira issue: Jira refused it (HTTP 400): customfield_10010: bad option")
    waiting = add_question(runtime.db)

    result = cli("outbox")

    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["JOB", "QUESTION", "KIND", "STATE", "ATTEMPTS", "NEXT", "ATTEMPT", "LAST", "ERROR"]
    assert lines[1].split()[:5] == [str(job_of(runtime.db, failed).id), failed, "create_issue", "failed", "1"]
    assert lines[1].endswith("customfield_10010: bad option")
    assert lines[2].split()[:6] == [str(job_of(runtime.db, waiting).id), waiting, "create_issue", "pending", "0", "now"]
    assert "1 failed, 1 waiting." in result.output
    assert "voelspriet outbox retry JOB" in result.output


def test_outbox_with_nothing_to_show(runtime, cli):
    result = cli("outbox")
    assert (result.exit_code, result.output) == (0, "No failed or waiting deliveries.\n")


def test_outbox_retry_by_job_id_and_all(runtime, cli):
    first = _fail_one(runtime, "refused")
    second = _fail_one(runtime, "refused")

    result = cli("outbox", "retry", str(job_of(runtime.db, first).id))

    assert result.exit_code == 0 and f"Queued again: job {job_of(runtime.db, first).id}." in result.output
    assert job_of(runtime.db, first).state == JobState.PENDING
    assert question_row(runtime.db, first).status == QuestionStatus.RECEIVED
    assert job_of(runtime.db, second).state == JobState.FAILED

    assert cli("outbox", "retry", "--all").exit_code == 0
    assert job_of(runtime.db, second).state == JobState.PENDING


def test_outbox_retry_says_what_is_wrong(runtime, cli):
    assert "no failed or waiting job for 'q_nothere'" in cli("outbox", "retry", "q_nothere").output
    result = cli("outbox", "retry")
    assert result.exit_code == 2 and "Name one job" in result.output


# --- voelspriet check ------------------------------------------------------------------------------

def _screen(missing_option: str | None = None, required_extra: bool = False) -> dict:
    def options(values):
        return [{"value": v} for v in values if v != missing_option]

    values = [
        {"fieldId": "summary", "name": "Samenvatting", "required": True},
        {"fieldId": "customfield_10010", "name": "Team", "required": False, "allowedValues": options(
            ["Burgerzaken", "Vergunningen", "Sociaal Domein", "Belastingen", "KCC", "Juridische Zaken",
             "Openbare Ruimte", "Informatiebeheer"])},
        {"fieldId": "customfield_10011", "name": "Thema", "required": False, "allowedValues": options(
            ["Inloggen en rechten", "Zaaktypen en processen", "Werkafspraken", "Documenten en sjablonen",
             "Koppelingen", "Rapportages", "Training"])},
        {"fieldId": "customfield_10012", "name": "Fase", "required": False, "allowedValues": options(
            ["Voor de livegang", "Livegangsweken", "Na de livegang"])},
    ]
    if required_extra:
        values.append({"fieldId": "customfield_10099", "name": "Kostenplaats", "required": True})
    return {"startAt": 0, "maxResults": 50, "total": len(values), "isLast": True, "values": values}


@pytest.fixture
def jira_for_check():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.get(f"{API}/serverInfo", json={"deploymentType": "Cloud", "version": "1001.0.0"})
        rsps.get(f"{API}/myself", json={"displayName": "Voelspriet bot"})
        rsps.get(f"{API}/project/ZAAK", json=PROJECT)
        rsps.get(f"{API}/priority", json=PRIORITIES)
        rsps.get(f"{API}/field", json=FIELDS)
        yield rsps


def test_check_passes_on_a_complete_setup(cli, jira_for_check):
    jira_for_check.get(f"{API}/issue/createmeta/ZAAK/issuetypes/10001", json=_screen())

    result = cli("check")

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "ok    Jira server: reached https://jira.example.test (Cloud 1001.0.0)" in lines
    assert "ok    Jira project: ZAAK (id 10000)" in lines
    assert "ok    Jira priority for blokkerend: Highest (id 1)" in lines
    assert "ok    Jira field for the team: Team (customfield_10010), 8 options present" in lines
    assert "ok    Jira create screen: no required field left empty" in lines
    assert lines[-1] == "All checks passed."
    assert not any(line.startswith("FAIL") for line in lines)
    assert "jira-token-never-logged" not in result.output


def test_check_names_every_problem_and_fails(cli, jira_for_check):
    jira_for_check.get(f"{API}/issue/createmeta/ZAAK/issuetypes/10001",
                       json=_screen(missing_option="KCC", required_extra=True))
    jira_for_check.replace(responses.GET, f"{API}/priority", json=[{"id": "3", "name": "Medium"}])

    result = cli("check", VOELSPRIET_WEBHOOK_SECRET="")

    assert result.exit_code == 1
    fails = [line for line in result.output.splitlines() if line.startswith("FAIL")]
    assert fails == [
        "FAIL  Jira priority for blokkerend: Jira has no priority 'Highest' (it has: Medium); fix `urgency` "
        "in the mappings",
        "FAIL  Jira field for the team: Team has no option(s) 'KCC'; add them in Jira or fix jira_option in the "
        "mappings",
        "FAIL  Jira create screen: required field(s) Voelspriet does not fill: Kostenplaats; make them optional "
        "or give them a default",
    ]
    assert ("warn  VOELSPRIET_WEBHOOK_SECRET: not set: Jira webhooks will be refused and answers reach the FAQ "
            "only through reconciliation; set it to the secret of the Jira webhook") in result.output.splitlines()
    assert "3 problem(s) to fix." in result.output


def test_check_stops_at_a_refused_login(cli, jira_for_check):
    jira_for_check.replace(responses.GET, f"{API}/myself", status=401, body="")
    result = cli("check")
    assert result.exit_code == 1
    assert ("FAIL  Jira login: logging in to Jira: Jira did not accept the login (HTTP 401); check "
            "VOELSPRIET_JIRA_USER and VOELSPRIET_JIRA_TOKEN (an API token)") in result.output.splitlines()
    assert not calls_to_project(jira_for_check)


def calls_to_project(rsps) -> list:
    return [c for c in rsps.calls if "/project/" in c.request.url]


def test_check_without_jira_settings(cli):
    result = cli("check", VOELSPRIET_JIRA_URL="", VOELSPRIET_JIRA_TOKEN="")
    assert result.exit_code == 1
    assert any(line.startswith("FAIL  VOELSPRIET_JIRA_URL: not set; set it to the address of your Jira")
               for line in result.output.splitlines())


def test_worker_refuses_to_start_without_jira_settings(cli):
    result = cli("worker", VOELSPRIET_JIRA_URL="", VOELSPRIET_JIRA_PROJECT="")
    assert result.exit_code == 2
    assert "VOELSPRIET_JIRA_URL, VOELSPRIET_JIRA_PROJECT not set" in result.output


def test_worker_says_which_setting_to_fix_when_the_database_cannot_be_opened(cli, tmp_path):
    result = cli("worker", VOELSPRIET_DATABASE_URL=f"sqlite:///{tmp_path / 'no-such-folder' / 'v.db'}")
    assert result.exit_code == 2
    assert result.output == "Cannot open the database (OperationalError); check VOELSPRIET_DATABASE_URL.\n"
