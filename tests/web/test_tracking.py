"""The ambassador's tracking page: progress and answer, nothing personal, never indexed or leaked."""

from __future__ import annotations

import pytest

from store.models import Question, QuestionStatus
from store.types import utcnow

TOKEN = "t" * 32


def add_question(runtime, **fields) -> None:
    values = dict(id="q_0123456789abcdef", tracking_token=TOKEN, team="kcc", theme="training", phase="livegang",
                  question="Hoe zet ik een zaak over?", details="Geheime toelichting", urgency="normaal",
                  colleagues=1, ambassador_name="Anouk de Vries", ambassador_email="anouk@wijkerveen.example",
                  created_at=utcnow())
    values.update(fields)
    with runtime.db.transaction() as session:
        session.add(Question(**values))


def page(client, **kwargs) -> str:
    response = client.get(f"/q/{TOKEN}", **kwargs)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_received_question(client, runtime):
    add_question(runtime)
    html = page(client)
    assert "Hoe zet ik een zaak over?" in html  # the ambassador sees which question this link follows
    assert "Nog niet: we sturen je vraag door naar IT." in html


def test_with_it_shows_the_jira_key(client, runtime):
    add_question(runtime, status=QuestionStatus.SYNCED, jira_key="ZAAK-12")
    assert "IT werkt eraan onder nummer ZAAK-12." in page(client)


def test_answered_shows_the_sanitised_answer(client, runtime):
    add_question(runtime, status=QuestionStatus.ANSWERED, jira_key="ZAAK-12", answered_at=utcnow(),
                 answer_html="<p>Kies <strong>Overdragen</strong>.</p>")
    html = page(client)
    assert "<p>Kies <strong>Overdragen</strong>.</p>" in html and "Het antwoord" in html


def test_closed_without_faq(client, runtime):
    add_question(runtime, status=QuestionStatus.CLOSED, jira_key="ZAAK-12", closed_at=utcnow())
    assert "Afgesloten zonder FAQ-antwoord" in page(client)


def test_failed_delivery_is_told_gently(client, runtime):
    add_question(runtime, status=QuestionStatus.FAILED, last_error="Jira said: field Team is wrong")
    html = page(client)
    assert "duurt langer dan normaal" in html and "Jira said" not in html


def test_in_english(client, runtime):
    add_question(runtime, status=QuestionStatus.SYNCED, jira_key="ZAAK-12")
    assert "IT is working on it as ZAAK-12." in page(client, headers={"Accept-Language": "en"})


def test_no_personal_data_and_private_headers(client, runtime):
    add_question(runtime)
    response = client.get(f"/q/{TOKEN}")
    html = response.get_data(as_text=True)
    for personal in ("Anouk", "anouk@wijkerveen.example", "Geheime toelichting"):
        assert personal not in html
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in html


@pytest.mark.parametrize("token", ["unknown", "x" * 65])
def test_an_unknown_token_gets_a_friendly_404(client, runtime, token):
    add_question(runtime)
    response = client.get(f"/q/{token}")
    assert response.status_code == 404
    assert "Controleer of je de hele link" in response.get_data(as_text=True)
    assert response.headers["Referrer-Policy"] == "no-referrer"
