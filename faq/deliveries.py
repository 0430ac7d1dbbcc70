"""Recording a Jira webhook delivery and queueing the refresh of its issue, in one transaction.

A delivery seen before (same identifier) does nothing. A refresh already waiting for the same
issue absorbs the new one, because the refresh reads the issue's state when it runs; a refresh
already running may have read too early, so then a new one is queued.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from faq.apply import is_voelspriet_issue
from faq.jira_events import SUPPORTED_EVENTS, JiraEvent
from store.models import JobKind, JobState, OutboxJob, WebhookDelivery
from store.types import utcnow
from voelspriet.runtime import Runtime

QUEUED, IGNORED, DUPLICATE = "queued", "ignored", "duplicate"


@dataclass(frozen=True)
class DeliveryOutcome:
    status: str  # queued | ignored | duplicate
    reason: str | None = None


def record_delivery(runtime: Runtime, identifier: str, jira_event: JiraEvent) -> DeliveryOutcome:
    try:
        with runtime.db.transaction() as session:
            if session.scalar(select(WebhookDelivery.id).where(WebhookDelivery.identifier == identifier)):
                return DeliveryOutcome(DUPLICATE)
            reason = _reason_to_ignore(runtime, session, jira_event)
            session.add(WebhookDelivery(identifier=identifier, event=jira_event.name[:64],
                                        jira_issue_id=jira_event.issue_id,
                                        outcome=f"ignored:{reason}" if reason else QUEUED))
            if reason:
                return DeliveryOutcome(IGNORED, reason)
            assert jira_event.issue_id is not None
            _queue_refresh(session, jira_event.issue_id)
            return DeliveryOutcome(QUEUED)
    except IntegrityError:  # the same delivery, arriving in parallel, won the insert
        return DeliveryOutcome(DUPLICATE)


def _reason_to_ignore(runtime: Runtime, session, jira_event: JiraEvent) -> str | None:
    if jira_event.issue_id is None:
        return "event_not_needed" if jira_event.name not in SUPPORTED_EVENTS else "no_issue_id"
    if runtime.mappings.labels.base in jira_event.labels:
        return None
    return None if is_voelspriet_issue(session, jira_event.issue_id) else "not_voelspriet"


def _queue_refresh(session, issue_id: str) -> None:
    waiting = session.scalar(select(OutboxJob.id).where(
        OutboxJob.kind == JobKind.REFRESH_ISSUE, OutboxJob.subject == issue_id,
        OutboxJob.state == JobState.PENDING,
        or_(OutboxJob.claimed_until.is_(None), OutboxJob.claimed_until <= utcnow()),
    ).limit(1))
    if waiting is None:
        session.add(OutboxJob(kind=JobKind.REFRESH_ISSUE, subject=issue_id))

