"""Privacy retention: ambassadors' names and e-mail addresses are erased after the retention period.

The period counts from the moment the question was closed (answered or closed without FAQ), as
the product promises ambassadors; open questions keep their contact details so IT can follow up.
Webhook delivery records are pruned too: they only serve to recognise repeats, which Jira sends
within hours, and would otherwise grow without end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update

from store.db import Database
from store.models import Question, WebhookDelivery
from store.types import utcnow

DELIVERY_RECORDS_KEPT_DAYS = 30


@dataclass(frozen=True)
class PurgeReport:
    questions_erased: int
    deliveries_pruned: int
    closed_before: datetime


def _due_for_erasure(closed_before: datetime):
    return (Question.closed_at < closed_before, Question.personal_data_erased_at.is_(None))


def purge_personal_data(db: Database, retention_days: int, dry_run: bool = False,
                        now: datetime | None = None) -> PurgeReport:
    """Erase names and e-mail addresses of questions closed more than `retention_days` ago."""
    now = now or utcnow()
    closed_before = now - timedelta(days=retention_days)
    deliveries_before = now - timedelta(days=DELIVERY_RECORDS_KEPT_DAYS)
    with db.transaction() as session:
        if dry_run:
            erased = session.scalar(select(func.count()).where(*_due_for_erasure(closed_before)))
            pruned = session.scalar(select(func.count()).where(WebhookDelivery.received_at < deliveries_before))
        else:
            erased = session.execute(
                update(Question).where(*_due_for_erasure(closed_before))
                .values(ambassador_name=None, ambassador_email=None, personal_data_erased_at=now),
                execution_options={"synchronize_session": False}).rowcount
            pruned = session.execute(
                delete(WebhookDelivery).where(WebhookDelivery.received_at < deliveries_before),
                execution_options={"synchronize_session": False}).rowcount
    return PurgeReport(questions_erased=erased or 0, deliveries_pruned=pruned or 0, closed_before=closed_before)
