"""Where a question stands, as the API reports it."""

from __future__ import annotations

import pytest

from intake.status import api_status, question_by_id, question_by_token, tracking_url
from store.models import Question, QuestionStatus
from store.types import utcnow

BASE = "https://voelspriet.example.test"


def add_question(runtime, **fields) -> Question:
    values = dict(id="q_0123456789abcdef", tracking_token="tok-" + "x" * 28, team="kcc", theme="training",
                  phase="livegang", question="Hoe log ik in?", urgency="normaal", colleagues=1,
                  ambassador_name="Anouk", ambassador_email="anouk@example.org", created_at=utcnow())
    values.update(fields)
    with runtime.db.transaction() as session:
        session.add(Question(**values))
    return Question(**values)


def test_tracking_url_is_base_plus_token():
    assert tracking_url(BASE + "/", "abc") == BASE + "/q/abc"


def test_received(runtime):
    add_question(runtime)
    view = question_by_id(runtime.db, "q_0123456789abcdef")
    assert api_status(view, BASE) == {"id": "q_0123456789abcdef", "status": "received",
                                      "tracking_url": f"{BASE}/q/tok-{'x' * 28}"}


@pytest.mark.parametrize(("fields", "expected"), [
    ({"status": QuestionStatus.SYNCED, "jira_key": "ZAAK-7"}, {"status": "synced", "jira_key": "ZAAK-7"}),
    ({"status": QuestionStatus.ANSWERED, "jira_key": "ZAAK-7", "answer_markdown": "Via **Beheer**.",
      "answer_html": "<p>Via <strong>Beheer</strong>.</p>"},
     {"status": "answered", "jira_key": "ZAAK-7", "answer": "Via **Beheer**.",
      "answer_html": "<p>Via <strong>Beheer</strong>.</p>"}),
    ({"status": QuestionStatus.CLOSED, "jira_key": "ZAAK-7"}, {"status": "closed", "jira_key": "ZAAK-7"}),
    ({"status": QuestionStatus.FAILED, "last_error": "Field 'Team' has no option 'KCC'"},
     {"status": "failed", "error": "Field 'Team' has no option 'KCC'"}),
])
def test_each_status_carries_what_belongs_to_it(runtime, fields, expected):
    add_question(runtime, **fields)
    body = api_status(question_by_token(runtime.db, "tok-" + "x" * 28), BASE)
    assert {k: v for k, v in body.items() if k not in ("id", "tracking_url")} == expected


def test_unknown_questions_are_none(runtime):
    assert question_by_id(runtime.db, "q_nope") is None
    assert question_by_token(runtime.db, "nope") is None
