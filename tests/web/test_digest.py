"""The meeting digest on the web (/digest, HTML and Markdown) and as `voelspriet digest`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from store.models import QuestionStatus
from store.types import utcnow
from tests.rollout.seed import add_question
from tests.web.lead_helpers import lead_app, lead_runtime, log_in
from voelspriet.cli import main


@pytest.fixture
def lead_rt(tmp_path, example_mappings):
    runtime = lead_runtime(tmp_path, example_mappings)
    yield runtime
    runtime.close()


def seed(db):
    now = utcnow()
    add_question(db, created_at=now - timedelta(days=2), question="Waar staat het mailadres jan@wijkerveen.example?",
                 jira_key="ZAAK-21")
    return add_question(db, status=QuestionStatus.ANSWERED, created_at=now - timedelta(days=5),
                        answered_at=now - timedelta(days=1), jira_key="ZAAK-22", faq_summary="Zaak overdragen")


def test_the_digest_needs_the_same_login(lead_rt):
    client = lead_app(lead_rt).test_client()
    response = client.get("/digest?since=2027-03-01")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert log_in(client, next_path="/digest?since=2027-03-01").headers["Location"] == "/digest?since=2027-03-01"


def test_the_digest_page_and_its_markdown(lead_rt):
    answered = seed(lead_rt.db)
    client = lead_app(lead_rt).test_client()
    log_in(client)
    since = (date.today() - timedelta(days=7)).isoformat()
    page = client.get(f"/digest?since={since}").get_data(as_text=True)
    assert "<h1>Overzicht voor het overleg</h1>" in page
    assert "Waar staat het mailadres [e-mail]?" in page and "jan@" not in page and "anouk@" not in page
    assert f'href="https://voelspriet.example.test/faq#faq-{answered.jira_id}"' in page
    assert 'href="https://jira.example.test/browse/ZAAK-22"' in page
    markdown = client.get(f"/digest?since={since}&format=md")
    assert markdown.headers["Content-Type"].startswith("text/markdown")
    text = markdown.get_data(as_text=True)
    assert "### Beantwoord\n\n- Zaak overdragen ([ZAAK-22]" in text and "@" not in text


def test_a_malformed_date_is_named(lead_rt):
    client = lead_app(lead_rt).test_client()
    log_in(client)
    response = client.get("/digest?since=1-3-2027")
    assert response.status_code == 400
    assert "Vul de datum in als JJJJ-MM-DD" in response.get_data(as_text=True)


def test_the_command_prints_markdown_or_html(lead_rt, monkeypatch, tmp_path):
    seed(lead_rt.db)
    monkeypatch.setenv("VOELSPRIET_DATABASE_URL", lead_rt.settings.database_url)
    monkeypatch.setenv("VOELSPRIET_INSTANCE", str(tmp_path / "cli-instance"))
    monkeypatch.setenv("VOELSPRIET_JIRA_URL", "https://jira.example.test")
    since = (date.today() - timedelta(days=7)).isoformat()
    md = CliRunner().invoke(main, ["digest", "--since", since])
    assert md.exit_code == 0, md.output
    assert md.stdout.startswith("# Overzicht voor het overleg") and "- Zaak overdragen ([ZAAK-22]" in md.stdout
    assert "@" not in md.stdout
    html = CliRunner().invoke(main, ["digest", "--since", since, "--format", "html", "--lang", "en"])
    assert html.exit_code == 0 and html.stdout.startswith("<!doctype html>") and "Still open" in html.stdout
    bad = CliRunner().invoke(main, ["digest", "--since", "gisteren"])
    assert bad.exit_code == 2 and "use YYYY-MM-DD" in bad.output


def test_hash_password_makes_a_hash_the_login_accepts(tmp_path, example_mappings):
    result = CliRunner().invoke(main, ["hash-password", "--stdin"], input="een lange zin als wachtwoord\n")
    assert result.exit_code == 0, result.output
    pw_hash = result.output.strip()
    assert "een lange zin" not in pw_hash
    runtime = lead_runtime(tmp_path, example_mappings, VOELSPRIET_DASHBOARD_USERS=f"lead:{pw_hash}")
    try:
        client = lead_app(runtime).test_client()
        assert log_in(client, "lead", "een lange zin als wachtwoord").status_code == 303
    finally:
        runtime.close()


def test_hash_password_prompts_twice_and_refuses_short_passwords():
    prompted = CliRunner().invoke(main, ["hash-password"], input="goed-wachtwoord\ngoed-wachtwoord\n")
    assert prompted.exit_code == 0 and prompted.output.strip().splitlines()[-1].startswith(("scrypt:", "pbkdf2:"))
    assert "goed-wachtwoord" not in prompted.output
    short = CliRunner().invoke(main, ["hash-password", "--stdin"], input="kort\n")
    assert short.exit_code == 2 and "too short" in short.output
