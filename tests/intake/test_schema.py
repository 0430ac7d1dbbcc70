"""One validation for every way in: what passes, what is refused, and how the refusal reads."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from marshmallow import ValidationError

from intake.schema import IntakeSchema, Upload, flatten_errors

BEFORE_GO_LIVE = date(2027, 1, 15)


def body(**changes):
    data = {
        "ambassador": {"name": " Anouk de Vries ", "email": "anouk@wijkerveen.example"},
        "team": "burgerzaken", "theme": "inloggen-en-rechten", "question": "Hoe zet ik een zaak over?",
        "details": "", "urgency": "normaal", "colleagues": 3,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def load(mappings, data, today=BEFORE_GO_LIVE, **kwargs):
    return IntakeSchema(mappings, today, exclude=("screenshot",), **kwargs).load(data)


def errors(mappings, data, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        load(mappings, data, **kwargs)
    return flatten_errors(caught.value.messages)


def test_a_complete_question_is_accepted_and_trimmed(example_mappings):
    intake = load(example_mappings, body())
    assert intake.name == "Anouk de Vries"
    assert (intake.team, intake.theme, intake.urgency, intake.colleagues) == (
        "burgerzaken", "inloggen-en-rechten", "normaal", 3)


@pytest.mark.parametrize(("team", "slug"), [
    ("burgerzaken", "burgerzaken"), ("Burgerzaken", "burgerzaken"), ("civil affairs", "burgerzaken"),
    ("SOCIAL SERVICES", "sociaal-domein"), ("Klantcontactcentrum (KCC)", "kcc"),
])
def test_team_by_slug_or_display_name_in_any_language(example_mappings, team, slug):
    assert load(example_mappings, body(team=team)).team == slug


def test_theme_by_english_name(example_mappings):
    assert load(example_mappings, body(theme="Login and permissions")).theme == "inloggen-en-rechten"


def test_an_unknown_team_names_the_choices(example_mappings):
    found = errors(example_mappings, body(team="Marketing"))
    assert list(found) == ["team"]
    assert found["team"][0].startswith("Unknown team 'Marketing'; choose one of: burgerzaken, vergunningen")


def test_the_phase_follows_the_go_live_date_unless_given(example_mappings):
    go_live = example_mappings.go_live
    assert load(example_mappings, body(), today=go_live - timedelta(days=1)).phase == "voor-livegang"
    assert load(example_mappings, body(), today=go_live).phase == "livegang"
    assert load(example_mappings, body(), today=go_live + timedelta(days=60)).phase == "na-livegang"
    assert load(example_mappings, body(phase="After go-live")).phase == "na-livegang"
    assert "phase" in errors(example_mappings, body(phase="morgen"))


@pytest.mark.parametrize("urgency", ["normaal", "Blokkerend", " blokkerend "])
def test_urgency_is_normaal_or_blokkerend(example_mappings, urgency):
    assert load(example_mappings, body(urgency=urgency)).urgency == urgency.strip().lower()


def test_other_urgency_is_refused_naming_the_choices(example_mappings):
    assert errors(example_mappings, body(urgency="hoog"))["urgency"] == ["Urgency must be one of: normaal, blokkerend."]


@pytest.mark.parametrize("colleagues", [1, 10_000, "7", " 12 "])
def test_colleagues_within_limits(example_mappings, colleagues):
    assert load(example_mappings, body(colleagues=colleagues)).colleagues == int(str(colleagues).strip())


@pytest.mark.parametrize("colleagues", [0, 10_001, -3, 2.5, "drie", True, "", None, [3], "\u00b2", "1" * 5000])
def test_colleagues_outside_limits_or_not_a_whole_number(example_mappings, colleagues):
    data = body()
    data["colleagues"] = colleagues
    assert "colleagues" in errors(example_mappings, data)


@pytest.mark.parametrize(("question", "problem"), [
    ("Hoe?", "5 to 200 characters; it now has 4"),
    ("x" * 201, "5 to 200 characters; it now has 201"),
    ("Hoe zet ik\neen zaak over?", "on one line"),
    ("Hoe zet ik\u2028een zaak over?", "on one line"),
    ("   ", "Enter your question."),
    (42, "Must be text."),
])
def test_question_must_be_one_line_of_5_to_200_characters(example_mappings, question, problem):
    assert problem in errors(example_mappings, body(question=question))["question"][0]


def test_question_of_exactly_5_and_200_characters_passes(example_mappings):
    assert load(example_mappings, body(question="Hoe ?")).question == "Hoe ?"
    assert len(load(example_mappings, body(question="y" * 200)).question) == 200


def test_details_at_most_10000_characters(example_mappings):
    assert len(load(example_mappings, body(details="d" * 10_000)).details) == 10_000
    found = errors(example_mappings, body(details="d" * 10_001))
    assert found["details"] == ["The details can be at most 10,000 characters; they now have 10,001."]


def test_missing_fields_are_named_each(example_mappings):
    found = errors(example_mappings, {})
    assert set(found) == {"ambassador", "team", "theme", "question", "details", "urgency", "colleagues"}


def test_ambassador_fields_are_checked(example_mappings):
    found = errors(example_mappings, body(ambassador={"name": "", "email": "anouk at home"}))
    assert found == {"ambassador.name": ["Enter your name."],
                     "ambassador.email": ["Enter an e-mail address in the right format, like name@example.org."]}
    assert errors(example_mappings, body(ambassador="Anouk")) == {
        "ambassador": ["Give the ambassador as an object with name and email."]}


def test_the_name_is_one_line(example_mappings):
    found = errors(example_mappings, body(ambassador={"name": "Anouk\nBcc: x@example.org", "email": "a@example.org"}))
    assert found == {"ambassador.name": ["Write your name on one line."]}


def test_unknown_fields_are_refused(example_mappings):
    assert errors(example_mappings, body(priority="High")) == {"priority": ["Unknown field; leave it out."]}


def test_a_possible_bsn_is_held_back_unless_confirmed(example_mappings):
    text = "Zaak 123 456 782 blijft hangen"
    found = errors(example_mappings, body(details=text))
    assert list(found) == ["details"]
    assert "not_a_bsn" in found["details"][0]
    assert load(example_mappings, body(details=text, not_a_bsn=True)).details == text


def test_next_to_the_word_bsn_the_confirmation_is_refused(example_mappings):
    schema = IntakeSchema(example_mappings, BEFORE_GO_LIVE, exclude=("screenshot",))
    with pytest.raises(ValidationError) as caught:
        schema.load(body(question="BSN 123456782 klopt niet", not_a_bsn=True))
    assert "question" in caught.value.messages
    assert not schema.bsn_check.override_allowed


def test_a_bsn_in_a_question_that_is_also_too_long_is_still_reported(example_mappings):
    schema = IntakeSchema(example_mappings, BEFORE_GO_LIVE, exclude=("screenshot",))
    with pytest.raises(ValidationError):
        schema.load(body(question="Zaak 123456782 " + "x" * 300))
    assert schema.bsn_check.fields == ("question",)


def test_the_form_channel_asks_to_tick_the_box(example_mappings):
    found = errors(example_mappings, body(question="Zaak 123456782 hangt"), channel="form")
    assert "tick 'This is not a BSN'" in found["question"][0]


def test_a_screenshot_that_is_not_an_image_is_refused(example_mappings):
    schema = IntakeSchema(example_mappings, BEFORE_GO_LIVE)
    with pytest.raises(ValidationError) as caught:
        schema.load(body(screenshot=Upload("scherm.png", b"not an image")))
    assert caught.value.messages == {
        "screenshot": ["The screenshot must be a PNG or JPEG image. This file is not one."]}
