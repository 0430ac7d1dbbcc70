"""Prometheus metrics read from the database at scrape time.

Counting in the database (not in process memory) keeps the numbers right however many
gunicorn processes or instances serve the app.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from store.db import Database
from store.models import FaqEntry, JobState, OutboxJob, Question
from store.types import utcnow


class StoreCollector(Collector):
    def __init__(self, db: Database) -> None:
        self.db = db

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with self.db.sessions() as session:
            questions = session.execute(select(Question.status, func.count()).group_by(Question.status)).all()
            jobs = session.execute(
                select(OutboxJob.kind, OutboxJob.state, func.count()).group_by(OutboxJob.kind, OutboxJob.state)
            ).all()
            oldest = session.scalar(select(func.min(OutboxJob.created_at)).where(OutboxJob.state == JobState.PENDING))
            faq = session.scalar(select(func.count()).where(FaqEntry.published.is_(True)))
        q = GaugeMetricFamily("voelspriet_questions", "Questions by status", labels=["status"])
        for status, count in questions:
            q.add_metric([status], count)
        yield q
        j = GaugeMetricFamily("voelspriet_outbox_jobs", "Outbox jobs by kind and state", labels=["kind", "state"])
        for kind, state, count in jobs:
            j.add_metric([kind, state], count)
        yield j
        age = (utcnow() - oldest).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily(
            "voelspriet_outbox_oldest_pending_seconds", "Age of the oldest job still waiting for delivery", value=age
        )
        yield GaugeMetricFamily("voelspriet_faq_entries", "Published FAQ entries", value=faq or 0)
