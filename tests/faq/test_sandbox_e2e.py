"""Against the sandbox Jira over HTTP: its webhooks reach /webhooks/jira, the refresh reads the
issue with the real JiraClient, and the FAQ follows what IT does."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from connector.sandbox import SandboxServer
from faq.reconcile import reconcile
from store.models import QuestionStatus
from tests.conftest import make_settings
from tests.faq.fakes import entry_row, question_row, seed_question
from tests.webhooks.jira_helpers import run_refresh_jobs
from voelspriet.runtime import Runtime, build_runtime
from webhooks.app import create_app

pytestmark = pytest.mark.e2e
LABELS = ["voelspriet", "team-kcc", "thema-koppelingen", "fase-voor-livegang"]


@pytest.fixture(params=["cloud", "datacenter"])
def world(request, tmp_path: Path, example_mappings) -> Iterator[tuple[SandboxServer, Runtime]]:
    """The sandbox Jira and Voelspriet's web app, each on a free port of 127.0.0.1."""
    with SandboxServer(tmp_path / "jira", deployment=request.param) as jira:
        env = {"VOELSPRIET_JIRA_URL": jira.url, "VOELSPRIET_JIRA_TOKEN": jira.token}
        if request.param == "datacenter":
            env["VOELSPRIET_JIRA_USER"] = ""
        else:
            env["VOELSPRIET_JIRA_USER"] = jira.user
        runtime = build_runtime(make_settings(tmp_path, **env), example_mappings, upgrade=True)
        server = make_server("127.0.0.1", 0, create_app(runtime), threaded=True)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        jira.set_webhook(f"http://127.0.0.1:{server.server_port}/webhooks/jira", runtime.settings.webhook_secret)
        try:
            yield jira, runtime
        finally:
            server.shutdown()
            thread.join(timeout=5)
            runtime.close()


def _create_issue(jira: SandboxServer) -> tuple[str, str]:
    auth = (jira.user, jira.token) if jira.deployment == "cloud" else None
    headers = {} if auth else {"Authorization": f"Bearer {jira.token}"}
    response = requests.post(f"{jira.url}/rest/api/2/issue", auth=auth, headers=headers, timeout=5, json={
        "fields": {"project": {"key": "ZAAK"}, "issuetype": {"id": "10001"}, "labels": LABELS,
                   "summary": "Hoe koppel ik een document aan een zaak?", "description": "Details."}})
    assert response.status_code == 201, response.text
    return response.json()["id"], response.json()["key"]


def test_it_answers_resolves_and_reopens_in_the_sandbox(world) -> None:
    jira, runtime = world
    issue_id, key = _create_issue(jira)
    question = seed_question(runtime, jira_id=issue_id, key=key, team="kcc", theme="koppelingen")
    assert jira.wait_for_webhooks()

    jira.comment(key, "FAQ: Sleep het document op de zaak; zie [uitleg|https://intranet.example/koppelen].")
    jira.resolve(key)
    assert jira.wait_for_webhooks()
    assert all(a.status in (200, 202) for a in jira.webhook_attempts), jira.webhook_attempts
    run_refresh_jobs(runtime)
    entry = entry_row(runtime, issue_id)
    assert entry.published and 'href="https://intranet.example/koppelen"' in entry.answer_html
    assert question_row(runtime, question.id).status == QuestionStatus.ANSWERED

    jira.reopen(key)
    assert jira.wait_for_webhooks()
    run_refresh_jobs(runtime)
    assert entry_row(runtime, issue_id).published is False
    assert question_row(runtime, question.id).status == QuestionStatus.SYNCED


def test_reconcile_catches_what_happened_while_webhooks_were_off(world) -> None:
    jira, runtime = world
    jira.set_webhook(None)
    issue_id, key = _create_issue(jira)
    seed_question(runtime, jira_id=issue_id, key=key)
    jira.set_answer(key, "Via het menu *Koppelen*.")
    jira.resolve(key)
    report = reconcile(runtime)
    assert report.issues_seen == 1 and report.failures == []
    assert entry_row(runtime, issue_id).answer_markdown == "Via het menu **Koppelen**."
