"""The database layer: what its errors may say."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from store.models import Question
from tests.connector.conftest import add_question


def test_database_errors_do_not_repeat_the_ambassadors_data(any_runtime):
    db = any_runtime.db
    question_id = add_question(db, name="Getuige Witness-Naam")
    with pytest.raises(IntegrityError) as caught, db.transaction() as session:
        session.add(Question(id=question_id, tracking_token="other", ambassador_name="Getuige Witness-Naam",
                             ambassador_email="getuige@example.org", team="kcc", theme="training",
                             phase="livegang", question="Tweede vraag van de getuige", urgency="normaal"))
    text = str(caught.value)  # what a logged traceback of an unexpected error would show
    assert "Witness-Naam" not in text and "getuige@example.org" not in text and "Tweede vraag" not in text
