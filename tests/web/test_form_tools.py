"""POST /webhooks/forms/<provider>: signed or token-checked, stored once, refused with nothing stored."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging

import pytest
from sqlalchemy import select

from store.models import JobKind, OutboxJob, Question
from tests.conftest import FIXTURES, make_settings
from tests.web.helpers import stored
from voelspriet.runtime import build_runtime
from webhooks.app import create_app

TYPEFORM_SECRET = "typeform-secret-never-shown"
FORMS_TOKEN = "forms-token-never-shown"
BSN = "111222333"  # passes the 11-test


def raw_fixture(name: str) -> bytes:
    return (FIXTURES / "form-tools" / name).read_bytes()


def typeform_signature(body: bytes, secret: str = TYPEFORM_SECRET) -> str:
    # Written out from Typeform's documentation, independently of webhooks.form_tools.
    return "sha256=" + base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def hex_signature(body: bytes, secret: str = FORMS_TOKEN) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@pytest.fixture
def tools_runtime(tmp_path, example_mappings):
    settings = make_settings(tmp_path, VOELSPRIET_TYPEFORM_SECRET=TYPEFORM_SECRET, VOELSPRIET_FORMS_TOKEN=FORMS_TOKEN)
    rt = build_runtime(settings, example_mappings, upgrade=True)
    yield rt
    rt.close()


@pytest.fixture
def tools_client(tools_runtime):
    return create_app(tools_runtime).test_client()


def send_typeform(client, body: bytes, signature: str | None = None):
    headers = {"Typeform-Signature": typeform_signature(body) if signature is None else signature}
    return client.post("/webhooks/forms/typeform", data=body, content_type="application/json", headers=headers)


def send_forms(client, provider: str, body: bytes, **headers: str):
    headers = headers or {"Authorization": f"Bearer {FORMS_TOKEN}"}
    return client.post(f"/webhooks/forms/{provider}", data=body, content_type="application/json", headers=headers)


def typeform_body(**changes) -> bytes:
    """The fixture with answers changed by ref (text answers), as Typeform would serialise it."""
    payload = json.loads(raw_fixture("typeform-form-response.json"))
    for answer in payload["form_response"]["answers"]:
        ref = answer["field"]["ref"]
        if ref in changes:
            answer.clear()
            answer.update({"type": "text", "text": changes[ref], "field": {"type": "short_text", "ref": ref}})
    return json.dumps(payload).encode()


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]
    return error


def only_question(runtime) -> Question:
    with runtime.db.transaction() as session:
        (question,) = session.scalars(select(Question)).all()
        session.expunge(question)
        return question


def test_a_signed_typeform_response_is_stored_with_its_job(tools_client, tools_runtime):
    response = send_typeform(tools_client, raw_fixture("typeform-form-response.json"))
    assert response.status_code == 202
    body = response.get_json()
    assert set(body) == {"id", "status", "tracking_url"} and body["status"] == "received"
    question = only_question(tools_runtime)
    assert body["tracking_url"] == f"https://voelspriet.example.test/q/{question.tracking_token}"
    assert (question.source, question.external_id, question.language) == (
        "typeform", "9f4c2a7e1b8d4c3f9a6e0d2b7c5f1a83", "nl")
    assert (question.team, question.theme, question.urgency, question.colleagues) == (
        "burgerzaken", "inloggen-en-rechten", "blokkerend", 4)
    with tools_runtime.db.transaction() as session:
        job = session.scalar(select(OutboxJob))
        assert (job.kind, job.question_id) == (JobKind.CREATE_ISSUE, question.id)


def test_a_repeated_typeform_delivery_gives_the_first_question(tools_client, tools_runtime):
    raw = raw_fixture("typeform-form-response.json")
    first, again = send_typeform(tools_client, raw), send_typeform(tools_client, raw)
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.get_json() == first.get_json()
    assert stored(tools_runtime) == (1, 1)


@pytest.mark.parametrize("signature", [
    "",
    typeform_signature(b"another body"),
    typeform_signature(raw_fixture("typeform-form-response.json"), secret="wrong-secret"),
    hex_signature(raw_fixture("typeform-form-response.json"), secret=TYPEFORM_SECRET),  # hex, not base64
    typeform_signature(raw_fixture("typeform-form-response.json")).replace("sha256=", "sha1="),
    "sha256=ünïcode",
])
def test_a_forged_typeform_signature_is_401_and_nothing_is_stored(tools_client, tools_runtime, signature):
    response = send_typeform(tools_client, raw_fixture("typeform-form-response.json"), signature)
    error = assert_error(response, 401, "unauthorized")
    assert "Typeform-Signature" in error["message"] and TYPEFORM_SECRET not in response.get_data(as_text=True)
    assert stored(tools_runtime) == (0, 0)


def test_a_tampered_body_with_the_old_signature_is_refused(tools_client, tools_runtime):
    raw = raw_fixture("typeform-form-response.json")
    tampered = raw.replace(b"Burgerzaken", b"Vergunningen")
    assert_error(send_typeform(tools_client, tampered, typeform_signature(raw)), 401, "unauthorized")
    assert stored(tools_runtime) == (0, 0)


def test_an_unknown_team_is_422_naming_the_typeform_ref(tools_client, tools_runtime):
    error = assert_error(send_typeform(tools_client, typeform_body(team="Marketing")), 422, "validation_failed")
    assert list(error["fields"]) == ["team"]
    assert error["fields"]["team"][0].startswith("Typeform field ref 'team': Unknown team 'Marketing'")
    assert stored(tools_runtime) == (0, 0)


def test_a_bsn_in_the_text_is_held_back_and_not_stored(tools_client, tools_runtime):
    response = send_typeform(tools_client, typeform_body(details=f"Burger met BSN {BSN} belde over zijn zaak."))
    error = assert_error(response, 422, "personal_data_held_back")
    assert list(error["fields"]) == ["details"]
    assert stored(tools_runtime) == (0, 0)


def test_a_typeform_partial_response_is_ignored(tools_client, tools_runtime):
    payload = json.loads(raw_fixture("typeform-form-response.json"))
    raw = json.dumps({**payload, "event_type": "form_response_partial"}).encode()
    response = send_typeform(tools_client, raw)
    assert response.status_code == 200 and response.get_json()["status"] == "ignored"
    assert stored(tools_runtime) == (0, 0)


@pytest.mark.parametrize(("raw", "code"), [
    (b'{"form_response": ', "malformed_json"),
    (b"\xff\xfe", "malformed_json"),
    (b'{"n": NaN}', "malformed_json"),
    (b'"just a string"', "malformed_json"),
    (b'{"event_type": "form_response", "form_response": {"answers": "none"}}', "malformed_payload"),
])
def test_a_signed_body_typeform_cannot_have_sent_is_400(tools_client, tools_runtime, raw, code):
    assert_error(send_typeform(tools_client, raw), 400, code)
    assert stored(tools_runtime) == (0, 0)


@pytest.mark.parametrize(("provider", "variable", "env"), [
    ("typeform", "VOELSPRIET_TYPEFORM_SECRET", {"VOELSPRIET_FORMS_TOKEN": FORMS_TOKEN}),
    ("openforms", "VOELSPRIET_FORMS_TOKEN", {"VOELSPRIET_TYPEFORM_SECRET": TYPEFORM_SECRET}),
    ("generic", "VOELSPRIET_FORMS_TOKEN", {}),
])
def test_without_its_secret_a_route_is_closed(tmp_path, example_mappings, provider, variable, env):
    closed = build_runtime(make_settings(tmp_path, **env), example_mappings, upgrade=True)
    try:
        raw = raw_fixture("typeform-form-response.json")
        response = create_app(closed).test_client().post(
            f"/webhooks/forms/{provider}", data=raw, content_type="application/json",
            headers={"Typeform-Signature": typeform_signature(raw), "Authorization": "Bearer "})
        assert variable in assert_error(response, 503, "form_tool_closed")["message"]
        assert stored(closed) == (0, 0)
    finally:
        closed.close()


def test_open_formulieren_with_the_bearer_token(tools_client, tools_runtime):
    raw = raw_fixture("openforms-generic-json.json")
    first = send_forms(tools_client, "openforms", raw)
    assert first.status_code == 202
    again = send_forms(tools_client, "openforms", raw)
    assert again.status_code == 200 and again.get_json() == first.get_json()
    question = only_question(tools_runtime)
    assert (question.source, question.external_id, question.team, question.ambassador_email) == (
        "openforms", "OF-7KQ2ZD", "vergunningen", "j.dewit@wijkerveen.example")


def test_open_formulieren_double_encoded_body_with_an_hmac_signature(tools_client, tools_runtime):
    # What the generic JSON registration puts on the wire: json.dumps(object), posted as JSON again.
    raw = json.dumps(raw_fixture("openforms-generic-json.json").decode()).encode()
    response = send_forms(tools_client, "openforms", raw, **{"X-Signature": hex_signature(raw)})
    assert response.status_code == 202
    assert only_question(tools_runtime).external_id == "OF-7KQ2ZD"


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer wrong-token"},
    {"Authorization": f"Basic {FORMS_TOKEN}"},
    {"Authorization": FORMS_TOKEN},
    {"X-Signature": hex_signature(b"another body")},
    {"X-Signature": hex_signature(raw_fixture("openforms-generic-json.json"), secret="wrong")},
])
@pytest.mark.parametrize("provider", ["openforms", "generic"])
def test_a_wrong_token_or_signature_is_401(tools_client, tools_runtime, provider, headers):
    response = tools_client.post(f"/webhooks/forms/{provider}", data=raw_fixture("openforms-generic-json.json"),
                                 content_type="application/json", headers=headers)
    error = assert_error(response, 401, "unauthorized")
    assert "VOELSPRIET_FORMS_TOKEN" in error["message"] and FORMS_TOKEN not in response.get_data(as_text=True)
    assert stored(tools_runtime) == (0, 0)


def test_generic_json_mapped_by_the_mappings(tools_client, tools_runtime):
    assert send_forms(tools_client, "generic", raw_fixture("generic.json")).status_code == 202
    question = only_question(tools_runtime)
    assert (question.source, question.team, question.theme, question.colleagues, question.ambassador_name) == (
        "generic", "kcc", "koppelingen", 7, "Fatima el Amrani")


def test_generic_refusals_name_the_incoming_path(tools_client, tools_runtime):
    payload = json.loads(raw_fixture("generic.json"))
    payload["submitter"]["email"] = "geen adres"
    error = assert_error(send_forms(tools_client, "generic", json.dumps(payload).encode()), 422, "validation_failed")
    assert list(error["fields"]) == ["submitter.email"]
    assert stored(tools_runtime) == (0, 0)


def test_external_ids_are_unique_per_tool(tools_client, tools_runtime):
    values = json.loads(raw_fixture("openforms-generic-json.json"))["values"]
    openforms = {"values": values, "metadata": {"public_reference": "SAME-1"}}
    typeform = json.loads(raw_fixture("typeform-form-response.json"))
    typeform["form_response"]["token"] = "SAME-1"
    assert send_forms(tools_client, "openforms", json.dumps(openforms).encode()).status_code == 202
    assert send_typeform(tools_client, json.dumps(typeform).encode()).status_code == 202
    assert stored(tools_runtime) == (2, 2)


def test_an_unknown_provider_is_404_and_a_get_is_405(tools_client):
    error = assert_error(tools_client.post("/webhooks/forms/jotform", json={}), 404, "unknown_provider")
    assert "typeform, openforms, generic" in error["message"]
    assert_error(tools_client.get("/webhooks/forms/typeform"), 405, "method_not_allowed")


def test_form_tool_deliveries_are_rate_limited(tools_runtime):
    app = create_app(tools_runtime)
    app.config["VOELSPRIET_RATE_LIMIT_FORM_TOOLS"] = "1 per minute"
    client = app.test_client()
    assert send_forms(client, "generic", raw_fixture("generic.json")).status_code == 202
    assert_error(send_forms(client, "generic", raw_fixture("generic.json")), 429, "rate_limited")


def test_the_openapi_document_lists_the_three_routes(tools_client):
    paths = tools_client.get("/openapi.json").get_json()["paths"]
    for provider in ("typeform", "openforms", "generic"):
        assert "202" in paths[f"/webhooks/forms/{provider}"]["post"]["responses"]


def test_an_unexpected_failure_is_500_without_text_and_stores_nothing(tools_client, tools_runtime, monkeypatch,
                                                                        caplog):
    from webhooks import form_tools

    def broken(*_args, **_kwargs):
        raise RuntimeError("database said: Anouk de Vries")

    monkeypatch.setattr(form_tools, "submit_question", broken)
    response = send_typeform(tools_client, raw_fixture("typeform-form-response.json"))
    error = assert_error(response, 500, "internal_error")
    assert "Anouk" not in json.dumps(error) and "Anouk" not in caplog.text
    assert any(r.getMessage() == "form_tool_internal_error" for r in caplog.records)


def test_a_body_over_6_mb_is_413(tools_client, tools_runtime):
    raw = b'{"values": {"details": "' + b"x" * (6 * 1024 * 1024) + b'"}}'
    assert_error(send_forms(tools_client, "openforms", raw), 413, "payload_too_large")
    assert stored(tools_runtime) == (0, 0)


def test_logs_name_the_fields_but_carry_no_secret_and_no_ambassador_text(tools_client, caplog):
    caplog.set_level(logging.INFO)
    send_typeform(tools_client, raw_fixture("typeform-form-response.json"), signature="sha256=forged")
    send_typeform(tools_client, typeform_body(team="Marketing", question=f"Wie is {BSN}?"))
    send_forms(tools_client, "generic", raw_fixture("generic.json"))
    refused = [r for r in caplog.records if r.getMessage() == "form_tool_refused"]
    assert {r.status for r in refused} == {401, 422}
    assert ["question", "team"] in [r.__dict__.get("fields") for r in refused]
    assert any(r.getMessage() == "question_received" and r.source == "generic" for r in caplog.records)
    for secret_or_text in (TYPEFORM_SECRET, FORMS_TOKEN, "Marketing", BSN, "Fatima", "anouk@"):
        assert secret_or_text not in caplog.text
