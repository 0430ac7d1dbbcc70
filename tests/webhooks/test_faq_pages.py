"""/faq and its four files on the web: grouped, searchable without JavaScript, cached per version."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from faq.refresh import refresh_issues
from tests.faq.fakes import (
    AMBASSADOR_EMAIL,
    AMBASSADOR_NAME,
    RAW_QUESTION,
    answered_issue,
    refresh_job,
    seed_entry,
    seed_question,
    with_fake_jira,
)
from tests.faq.html_checks import active_content, parse_xml
from voelspriet.runtime import Runtime

ROUTES = ["/faq", "/faq.json", "/faq.md", "/faq.csv", "/faq.atom"]




@pytest.fixture
def seeded(runtime: Runtime) -> Runtime:
    seed_entry(runtime, "201", "Hoe vraag ik rechten aan?", "Via de *servicedesk*.", team="kcc",
               theme="inloggen-en-rechten")
    seed_entry(runtime, "202", "Waar staan de sjablonen?", "In de map Sjablonen; categorieën staan apart.",
               team="burgerzaken", theme="documenten-en-sjablonen")
    seed_entry(runtime, "203", "Welke zaaktypen zijn er?", "Zie de lijst.", team="kcc",
               theme="zaaktypen-en-processen")
    return runtime


def _visible_entries(page: str) -> list[str]:
    return re.findall(r'<article class="faq-entry" id="(faq-\d+)" data-team="[^"]*">', page)


def test_page_groups_by_theme_in_dutch(seeded: Runtime, client: FlaskClient) -> None:
    response = client.get("/faq")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and '<html lang="nl">' in page
    assert "<h1>Veelgestelde vragen</h1>" in page
    themes = re.findall(r'<h2 id="thema-[^"]+-title">([^<]+)</h2>', page)
    assert themes == ["Inloggen en rechten", "Zaaktypen en processen", "Documenten en sjablonen"]
    assert _visible_entries(page) == ["faq-201", "faq-203", "faq-202"]
    assert '<a href="https://jira.example.test/browse/ZAAK-201">In Jira: ZAAK-201</a>' in page
    assert '<a href="#faq-201" class="faq-permalink">' in page
    assert "3 vragen" in page


def test_page_in_english(seeded: Runtime, client: FlaskClient) -> None:
    page = client.get("/faq?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "<h1>Frequently asked questions</h1>" in page
    assert "Login and permissions" in page and 'href="faq.json?lang=en"' in page


def test_search_works_without_javascript(seeded: Runtime, client: FlaskClient) -> None:
    page = client.get("/faq?q=CATEGORIEEN").get_data(as_text=True)
    assert _visible_entries(page) == ["faq-202"], "case and accents do not matter"
    assert "1 vraag" in page and 'value="CATEGORIEEN"' in page
    assert 'id="thema-inloggen-en-rechten" aria-labelledby="thema-inloggen-en-rechten-title" hidden' in page
    nothing = client.get("/faq?q=belastingaanslag").get_data(as_text=True)
    assert _visible_entries(nothing) == [] and "Geen vragen gevonden." in nothing


def test_team_filter(seeded: Runtime, client: FlaskClient) -> None:
    page = client.get("/faq?team=kcc").get_data(as_text=True)
    assert _visible_entries(page) == ["faq-201", "faq-203"]
    assert '<option value="kcc" selected>' in page
    by_name = client.get("/faq?team=Klantcontactcentrum (KCC)").get_data(as_text=True)
    assert _visible_entries(by_name) == ["faq-201", "faq-203"]


def test_page_loads_nothing_from_elsewhere(seeded: Runtime, client: FlaskClient) -> None:
    page = client.get("/faq").get_data(as_text=True)
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert "<script>" not in page, "no inline script (the Content-Security-Policy forbids it)"
    assert client.get("/static/faq.js").status_code == 200
    assert 'name="viewport"' in page


def test_file_routes(seeded: Runtime, client: FlaskClient) -> None:
    data = client.get("/faq.json").get_json()
    assert [e["id"] for e in data["entries"]] == ["faq-201", "faq-203", "faq-202"]
    csv_response = client.get("/faq.csv")
    assert csv_response.content_type == "text/csv; charset=utf-8"
    assert csv_response.headers["Content-Disposition"] == 'attachment; filename="faq.csv"'
    rows = list(csv.reader(io.StringIO(csv_response.data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows) == 4 and rows[0][0] == "Id"
    assert client.get("/faq.md").content_type == "text/markdown; charset=utf-8"
    atom = client.get("/faq.atom")
    assert atom.content_type == "application/atom+xml; charset=utf-8"
    root = parse_xml(atom.data)
    assert root.find("{http://www.w3.org/2005/Atom}link[@rel='self']").get("href") == \
        "https://voelspriet.example.test/faq.atom"
    assert client.get("/faq.json?team=burgerzaken").get_json()["count"] == 1
    assert client.get("/faq.json?theme=Zaaktypen en processen").get_json()["count"] == 1


def test_unchanged_faq_answers_304(seeded: Runtime, client: FlaskClient) -> None:
    first = client.get("/faq.json")
    again = client.get("/faq.json", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    seed_entry(seeded, "204", "Een nieuwe vraag")
    changed = client.get("/faq.json", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.get_json()["count"] == 4


def test_a_change_shows_up_at_once(runtime: Runtime, client: FlaskClient) -> None:
    assert client.get("/faq.json").get_json()["count"] == 0
    fake = with_fake_jira(runtime)
    seed_question(runtime)
    answered_issue(fake)
    refresh_issues(runtime, [refresh_job("10040")])
    for route in ROUTES:
        assert "Hoe draag ik een zaak over?" in client.get(route).data.decode("utf-8-sig"), route


def test_answer_with_script_is_harmless_on_the_page(runtime: Runtime, client: FlaskClient) -> None:
    seed_entry(runtime, "666", "XSS-vraag", "<script>alert(1)</script> <img src=x onerror=alert(1)> "
               "[klik|javascript:alert(1)] {html}<b onclick=alert(1)>x</b>{html}")
    page = client.get("/faq").get_data(as_text=True)
    assert active_content(page.split("<main", 1)[1]) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_no_output_contains_an_ambassadors_name_email_or_raw_question(runtime: Runtime, client: FlaskClient,
                                                                      tmp_path: Path) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime, jira_id="1", key="ZAAK-1")
    seed_question(runtime, jira_id="2", key="ZAAK-2", language="en", ambassador_name="Pieter-Jan Öztürk",
                  ambassador_email="pj.ozturk@wijkerveen.example")
    answered_issue(fake, "1", key="ZAAK-1", summary="Zaak overdragen")
    answered_issue(fake, "2", key="ZAAK-2", summary="Rechten aanvragen")
    refresh_issues(runtime, [refresh_job("1", 1), refresh_job("2", 2)])
    runner = CliRunner()
    env = {"VOELSPRIET_DATABASE_URL": runtime.settings.database_url, "VOELSPRIET_SECRET_KEY": "x" * 32,
           "VOELSPRIET_INSTANCE": str(runtime.settings.instance_path)}
    from voelspriet.cli import main

    assert runner.invoke(main, ["export-faq", "--out", str(tmp_path / "export")], env=env).exit_code == 0

    outputs = {route + lang: client.get(route + lang).data.decode("utf-8-sig")
               for route in ROUTES for lang in ("", "?lang=en")}
    for folder in (runtime.settings.faq_dir, tmp_path / "export"):
        outputs.update({str(p): p.read_text(encoding="utf-8-sig") for p in folder.glob("faq.*")})
    assert len(outputs) == 20
    for where, text in outputs.items():
        assert "Zaak overdragen" in text and "Rechten aanvragen" in text, where
        for secret in (AMBASSADOR_NAME, AMBASSADOR_EMAIL, "Pieter-Jan", "Öztürk", "pj.ozturk", "wijkerveen.example",
                       RAW_QUESTION, "Gijsbrecht"):
            assert secret.lower() not in text.lower(), f"{secret!r} in {where}"
