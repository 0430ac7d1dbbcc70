"""The JSON API: 202 only after question and job are committed; one error shape for every failure."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update

from store.models import JobKind, OutboxJob, Question, QuestionStatus
from tests.web.helpers import AUTH, api_body, stored
from webhooks import api


def post(client, body=None, headers=None, **kwargs):
    return client.post("/api/v1/questions", json=api_body() if body is None else body,
                       headers={**AUTH, **(headers or {})}, **kwargs)


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert set(error) == {"code", "message", "fields"} and error["code"] == code and error["message"]
    assert "Traceback" not in response.get_data(as_text=True)
    return error


def test_a_question_is_accepted_with_202_after_it_is_stored(client, runtime):
    response = post(client)
    body = response.get_json()
    assert response.status_code == 202
    assert set(body) == {"id", "status", "tracking_url"} and body["status"] == "received"
    with runtime.db.transaction() as session:
        question = session.get(Question, body["id"])
        job = session.scalar(select(OutboxJob))
    assert body["tracking_url"] == f"https://voelspriet.example.test/q/{question.tracking_token}"
    assert (question.source, question.team, question.phase) == ("api", "burgerzaken", "voor-livegang")
    assert (job.kind, job.question_id) == (JobKind.CREATE_ISSUE, question.id)


def test_team_theme_and_phase_by_display_name(client, runtime):
    response = post(client, api_body(team="social services", theme="Login and Permissions", phase="Livegangsweken",
                                     urgency="blokkerend"))
    assert response.status_code == 202
    with runtime.db.transaction() as session:
        question = session.scalar(select(Question))
    assert (question.team, question.theme, question.phase, question.urgency) == (
        "sociaal-domein", "inloggen-en-rechten", "livegang", "blokkerend")


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic api-token-one"},
                                     {"Authorization": "Bearer "}, {"Authorization": "api-token-one"}])
def test_a_missing_or_wrong_token_is_401(client, runtime, headers):
    response = client.post("/api/v1/questions", json=api_body(), headers=headers)
    assert_error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert stored(runtime) == (0, 0)


def test_the_second_token_works_too(client):
    assert post(client, headers={"Authorization": "Bearer api-token-two"}).status_code == 202


def test_without_configured_tokens_the_api_is_closed(runtime, tmp_path, example_mappings):
    from tests.conftest import make_settings
    from voelspriet.runtime import build_runtime
    from webhooks.app import create_app

    closed = build_runtime(make_settings(tmp_path / "closed", VOELSPRIET_API_TOKENS=""), example_mappings, upgrade=True)
    try:
        response = create_app(closed).test_client().post("/api/v1/questions", json=api_body(),
                                                         headers={"Authorization": "Bearer "})
        assert "no API tokens are configured" in assert_error(response, 401, "unauthorized")["message"]
    finally:
        closed.close()


def test_validation_errors_name_each_field(client, runtime):
    response = post(client, api_body(team="Marketing", colleagues="veel", question="x" * 201, details=None,
                                     ambassador={"name": "Anouk", "email": 7}))
    error = assert_error(response, 422, "validation_failed")
    assert error["fields"]["team"][0].startswith("Unknown team 'Marketing'; choose one of: burgerzaken,")
    assert set(error["fields"]) == {"team", "colleagues", "question", "details", "ambassador.email"}
    assert stored(runtime) == (0, 0)


def test_api_errors_are_english_whatever_the_accept_language(client):
    error = assert_error(post(client, api_body(team="x"), headers={"Accept-Language": "nl"}), 422, "validation_failed")
    assert error["fields"]["team"][0].startswith("Unknown team")


@pytest.mark.parametrize(("raw", "problem"), [
    (b'{"team": "kcc",', "not valid JSON: Expecting property name enclosed in double quotes at line 1, column 16"),
    (b'{"colleagues": NaN}', "NaN is not a number JSON allows"),
    (b"\xff\xfe", "not UTF-8"),
    (b'["a list"]', "must be a JSON object"),
])
def test_malformed_json_is_400_naming_the_problem(client, runtime, raw, problem):
    response = client.post("/api/v1/questions", data=raw, content_type="application/json", headers=AUTH)
    assert problem in assert_error(response, 400, "malformed_json")["message"]
    assert stored(runtime) == (0, 0)


def test_a_body_that_is_not_json_is_415(client):
    response = client.post("/api/v1/questions", data="team=kcc", headers=AUTH,
                           content_type="application/x-www-form-urlencoded")
    assert_error(response, 415, "unsupported_media_type")


def test_a_body_over_6_mb_is_413(client, runtime):
    body = api_body(details="x" * (6 * 1024 * 1024))
    assert_error(post(client, body), 413, "payload_too_large")
    assert stored(runtime) == (0, 0)


def test_the_same_idempotency_key_and_body_give_the_same_question(client, runtime):
    first = post(client, headers={"Idempotency-Key": "req-1"})
    again = post(client, headers={"Idempotency-Key": "req-1"})
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert stored(runtime) == (1, 1)


def test_the_same_idempotency_key_with_another_body_is_refused(client, runtime):
    post(client, headers={"Idempotency-Key": "req-1"})
    response = post(client, api_body(colleagues=4), headers={"Idempotency-Key": "req-1"})
    error = assert_error(response, 422, "idempotency_key_reused")
    assert "Idempotency-Key" in error["fields"]
    assert stored(runtime) == (1, 1)


def test_an_unusable_idempotency_key_is_refused(client, runtime):
    assert_error(post(client, headers={"Idempotency-Key": "k" * 201}), 422, "validation_failed")
    assert stored(runtime) == (0, 0)


def test_an_external_id_seen_before_returns_the_existing_question(client, runtime):
    first = post(client, api_body(external_id="intranet-42"))
    again = post(client, api_body(external_id="intranet-42", colleagues=9))
    assert again.get_json()["id"] == first.get_json()["id"]
    assert stored(runtime) == (1, 1)


def test_a_possible_bsn_is_held_back_and_may_be_confirmed(client, runtime):
    error = assert_error(post(client, api_body(details="Zaak 123 456 782 hangt")), 422, "personal_data_held_back")
    assert '"not_a_bsn": true' in error["fields"]["details"][0]
    assert stored(runtime) == (0, 0)
    assert post(client, api_body(details="Zaak 123 456 782 hangt", not_a_bsn=True)).status_code == 202


def test_next_to_the_word_bsn_the_confirmation_is_refused(client, runtime):
    body = api_body(question="Burgerservicenummer 123456782 onbekend", not_a_bsn=True)
    error = assert_error(post(client, body), 422, "personal_data_held_back")
    assert "a BSN may never be sent to IT" in error["fields"]["question"][0]
    assert stored(runtime) == (0, 0)


def test_status_of_a_question_as_it_moves_on(client, runtime):
    qid = post(client).get_json()["id"]
    status = client.get(f"/api/v1/questions/{qid}", headers=AUTH)
    assert status.status_code == 200 and status.get_json()["status"] == "received"
    with runtime.db.transaction() as session:
        session.execute(update(Question).values(status=QuestionStatus.ANSWERED, jira_key="ZAAK-3",
                                                answer_markdown="Via het menu.", answer_html="<p>Via het menu.</p>"))
    body = client.get(f"/api/v1/questions/{qid}", headers=AUTH).get_json()
    assert (body["status"], body["jira_key"], body["answer"]) == ("answered", "ZAAK-3", "Via het menu.")


def test_status_needs_the_token_and_a_known_id(client):
    assert_error(client.get("/api/v1/questions/q_0000000000000000"), 401, "unauthorized")
    assert_error(client.get("/api/v1/questions/q_0000000000000000", headers=AUTH), 404, "not_found")


def test_unknown_endpoints_and_methods_answer_in_the_same_shape(client):
    assert_error(client.get("/api/v1/nothing", headers=AUTH), 404, "not_found")
    assert_error(client.get("/api/v1/questions", headers=AUTH), 404, "not_found")


def test_too_many_requests_is_429_in_the_same_shape(app, client):
    app.config["VOELSPRIET_RATE_LIMIT_API"] = "1 per minute"
    post(client)
    response = post(client)
    assert_error(response, 429, "rate_limited")
    assert "Retry-After" in response.headers


def test_an_unexpected_failure_shows_no_stack_trace_and_no_text(client, runtime, monkeypatch, caplog):
    def broken(*_args, **_kwargs):
        raise RuntimeError("database said: Anouk de Vries")

    monkeypatch.setattr(api, "submit_question", broken)
    response = post(client)
    error = assert_error(response, 500, "internal_error")
    assert "Anouk" not in json.dumps(error)
    assert "Anouk" not in caplog.text
    assert any(r.getMessage() == "api_internal_error" for r in caplog.records)


def test_the_api_needs_no_csrf_token(app, client):
    assert app.config["WTF_CSRF_CHECK_DEFAULT"] is False
    assert post(client).status_code == 202


def test_similar_faq_entries_for_deflection(client, runtime):
    from store.models import FaqEntry

    with runtime.db.transaction() as session:
        session.add(FaqEntry(jira_issue_id="1", jira_key="ZAAK-9", summary="Inloggen met de app lukt niet",
                             answer_markdown="-", answer_html="-", team="kcc", theme="training", phase="livegang"))
    response = client.get("/api/v1/faq/similar", query_string={"q": "Waarom lukt inloggen niet?"})
    assert response.status_code == 200
    assert response.get_json() == {"results": [
        {"summary": "Inloggen met de app lukt niet", "jira_key": "ZAAK-9", "url": "/faq#faq-1"}]}
    assert 'id="faq-1"' in client.get("/faq").get_data(as_text=True)  # the link lands on the entry
    assert client.get("/api/v1/faq/similar").get_json() == {"results": []}
    assert_error(client.get("/api/v1/faq/similar", query_string={"q": "x" * 501}), 422, "validation_failed")


def test_the_openapi_document_names_exactly_the_fields_the_api_requires(client, runtime):
    schema = client.get("/openapi.json").get_json()["components"]["schemas"]["Question"]
    for field in schema["properties"]:
        response = post(client, {k: v for k, v in api_body().items() if k != field})
        if field in schema["required"]:
            assert field in assert_error(response, 422, "validation_failed")["fields"], field
        else:
            assert response.status_code == 202, field
