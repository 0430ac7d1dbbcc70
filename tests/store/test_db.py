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


def test_processes_starting_together_on_postgresql_migrate_once(postgres_url):
    """serve and several workers each run the migrations at start; they must take turns."""
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import inspect

    from store.db import Database

    databases = [Database(postgres_url) for _ in range(4)]
    try:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda db: db.upgrade(), databases))  # an error in any start re-raises here
        assert "questions" in inspect(databases[0].engine).get_table_names()
    finally:
        for db in databases:
            db.dispose()
