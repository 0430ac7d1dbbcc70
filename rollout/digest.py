"""The ambassadors' meeting digest: per team, what came in, what was answered and what is still open.

For an internal meeting, so it may quote the question; it never shows a name or an e-mail address
(an address typed into the question itself is masked too). IT's Jira summary wins over the
ambassador's words when the issue has an FAQ entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import or_, select

from mappings import Mappings
from mappings.model import MUNICIPAL_ZONE
from rollout.dashboard import BLOCKING, OPEN_STATUSES
from store.db import Database
from store.models import FaqEntry, Question, QuestionStatus
from store.types import utcnow

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_MASK = "[e-mail]"


@dataclass(frozen=True)
class DigestItem:
    text: str
    jira_key: str | None
    jira_issue_id: str | None
    created_at: datetime
    answered_at: datetime | None
    blocker: bool
    age_days: int
    in_faq: bool  # published: the FAQ page has an anchor for it

    @property
    def faq_anchor(self) -> str | None:
        return f"faq-{self.jira_issue_id}" if self.in_faq and self.jira_issue_id else None


@dataclass
class TeamDigest:
    slug: str
    name: str
    came_in: list[DigestItem] = field(default_factory=list)
    answered: list[DigestItem] = field(default_factory=list)
    still_open: list[DigestItem] = field(default_factory=list)

    @property
    def quiet(self) -> bool:
        return not (self.came_in or self.answered or self.still_open)


@dataclass(frozen=True)
class Digest:
    since: date
    made_at: datetime
    organisation: str
    teams: list[TeamDigest]


def mask_emails(text: str) -> str:
    return _EMAIL.sub(EMAIL_MASK, text)


def build_digest(db: Database, mappings: Mappings, since: date, lang: str = "nl",
                 now: datetime | None = None) -> Digest:
    """One query: every question that came in or was answered since `since`, or is still open."""
    now = now or utcnow()
    start = datetime.combine(since, time(), MUNICIPAL_ZONE)
    teams = {t.slug: TeamDigest(t.slug, t.name(lang)) for t in mappings.teams}
    query = (select(Question.team, Question.question, Question.status, Question.urgency, Question.jira_key,
                    Question.jira_id, Question.created_at, Question.answered_at, FaqEntry.summary,
                    FaqEntry.published)
             .outerjoin(FaqEntry, FaqEntry.question_id == Question.id)
             .where(or_(Question.created_at >= start, Question.answered_at >= start,
                        Question.status.in_(OPEN_STATUSES)))
             .order_by(Question.created_at))
    with db.engine.connect() as connection:
        rows = connection.execute(query).all()
    for row in rows:
        team = teams.get(row.team) or teams.setdefault(row.team, TeamDigest(row.team, row.team))
        item = _item(row, now)
        if row.created_at >= start:
            team.came_in.append(item)
        if row.status == QuestionStatus.ANSWERED and row.answered_at and row.answered_at >= start:
            team.answered.append(item)
        if row.status in OPEN_STATUSES:
            team.still_open.append(item)
    for team in teams.values():  # the blocker waiting longest first
        team.still_open.sort(key=lambda i: (not i.blocker, i.created_at))
    return Digest(since, now, mappings.organisation, list(teams.values()))


def _item(row, now: datetime) -> DigestItem:
    text = mask_emails(row.summary or row.question or "") or "–"
    return DigestItem(text=text, jira_key=row.jira_key, jira_issue_id=row.jira_id, created_at=row.created_at,
                      answered_at=row.answered_at, blocker=row.urgency == BLOCKING,
                      age_days=(now - row.created_at).days, in_faq=bool(row.published))
