"""Operations endpoints an operator's monitoring relies on."""

from __future__ import annotations

from store.models import JobKind, OutboxJob, Question
from webhooks.app import create_app


def _question(qid: str) -> Question:
    return Question(id=qid, tracking_token="t" + qid, team="kcc", theme="training", phase="livegang",
                    question="Hoe werkt dit?", urgency="normaal", colleagues=1)


def test_health_and_ready(runtime):
    client = create_app(runtime).test_client()
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/readyz").json["database"] == "ok"


def test_ready_fails_when_the_database_is_gone(runtime, tmp_path):
    app = create_app(runtime)
    runtime.db.engine.dispose()
    runtime.db.engine.url = runtime.db.engine.url.set(database=str(tmp_path / "missing" / "x.db"))
    from store.db import make_engine

    runtime.db.engine = make_engine(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_metrics_count_waiting_deliveries(runtime):
    with runtime.db.transaction() as session:
        for n in range(3):
            session.add(_question(f"q_{n}"))
            session.add(OutboxJob(kind=JobKind.CREATE_ISSUE, question_id=f"q_{n}"))
    body = create_app(runtime).test_client().get("/metrics").get_data(as_text=True)
    assert 'voelspriet_outbox_jobs{kind="create_issue",state="pending"} 3.0' in body
    assert 'voelspriet_questions{status="received"} 3.0' in body


def test_openapi_documents_the_routes_the_app_really_serves(runtime):
    import jsonschema

    from webhooks.openapi import build_document

    app = create_app(runtime)
    document = app.test_client().get("/openapi.json").json
    assert document == build_document(runtime.mappings)
    served = {rule.rule.replace("<question_id>", "{id}") for rule in app.url_map.iter_rules()}
    assert set(document["paths"]) <= served
    # A body that follows the documented schema is accepted by the API.
    schema = document["components"]["schemas"]["Question"]
    body = {"ambassador": {"name": "Joost de Wit", "email": "j.dewit@wijkerveen.example"},
            "team": schema["properties"]["team"]["examples"][0], "theme": "koppelingen",
            "question": "Hoe koppel ik het zaaksysteem aan de mailbox?", "details": "",
            "urgency": "normaal", "colleagues": 2}
    jsonschema.validate(body, schema)
    answer = app.test_client().post("/api/v1/questions", json=body,
                                    headers={"Authorization": "Bearer api-token-one"})
    assert answer.status_code == 202
    jsonschema.validate(answer.json, document["components"]["schemas"]["Accepted"])
