"""Through a flaky Jira (30 % of writes failing in every way Jira fails), nothing is lost or doubled."""

from __future__ import annotations

from collections import Counter

import pytest
import requests
from sqlalchemy import func, select

from store.models import Question, QuestionStatus
from voelspriet.stack import LocalStack, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

QUESTIONS = 200
FAULTS = "error5xx=0.08,rate429=0.06,retry_after=1,drop=0.08,create_then_drop=0.08,seed=20261129,scope=writes"


def _api_question(n: int) -> dict:
    return {
        "ambassador": {"name": "Sanne Bakker", "email": "s.bakker@wijkerveen.example"},
        "team": ["burgerzaken", "kcc", "vergunningen", "belastingen"][n % 4],
        "theme": "werkafspraken",
        "question": f"Vraag nummer {n} over werkafspraken in het zaaksysteem",
        "details": "Gesteld tijdens de inloop.",
        "urgency": "normaal",
        "colleagues": 1 + n % 5,
        "external_id": f"fault-test-{n}",
    }


def _synced(stack: LocalStack) -> int:
    with stack.runtime.db.sessions() as session:
        return session.scalar(select(func.count()).where(Question.status == QuestionStatus.SYNCED))


def test_200_questions_through_30_percent_failing_writes_make_200_issues(tmp_path, example_mappings):
    env = {"VOELSPRIET_RATE_LIMIT_API": "1000 per minute"}  # one form tool filing 200 questions at once
    # Small batches make ~100 separate writes, so every kind of fault is drawn many times.
    with LocalStack(tmp_path / "stack", mappings=example_mappings, env=env,
                    worker_options={"batch_size": 2}) as stack:
        stack.sandbox.set_faults(FAULTS)
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {stack.api_token}"
        for n in range(QUESTIONS):
            assert api.post(f"{stack.url}/api/v1/questions", json=_api_question(n), timeout=10).status_code == 202

        wait_until(lambda: _synced(stack) == QUESTIONS, 120, f"all {QUESTIONS} questions to reach Jira",
                   interval=0.2)
        stack.sandbox.set_faults(None)
        summaries = Counter(issue["fields"]["summary"] for issue in stack.sandbox.issues())
        assert len(summaries) == QUESTIONS
        assert max(summaries.values()) == 1, [s for s, n in summaries.items() if n > 1]
        injected = stack.sandbox.jira.faults.injected
        # Every kind of failure really happened, including issues made in Jira whose answer was lost.
        assert {"error5xx", "rate429", "drop", "create_then_drop"} <= set(injected), injected
