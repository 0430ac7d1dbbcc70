"""Questions with chosen dates and states, written straight into the store."""

from __future__ import annotations

import secrets
from datetime import datetime

from store.db import Database
from store.models import FaqEntry, Question, QuestionStatus


def add_question(db: Database, *, team: str = "kcc", theme: str = "training", status: str = QuestionStatus.SYNCED,
                 urgency: str = "normaal", created_at: datetime, answered_at: datetime | None = None,
                 question: str = "Waar vind ik de werkinstructie?", jira_key: str | None = None,
                 faq_summary: str | None = None) -> Question:
    qid = "q_" + secrets.token_hex(8)
    jira_id = str(10000 + secrets.randbelow(80000)) if status != QuestionStatus.RECEIVED else None
    key = jira_key or (f"ZAAK-{jira_id}" if jira_id else None)
    with db.transaction() as session:
        row = Question(id=qid, tracking_token=secrets.token_urlsafe(24), ambassador_name="Anouk de Vries",
                       ambassador_email="anouk@wijkerveen.example", team=team, theme=theme, phase="livegang",
                       question=question, details="Details", urgency=urgency, status=status, jira_id=jira_id,
                       jira_key=key, created_at=created_at, answered_at=answered_at)
        session.add(row)
        if faq_summary is not None:
            session.flush()
            session.add(FaqEntry(jira_issue_id=jira_id, jira_key=key, question_id=qid, summary=faq_summary,
                                 answer_markdown="Zo doe je dat.", answer_html="<p>Zo doe je dat.</p>", team=team,
                                 theme=theme, phase="livegang", first_published_at=answered_at,
                                 updated_at=answered_at))
    return row
