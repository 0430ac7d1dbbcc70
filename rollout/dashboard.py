"""The dashboard's figures, from Voelspriet's own store in a fixed handful of grouped queries.

Open means "in Voelspriet's hands or IT's" (received, synced); answered means published in the FAQ.
Questions Jira refused (failed) are the administrator's business (`voelspriet outbox`), not a count here.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from mappings import Mappings
from mappings.model import MUNICIPAL_ZONE
from store.db import Database
from store.models import Question, QuestionStatus
from store.types import utcnow

OPEN_STATUSES = (QuestionStatus.RECEIVED, QuestionStatus.SYNCED)
BLOCKING = "blokkerend"
WEEKS_BEFORE, WEEKS_AFTER = 3, 6  # the trend shows go-live week -3 … +6


@dataclass
class Figures:
    """What the dashboard shows for one team (or for all of them)."""

    open: int = 0
    answered: int = 0
    blockers: int = 0
    answer_times: list[timedelta] = field(default_factory=list)
    last_question: datetime | None = None

    @property
    def median_time_to_answer(self) -> timedelta | None:
        if not self.answer_times:
            return None
        return timedelta(seconds=statistics.median(t.total_seconds() for t in self.answer_times))


@dataclass(frozen=True)
class Week:
    offset: int  # weeks after the go-live week (0 = the week with the go-live day)
    start: date  # Monday
    questions: int

    @property
    def end(self) -> date:
        """The Monday after: the first day no longer in this week."""
        return self.start + timedelta(days=7)


@dataclass
class Dashboard:
    cells: dict[tuple[str, str], Figures]  # (team slug, theme slug)
    teams: dict[str, Figures]  # per team slug, in the mappings' order
    themes: dict[str, Figures]
    total: Figures
    weeks: list[Week]
    silent_teams: list[str]  # team slugs, in the mappings' order
    silent_since: datetime

    def cell(self, team: str, theme: str) -> Figures:
        return self.cells.get((team, theme)) or Figures()


def build_dashboard(db: Database, mappings: Mappings, now: datetime | None = None) -> Dashboard:
    now = now or utcnow()
    teams = {t.slug: Figures() for t in mappings.teams}
    themes = {t.slug: Figures() for t in mappings.themes}
    cells: dict[tuple[str, str], Figures] = {}
    total = Figures()
    with db.engine.connect() as connection:
        for team, theme, status, urgency, count in connection.execute(_COUNTS):
            for figures in (teams.get(team), themes.get(theme), cells.setdefault((team, theme), Figures()), total):
                if figures is not None:
                    _add(figures, status, urgency, count)
        for team, created_at, answered_at in connection.execute(_ANSWER_TIMES):
            for figures in (teams.get(team), total):
                if figures is not None:
                    figures.answer_times.append(answered_at - created_at)
        for team, last in connection.execute(_LAST_QUESTION):
            if team in teams:
                teams[team].last_question = last
        weeks = _weeks(connection, mappings.go_live)
    silent_since = now - timedelta(days=mappings.silent_days)
    silent = [slug for slug, f in teams.items() if f.last_question is None or f.last_question < silent_since]
    return Dashboard(cells, teams, themes, total, weeks, silent, silent_since)


_COUNTS = (select(Question.team, Question.theme, Question.status, Question.urgency, func.count())
           .group_by(Question.team, Question.theme, Question.status, Question.urgency))
_ANSWER_TIMES = (select(Question.team, Question.created_at, Question.answered_at)
                 .where(Question.status == QuestionStatus.ANSWERED, Question.answered_at.is_not(None)))
_LAST_QUESTION = select(Question.team, func.max(Question.created_at)).group_by(Question.team)


def _add(figures: Figures, status: str, urgency: str, count: int) -> None:
    if status in OPEN_STATUSES:
        figures.open += count
        if urgency == BLOCKING:
            figures.blockers += count
    elif status == QuestionStatus.ANSWERED:
        figures.answered += count


def _weeks(connection, go_live: date) -> list[Week]:
    """Questions per ISO week (Monday to Sunday, Amsterdam time) around the go-live week."""
    first = go_live - timedelta(days=go_live.weekday(), weeks=WEEKS_BEFORE)
    after_last = first + timedelta(weeks=WEEKS_BEFORE + WEEKS_AFTER + 1)
    window = (_local_midnight(first), _local_midnight(after_last))
    created = connection.execute(select(Question.created_at).where(
        Question.created_at >= window[0], Question.created_at < window[1])).scalars()
    per_week = Counter((moment.astimezone(MUNICIPAL_ZONE).date() - first).days // 7 for moment in created)
    return [Week(index - WEEKS_BEFORE, first + timedelta(weeks=index), per_week[index])
            for index in range(WEEKS_BEFORE + WEEKS_AFTER + 1)]


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), MUNICIPAL_ZONE)
