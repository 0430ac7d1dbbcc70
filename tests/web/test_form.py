"""The ambassador form: CSRF, both languages, errors next to the fields, BSN rule, screenshot, thank-you."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from store.models import Attachment, Question
from tests.web.helpers import csrf_token, form_data, png_bytes, post_form, stored


def error_for(page: str, field: str) -> str | None:
    found = re.search(rf'<p class="field-error" id="{field}-error">.*?</span>\s*(.*?)</p>', page, re.S)
    return found.group(1).strip() if found else None


def test_the_form_renders_in_dutch_with_a_csrf_token(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "Stel IT een vraag" in page and "Je naam" in page
    assert re.search(r'name="csrf_token" value="[^"]{20,}"', page)
    assert '<a href="/?lang=en" lang="en" hreflang="en">English</a>' in page


def test_accept_language_english_gives_english_labels(client):
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9,nl;q=0.5"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "Your name" in page and "Ask IT a question" in page


def test_the_language_switch_is_remembered(client):
    response = client.get("/?lang=en")
    assert "voelspriet_lang=en" in response.headers["Set-Cookie"]
    assert "Your name" in client.get("/").get_data(as_text=True)
    assert "Je naam" in client.get("/?lang=nl").get_data(as_text=True)
    assert "Je naam" in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_a_post_without_csrf_token_is_refused_kindly_and_keeps_the_values(client, runtime):
    response = client.post("/", data=form_data())
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Je vraag is niet verstuurd" in page
    assert 'value="Anouk de Vries"' in page
    assert stored(runtime) == (0, 0)
    assert re.search(r'name="csrf_token" value="[^"]{20,}"', page)  # a fresh token to send it again


def test_a_valid_question_leads_to_the_thank_you_page_with_the_tracking_link(client, runtime):
    response = post_form(client)
    assert response.status_code == 303
    token = response.headers["Location"].rsplit("/", 1)[1]
    thanks = client.get(response.headers["Location"])
    page = thanks.get_data(as_text=True)
    assert thanks.status_code == 200
    assert f"https://voelspriet.example.test/q/{token}" in page
    assert thanks.headers["Referrer-Policy"] == "no-referrer"
    with runtime.db.transaction() as session:
        question = session.scalar(select(Question))
    assert (question.tracking_token, question.source, question.language) == (token, "form", "nl")
    assert (question.team, question.phase, question.colleagues) == ("burgerzaken", "voor-livegang", 3)
    assert stored(runtime) == (1, 1)


def test_errors_stand_next_to_the_fields_with_the_values_kept(client, runtime):
    response = post_form(client, name="", email="anouk@", team="", question="Hoe?", colleagues="drie")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert error_for(page, "name") == "Vul je naam in."
    assert error_for(page, "email") == "Vul een e-mailadres in de juiste vorm in, zoals naam@voorbeeld.nl."
    assert error_for(page, "team") == "Kies je team."
    assert error_for(page, "question") == "Schrijf de vraag in 5 tot 200 tekens; nu zijn het er 4."
    assert error_for(page, "colleagues").startswith("Vul in hoeveel collega")
    assert error_for(page, "theme") is None
    for kept in ('value="anouk@"', 'value="Hoe?"', 'value="drie"', 'value="inloggen-en-rechten" selected'):
        assert kept in page
    assert page.index('href="#name"') < page.index('href="#email"') < page.index('href="#colleagues"')
    assert "<title>Fout: " in page
    assert stored(runtime) == (0, 0)


def test_errors_in_english_for_an_english_visitor(client):
    en = {"Accept-Language": "en"}
    page = post_form(client, headers=en, name="", team="Marketing").get_data(as_text=True)
    assert error_for(page, "name") == "Enter your name."
    assert error_for(page, "team").startswith("Unknown team &#39;Marketing&#39;; choose one of: burgerzaken")
    assert "There is a problem" in page


def test_a_missing_urgency_links_the_summary_to_the_first_choice(client):
    data = form_data()
    del data["urgency"]
    data["csrf_token"] = csrf_token(client)
    page = client.post("/", data=data).get_data(as_text=True)
    assert 'href="#urgency-normaal"' in page and 'id="urgency-normaal"' in page


def test_a_possible_bsn_is_held_back_with_the_option_to_confirm(client, runtime):
    response = post_form(client, details="Zaak 123.456.782 blijft hangen")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Haal persoonsgegevens van inwoners weg" in error_for(page, "details")
    assert 'name="not_a_bsn"' in page
    assert stored(runtime) == (0, 0)
    confirmed = post_form(client, details="Zaak 123.456.782 blijft hangen", not_a_bsn="1")
    assert confirmed.status_code == 303
    assert stored(runtime) == (1, 1)


def test_next_to_the_word_bsn_there_is_no_override(client, runtime):
    page = post_form(client, question="BSN 123456782 geeft een fout").get_data(as_text=True)
    assert "een BSN mag nooit naar IT" in error_for(page, "question")
    assert 'name="not_a_bsn"' not in page
    refused = post_form(client, question="BSN 123456782 geeft een fout", not_a_bsn="1")
    assert refused.status_code == 422
    assert stored(runtime) == (0, 0)


def test_a_real_png_is_accepted_as_screenshot(client, runtime):
    response = post_form(client, screenshot=(io.BytesIO(png_bytes()), "scherm.png"))
    assert response.status_code == 303
    with runtime.db.transaction() as session:
        attachment = session.scalar(select(Attachment))
    assert (attachment.filename, attachment.content_type, attachment.data) == ("scherm.png", "image/png", png_bytes())


def test_a_text_file_named_png_is_refused(client, runtime):
    response = post_form(client, screenshot=(io.BytesIO(b"dit is geen plaatje"), "scherm.png"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert error_for(page, "screenshot") == (
        "De schermafbeelding moet een PNG- of JPEG-afbeelding zijn. Dit bestand is dat niet.")
    assert stored(runtime) == (0, 0)


def test_a_screenshot_over_5_mb_is_refused_next_to_the_field(client, runtime):
    big = png_bytes() + b"\0" * (5 * 1024 * 1024)
    page = post_form(client, screenshot=(io.BytesIO(big), "groot.png")).get_data(as_text=True)
    assert error_for(page, "screenshot").startswith("De schermafbeelding is groter dan 5 MB")
    assert stored(runtime) == (0, 0)


def test_a_good_screenshot_must_be_chosen_again_after_other_errors(client):
    page = post_form(client, name="", screenshot=(io.BytesIO(png_bytes()), "scherm.png")).get_data(as_text=True)
    assert "Kies je schermafbeelding opnieuw" in page


def test_a_body_over_6_mb_gets_a_clear_page(client, runtime):
    token = csrf_token(client)
    huge = io.BytesIO(b"x" * (6 * 1024 * 1024 + 1))
    response = client.post("/", data=form_data(csrf_token=token, screenshot=(huge, "groot.png")))
    assert response.status_code == 413
    assert "Je vraag is te groot om te ontvangen" in response.get_data(as_text=True)
    assert stored(runtime) == (0, 0)


def test_sending_the_same_page_twice_stores_one_question(client, runtime):
    first = post_form(client)
    again = post_form(client)
    assert first.headers["Location"] == again.headers["Location"]
    assert stored(runtime) == (1, 1)


def test_a_changed_resend_of_the_same_page_is_a_new_question(client, runtime):
    first = post_form(client)
    changed = post_form(client, question="Hoe zet ik een zaak terug naar mijn team?")
    assert first.headers["Location"] != changed.headers["Location"]
    assert stored(runtime) == (2, 2)


def test_the_phase_may_be_chosen(client, runtime):
    post_form(client, phase="na-livegang")
    with runtime.db.transaction() as session:
        assert session.scalar(select(Question.phase)) == "na-livegang"


def test_too_many_posts_are_slowed_down_kindly(app, client, runtime):
    app.config["VOELSPRIET_RATE_LIMIT_FORM"] = "2 per minute"
    assert post_form(client).status_code == 303
    assert post_form(client, question="Een tweede vraag over zaken").status_code == 303
    response = post_form(client, question="Een derde vraag over zaken")
    assert response.status_code == 429
    assert "Even geduld" in response.get_data(as_text=True)
    assert client.get("/").status_code == 200  # reading the form is not limited
    assert stored(runtime) == (2, 2)


@pytest.mark.parametrize("path", ["/thanks/nope", "/q/nope"])
def test_unknown_links_get_a_friendly_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "We kunnen deze vraag niet vinden" in response.get_data(as_text=True)



def test_an_unexpected_failure_gets_a_kind_page_and_keeps_the_text_out_of_the_log(client, runtime, monkeypatch,
                                                                                 caplog):
    def broken(*_args, **_kwargs):
        raise RuntimeError("INSERT failed: ('Anouk de Vries', 'anouk@wijkerveen.example')")

    monkeypatch.setattr("webhooks.form.submit_question", broken)
    caplog.set_level("INFO")
    response = post_form(client)
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Er ging iets mis aan onze kant" in page and "Traceback" not in page and "INSERT" not in page
    assert '<html lang="nl">' in page
    [record] = [r for r in caplog.records if r.getMessage() == "web_internal_error"]
    assert record.error_type == "RuntimeError"
    logged = "\n".join(r.getMessage() + repr(vars(r)) for r in caplog.records)
    assert "Anouk" not in logged and "anouk@wijkerveen.example" not in logged
    assert client.get("/nope").status_code == 404  # HTTP errors keep their own status


@pytest.mark.parametrize(("env", "promised"), [
    ({"VOELSPRIET_SMTP_URL": "smtp://127.0.0.1:25", "VOELSPRIET_MAIL_FROM": "voelspriet@wijkerveen.example"}, True),
    ({"VOELSPRIET_SMTP_URL": "smtp://127.0.0.1:25"}, False),  # no sender: no e-mail goes out
    ({}, False),
])
def test_the_thank_you_page_promises_an_e_mail_only_when_one_can_be_sent(tmp_path, example_mappings, env, promised):
    from tests.conftest import make_settings
    from voelspriet.runtime import build_runtime
    from webhooks.app import create_app

    runtime = build_runtime(make_settings(tmp_path, **env), example_mappings, upgrade=True)
    try:
        client = create_app(runtime).test_client()
        thanks = client.get(post_form(client).headers["Location"]).get_data(as_text=True)
        assert ("Je krijgt een e-mail als er een antwoord is." in thanks) is promised
    finally:
        runtime.close()
