"""Form tools' payloads become the API's intake body; refusals name the tool's own fields."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest

from intake.form_tools import (
    NotASubmission,
    SubmissionRefused,
    UnreadablePayload,
    check_submission,
    from_generic,
    from_openforms,
    from_typeform,
)
from tests.conftest import FIXTURES

TODAY = date(2027, 3, 4)  # in the example mappings' go-live weeks
BSN = "111222333"  # passes the 11-test


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / "form-tools" / name).read_text(encoding="utf-8"))


def typeform(**answers) -> dict:
    """The fixture with answers replaced by ref: a value (text), a full answer dict, or None (left out)."""
    payload = fixture("typeform-form-response.json")
    kept = []
    for answer in payload["form_response"]["answers"]:
        ref = answer["field"]["ref"]
        if ref not in answers:
            kept.append(answer)
        elif isinstance(answers[ref], dict):
            kept.append({**answers[ref], "field": answer["field"]})
        elif answers[ref] is not None:
            kept.append({"type": "text", "text": answers[ref], "field": answer["field"]})
    for ref in answers.keys() - {a["field"]["ref"] for a in payload["form_response"]["answers"]}:
        kept.append({**answers[ref], "field": {"id": "x" + ref, "type": "yes_no", "ref": ref}})
    payload["form_response"]["answers"] = kept
    return payload


def test_a_typeform_response_becomes_the_api_body(example_mappings):
    submission = from_typeform(fixture("typeform-form-response.json"))
    assert submission.body == {
        "ambassador": {"name": "Anouk de Vries", "email": "anouk@wijkerveen.example"},
        "team": "Burgerzaken", "theme": "Inloggen en rechten",
        "question": "Waarom zie ik de knop Overdragen niet bij een zaak?",
        "details": "Sinds vanochtend ontbreekt de knop bij alle zaken van het type Paspoort.\n"
                   "Collega's zien hem ook niet.",
        "urgency": "blokkerend", "colleagues": 4, "external_id": "9f4c2a7e1b8d4c3f9a6e0d2b7c5f1a83",
    }
    assert submission.language == "nl"
    intake = check_submission(submission, example_mappings, TODAY)
    assert (intake.team, intake.theme, intake.phase, intake.urgency, intake.colleagues) == (
        "burgerzaken", "inloggen-en-rechten", "livegang", "blokkerend", 4)


def test_typeform_hidden_fields_fill_in_what_no_question_asks(example_mappings):
    payload = typeform(team=None)
    payload["form_response"]["hidden"] = {"team": "kcc", "language": "en"}
    submission = from_typeform(payload)
    assert submission.body["team"] == "kcc" and submission.language == "en"


def test_typeform_yes_no_answers_for_urgency_and_not_a_bsn(example_mappings):
    payload = typeform(urgency={"type": "boolean", "boolean": False}, details=f"Nummer {BSN} in de lijst.",
                       not_a_bsn={"type": "boolean", "boolean": True})
    intake = check_submission(from_typeform(payload), example_mappings, TODAY)
    assert intake.urgency == "normaal" and BSN in intake.details


def test_typeform_other_and_several_choices():
    other = from_typeform(typeform(team={"type": "choice", "choice": {"other": "Burgerzaken"}}))
    several = from_typeform(typeform(theme={"type": "choices", "choices": {"labels": ["Training", "Koppelingen"]}}))
    assert other.body["team"] == "Burgerzaken" and several.body["theme"] == ["Training", "Koppelingen"]


def test_an_unanswered_optional_details_question_counts_as_empty(example_mappings):
    intake = check_submission(from_typeform(typeform(details=None)), example_mappings, TODAY)
    assert intake.details == ""


def test_refusals_name_the_typeform_refs(example_mappings):
    submission = from_typeform(typeform(team="Marketing", urgency=None, email="geen-adres"))
    with pytest.raises(SubmissionRefused) as refused:
        check_submission(submission, example_mappings, TODAY)
    fields = refused.value.fields
    assert set(fields) == {"team", "urgency", "email"} and not refused.value.held_back
    assert fields["team"][0].startswith("Typeform field ref 'team': Unknown team 'Marketing'; choose one of:")
    assert fields["urgency"][0].startswith("Typeform sent no value for field ref 'urgency'. Choose whether")
    assert fields["email"][0].startswith("Typeform field ref 'email': Enter an e-mail address")


@pytest.mark.parametrize(("details", "offers_override"), [
    (f"Klant met nummer {BSN} belde.", True),
    (f"Het BSN {BSN} staat in de zaak.", False),
])
def test_a_possible_bsn_is_held_back_with_the_tools_way_to_confirm(example_mappings, details, offers_override):
    with pytest.raises(SubmissionRefused) as refused:
        check_submission(from_typeform(typeform(details=details)), example_mappings, TODAY)
    assert refused.value.held_back and set(refused.value.fields) == {"details"}
    message = refused.value.fields["details"][0]
    assert ("field ref 'not_a_bsn'" in message) is offers_override
    assert BSN not in message


def test_typeform_partial_responses_and_other_shapes():
    with pytest.raises(NotASubmission):
        from_typeform({**fixture("typeform-form-response.json"), "event_type": "form_response_partial"})
    for payload in ({"event_type": "form_response"}, {"form_response": {"answers": "none"}}, ["a list"]):
        with pytest.raises(UnreadablePayload):
            from_typeform(payload)


def test_an_open_formulieren_registration_becomes_the_api_body(example_mappings):
    payload = fixture("openforms-generic-json.json")
    payload["values"]["colleagues"] = 2.0  # a number component may send a float
    submission = from_openforms(payload)
    assert submission.body["external_id"] == "OF-7KQ2ZD"
    intake = check_submission(submission, example_mappings, TODAY)
    assert (intake.name, intake.team, intake.colleagues, intake.phase) == (
        "Joost de Wit", "vergunningen", 2, "livegang")  # an empty phase select: derived from the date


def test_open_formulieren_refusals_name_the_component_keys(example_mappings):
    payload = fixture("openforms-generic-json.json")
    payload["values"].update(theme="", colleagues=None)
    del payload["metadata"]
    submission = from_openforms(payload)
    assert "external_id" not in submission.body
    with pytest.raises(SubmissionRefused) as refused:
        check_submission(submission, example_mappings, TODAY)
    assert refused.value.fields["theme"][0].startswith(
        "Open Formulieren sent no value for component key 'theme'. Choose the theme")
    assert set(refused.value.fields) == {"theme", "colleagues"}
    with pytest.raises(UnreadablePayload):
        from_openforms({"data": payload["values"]})


def test_generic_json_is_read_by_the_mappings_table(example_mappings):
    submission = from_generic(fixture("generic.json"), example_mappings.generic_form)
    assert submission.body == {
        "ambassador": {"name": "Fatima el Amrani", "email": "f.elamrani@wijkerveen.example"},
        "team": "Klantcontactcentrum (KCC)", "theme": "Koppelingen",
        "question": "Komen mails uit het KCC-postvak automatisch in de zaak?",
        "details": "We willen weten of we ze nog handmatig moeten koppelen.", "urgency": "normaal", "colleagues": 7,
    }
    assert check_submission(submission, example_mappings, TODAY).team == "kcc"


def test_generic_paths_step_into_lists_and_name_the_path_in_refusals(example_mappings):
    table = {**example_mappings.generic_form, "email": "contacts.0.address", "external_id": "meta.id",
             "language": "meta.lang"}
    payload = {**fixture("generic.json"), "contacts": [{"address": "not an address"}], "meta": {"id": 12, "lang": "EN"}}
    submission = from_generic(payload, table)
    assert submission.body["external_id"] == "12" and submission.language == "en"
    with pytest.raises(SubmissionRefused) as refused:
        check_submission(submission, example_mappings, TODAY)
    assert list(refused.value.fields) == ["contacts.0.address"]
    assert refused.value.fields["contacts.0.address"][0].startswith("Generic JSON path 'contacts.0.address': Enter")


def test_a_field_missing_from_the_generic_table_says_to_add_it(example_mappings):
    table = {k: v for k, v in example_mappings.generic_form.items() if k != "email"}
    with pytest.raises(SubmissionRefused) as refused:
        check_submission(from_generic(fixture("generic.json"), table), example_mappings, TODAY)
    assert refused.value.fields == {"generic_form.email": [
        "The mappings' generic_form table has no path for 'email'; add one. Enter your e-mail address."]}


def test_reading_never_changes_the_payload():
    payload = fixture("typeform-form-response.json")
    original = copy.deepcopy(payload)
    from_typeform(payload)
    assert payload == original
