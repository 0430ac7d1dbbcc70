"""Hand-written fakes for the FAQ side: a Jira that holds issues in memory, and seed helpers."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from connector.errors import JiraError
from connector.snapshot import Comment, IssueSnapshot
from store.models import FaqEntry, OutboxJob, Question, QuestionStatus
from voelspriet.runtime import Runtime

T0 = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
AMBASSADOR_NAME = "Wilhelmina Zwaantje-Overbeek"
AMBASSADOR_EMAIL = "w.zwaantje@wijkerveen.example"
RAW_QUESTION = "Waarom staat mijn zaak 4711 ineens bij team Gijsbrecht?"


class FakeJira:
    """The read side of connector.client.JiraClient, over issues kept in a dict.

    Every change moves the issue's `updated` forward, as Jira does.
    """

    def __init__(self) -> None:
        self.issues: dict[str, IssueSnapshot] = {}
        self.get_calls: list[str] = []
        self.search_calls: list[datetime | None] = []
        self.error: JiraError | None = None  # raised by the next calls while set
        self._clock = itertools.count(1)

    def tick(self) -> datetime:
        return T0 + timedelta(minutes=next(self._clock))

    def put(self, snapshot: IssueSnapshot) -> IssueSnapshot:
        self.issues[snapshot.id] = snapshot
        return snapshot

    def change(self, issue_id: str, **fields) -> IssueSnapshot:
        return self.put(replace(self.issues[issue_id], updated=self.tick(), **fields))

    def resolve(self, issue_id: str, resolution: str = "Done") -> IssueSnapshot:
        moment = self.tick()
        return self.put(replace(self.issues[issue_id], resolution=resolution, resolved_at=moment,
                                status_category="done", updated=moment))

    def reopen(self, issue_id: str) -> IssueSnapshot:
        return self.change(issue_id, resolution=None, resolved_at=None, status_category="indeterminate")

    def comment(self, issue_id: str, body: str) -> IssueSnapshot:
        issue = self.issues[issue_id]
        moment = self.tick()
        new = Comment(id=str(len(issue.comments) + 1), body=body, created=moment, updated=moment)
        return self.put(replace(issue, comments=(*issue.comments, new), updated=moment))

    def delete(self, issue_id: str) -> None:
        del self.issues[issue_id]

    def get_issue_snapshot(self, issue_id: str) -> IssueSnapshot | None:
        self.get_calls.append(issue_id)
        if self.error is not None:
            raise self.error
        return self.issues.get(issue_id)

    def search_updated_issues(self, since: datetime | None) -> Iterator[IssueSnapshot]:
        self.search_calls.append(since)
        if self.error is not None:
            raise self.error
        found = [s for s in self.issues.values() if "voelspriet" in s.labels and (since is None or s.updated >= since)]
        yield from sorted(found, key=lambda s: s.updated)


def issue(issue_id: str = "10040", key: str = "ZAAK-1", summary: str = "Hoe draag ik een zaak over?",
          labels: tuple[str, ...] = ("voelspriet", "team-burgerzaken", "thema-zaaktypen-en-processen",
                                     "fase-livegang"), **fields) -> IssueSnapshot:
    values = dict(id=issue_id, key=key, summary=summary, labels=labels, status_category="new",
                  resolution=None, resolved_at=None, updated=T0, created=T0)
    values.update(fields)
    return IssueSnapshot(**values)


def with_fake_jira(runtime: Runtime) -> FakeJira:
    fake = FakeJira()
    runtime._jira = fake  # type: ignore[assignment]
    return fake


def seed_question(runtime: Runtime, jira_id: str = "10040", key: str = "ZAAK-1", language: str = "nl",
                  **fields) -> Question:
    values = dict(
        id="q_" + secrets.token_hex(8), tracking_token=secrets.token_urlsafe(24),
        ambassador_name=AMBASSADOR_NAME, ambassador_email=AMBASSADOR_EMAIL, team="burgerzaken",
        theme="zaaktypen-en-processen", phase="livegang", question=RAW_QUESTION,
        details="Details met privé-informatie van " + AMBASSADOR_NAME, urgency="normaal", colleagues=2,
        language=language, status=QuestionStatus.SYNCED, jira_id=jira_id, jira_key=key, synced_at=T0,
    )
    values.update(fields)
    with runtime.db.transaction() as session:
        question = Question(**values)
        session.add(question)
    return question


def question_row(runtime: Runtime, question_id: str) -> Question:
    with runtime.db.sessions() as session:
        return session.get(Question, question_id)


def entry_row(runtime: Runtime, issue_id: str = "10040") -> FaqEntry | None:
    from sqlalchemy import select

    with runtime.db.sessions() as session:
        return session.scalars(select(FaqEntry).where(FaqEntry.jira_issue_id == issue_id)).first()


def jobs(runtime: Runtime, kind: str, state: str | None = "pending") -> list[OutboxJob]:
    from sqlalchemy import select

    query = select(OutboxJob).where(OutboxJob.kind == kind)
    if state:
        query = query.where(OutboxJob.state == state)
    with runtime.db.sessions() as session:
        return list(session.scalars(query.order_by(OutboxJob.id)))


def refresh_job(issue_id: str, job_id: int = 1) -> OutboxJob:
    """A detached job row as the worker hands it over."""
    from store.models import JobKind

    return OutboxJob(id=job_id, kind=JobKind.REFRESH_ISSUE, subject=issue_id, payload={})


def answered_issue(fake: FakeJira, issue_id: str = "10040", answer: str = "FAQ: Via *Overdragen* in het menu.",
                   **fields) -> IssueSnapshot:
    """An issue IT answered with a marker comment and resolved."""
    fake.put(issue(issue_id, **fields))
    fake.comment(issue_id, answer)
    return fake.resolve(issue_id)


def seed_entry(runtime: Runtime, issue_id: str, summary: str, answer_wiki: str = "Zo doe je dat.",
               team: str = "burgerzaken", theme: str = "zaaktypen-en-processen", phase: str = "livegang",
               published: bool = True, minutes: int = 0) -> FaqEntry:
    """A stored entry as refresh would write it (answer converted the same way)."""
    from faq.entries import bump_version
    from faq.markup import markdown_to_html, wiki_to_markdown

    markdown = wiki_to_markdown(answer_wiki)
    moment = T0 + timedelta(minutes=minutes)
    with runtime.db.transaction() as session:
        entry = FaqEntry(jira_issue_id=issue_id, jira_key=f"ZAAK-{issue_id}", summary=summary,
                         answer_markdown=markdown, answer_html=markdown_to_html(markdown), team=team,
                         theme=theme, phase=phase, published=published, first_published_at=moment,
                         updated_at=moment)
        session.add(entry)
        bump_version(session)
    return entry
