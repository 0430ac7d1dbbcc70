"""The project lead's dashboard: login, the numbers and where each number leads in Jira."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from store.models import QuestionStatus
from store.types import utcnow
from tests.rollout.seed import add_question
from tests.web.helpers import csrf_token
from tests.web.lead_helpers import LEAD, lead_app, lead_runtime, log_in

JIRA = "https://jira.example.test"
BASE = 'project = "ZAAK" AND labels = "voelspriet"'


@pytest.fixture
def lead_rt(tmp_path, example_mappings):
    runtime = lead_runtime(tmp_path, example_mappings)
    yield runtime
    runtime.close()


@pytest.fixture
def lead_client(lead_rt):
    return lead_app(lead_rt).test_client()


def jql_of(href: str) -> str:
    parts = urlsplit(unescape(href))
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{JIRA}/issues/"
    return parse_qs(parts.query)["jql"][0]


def cell_links(page: str, team_name: str) -> list[tuple[str, str]]:
    """(number, href) of every link in the matrix row of `team_name`."""
    matrix = page[page.index('class="figures matrix"'):]
    row = re.search(rf'<th scope="row">{re.escape(team_name)}</th>(.*?)</tr>', matrix, re.S).group(1)
    return re.findall(r'<a href="([^"]+)">(\d+)<span', row)


def test_the_dashboard_asks_for_a_login_first(lead_client):
    response = lead_client.get("/dashboard")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert parse_qs(urlsplit(response.headers["Location"]).query)["next"] == ["/dashboard"]


def test_a_wrong_password_or_name_is_refused_with_one_message(lead_client):
    for name, password in ((LEAD, "verkeerd-wachtwoord"), ("onbekend", "lang-en-geheim-wachtwoord")):
        response = log_in(lead_client, name, password)
        assert response.status_code == 401
        assert "De naam of het wachtwoord klopt niet." in response.get_data(as_text=True)
    assert lead_client.get("/dashboard").status_code == 302


def test_a_login_without_csrf_token_is_refused(lead_client):
    from tests.web.lead_helpers import PASSWORD

    response = lead_client.post("/login", data={"name": LEAD, "password": PASSWORD, "next": "/dashboard"})
    assert response.status_code == 400
    assert lead_client.get("/dashboard").status_code == 302


def test_logging_in_opens_the_dashboard_and_logging_out_closes_it(lead_client):
    response = log_in(lead_client)
    assert response.status_code == 303 and response.headers["Location"] == "/dashboard"
    page = lead_client.get("/dashboard")
    assert page.status_code == 200 and "Stille teams" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    token = csrf_token(lead_client, "/dashboard")
    assert lead_client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert lead_client.get("/dashboard").status_code == 302


def test_login_never_redirects_to_another_site(lead_client):
    response = log_in(lead_client, next_path="//evil.example/steal")
    assert response.headers["Location"] == "/dashboard"


def test_too_many_login_attempts_are_slowed_down(lead_rt):
    app = lead_app(lead_rt)
    app.config["VOELSPRIET_RATE_LIMIT_LOGIN"] = "2 per minute"
    client = app.test_client()
    assert [log_in(client, password="fout-fout-fout").status_code for _ in range(3)] == [401, 401, 429]


def test_the_trusted_header_logs_in_only_when_configured(tmp_path, example_mappings):
    header = {"X-Remote-User": "j.jansen"}
    with_header = lead_runtime(tmp_path / "a", example_mappings, VOELSPRIET_TRUSTED_USER_HEADER="X-Remote-User")
    without = lead_runtime(tmp_path / "b", example_mappings)
    try:
        page = lead_app(with_header).test_client().get("/dashboard", headers=header)
        assert page.status_code == 200 and "j.jansen" in page.get_data(as_text=True)
        assert lead_app(without).test_client().get("/dashboard", headers=header).status_code == 302
    finally:
        with_header.close()
        without.close()


def test_only_a_proxy_configured_means_no_login_page(tmp_path, example_mappings):
    runtime = lead_runtime(tmp_path, example_mappings, VOELSPRIET_DASHBOARD_USERS="",
                           VOELSPRIET_TRUSTED_USER_HEADER="X-Remote-User")
    try:
        client = lead_app(runtime).test_client()
        assert client.get("/dashboard").status_code == 401
        assert client.get("/login").status_code == 404
    finally:
        runtime.close()


def test_without_users_or_proxy_the_views_are_switched_off_and_say_how_to_switch_on(runtime, client):
    add_question(runtime.db, created_at=utcnow())
    for path in ("/dashboard", "/digest", "/login"):
        response = client.get(path)
        page = response.get_data(as_text=True)
        assert response.status_code == 404
        assert "VOELSPRIET_DASHBOARD_USERS" in page and "VOELSPRIET_TRUSTED_USER_HEADER" in page
        assert "Waar vind ik" not in page


def test_numbers_match_the_store_and_link_to_the_same_search_in_jira(lead_rt, lead_client):
    now = utcnow()
    add_question(lead_rt.db, team="kcc", theme="training", created_at=now - timedelta(days=1))
    add_question(lead_rt.db, team="kcc", theme="training", urgency="blokkerend", created_at=now)
    add_question(lead_rt.db, team="kcc", theme="training", status=QuestionStatus.ANSWERED,
                 created_at=now - timedelta(days=3), answered_at=now - timedelta(days=1))
    log_in(lead_client)
    page = lead_client.get("/dashboard").get_data(as_text=True)

    kcc = "Klantcontactcentrum (KCC)"
    links = cell_links(page, kcc)
    training = list(lead_rt.mappings.themes).index(lead_rt.mappings.theme("training"))
    (open_href, open_n), (answered_href, answered_n) = links[2 * training], links[2 * training + 1]
    assert (open_n, answered_n) == ("2", "1")
    team_theme = f'{BASE} AND labels = "team-kcc" AND labels = "thema-training"'
    assert jql_of(open_href) == f"{team_theme} AND resolution IS EMPTY ORDER BY created DESC"
    assert jql_of(answered_href) == (f'{team_theme} AND resolution IS NOT EMPTY AND labels != "geen-faq" '
                                     "ORDER BY created DESC")
    assert all(n == "0" for _, n in links[:2 * training] + links[2 * training + 2:])

    blockers = re.search(r'<td class="is-blocker"><a href="([^"]+)">(\d+)', page)
    assert blockers.group(2) == "1"
    assert jql_of(blockers.group(1)) == (f'{BASE} AND labels = "team-kcc" AND priority = "Highest" '
                                         "AND resolution IS EMPTY ORDER BY created DESC")
    team_row = re.search(rf'<th scope="row">{re.escape(kcc)}</th>(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'">([^<]+)</a></td>', team_row)[-1] == "2 dagen"  # the one answer took 2 days


def test_the_week_numbers_link_to_a_created_range(lead_rt, lead_client):
    go_live = lead_rt.mappings.go_live
    log_in(lead_client)
    page = lead_client.get("/dashboard").get_data(as_text=True)
    trend = page[page.index('class="figures trend"'):]
    hrefs = re.findall(r'<span class="trend__count"><a href="([^"]+)">(\d+)', trend)
    assert len(hrefs) == 10
    week0 = jql_of(hrefs[3][0])
    assert f'created >= "{go_live.isoformat()}" AND created < "{(go_live + timedelta(days=7)).isoformat()}"' in week0


def test_silent_teams_are_named_first(lead_rt, lead_client):
    add_question(lead_rt.db, team="kcc", created_at=utcnow())
    log_in(lead_client)
    page = lead_client.get("/dashboard").get_data(as_text=True)
    silent = page[page.index('id="silent-title"'):page.index("</section>")]
    assert "Burgerzaken" in silent and "nog geen vraag" in silent
    assert "Klantcontactcentrum" not in silent
    assert "silent--alarm" in page


def test_the_dashboard_in_english_without_inline_style_or_script(lead_client):
    log_in(lead_client)
    page = lead_client.get("/dashboard?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "Silent teams" in page and "Civil Affairs" in page
    assert "<script>" not in page and "<style" not in page and " style=" not in page
    assert page.count("<caption>") == 3 and 'scope="row"' in page


@pytest.mark.parametrize("path", ["/login", "/dashboard", "/digest", "/digest?since=nope"])
def test_the_lead_pages_have_labelled_controls_and_unique_ids(lead_rt, path):
    from tests.web.test_accessibility import Page

    client = lead_app(lead_rt).test_client()
    add_question(lead_rt.db, created_at=utcnow())
    if path != "/login":
        log_in(client)
    html = client.get(path).get_data(as_text=True)
    page = Page(html)
    assert len(page.ids()) == len(set(page.ids()))
    assert all(control["id"] in page.labels_for for control in page.controls())
    assert html.count("<h1>") == 1


def test_an_unreadable_hash_in_the_settings_lets_nobody_in(tmp_path, example_mappings):
    runtime = lead_runtime(tmp_path, example_mappings, VOELSPRIET_DASHBOARD_USERS=f"{LEAD}:not-a-hash")
    try:
        client = lead_app(runtime).test_client()
        assert log_in(client, password="not-a-hash").status_code == 401
        assert client.get("/dashboard").status_code == 302
    finally:
        runtime.close()


def test_logout_without_csrf_token_keeps_the_session(lead_client):
    log_in(lead_client)
    assert lead_client.post("/logout").status_code == 303
    assert lead_client.get("/dashboard").status_code == 200
