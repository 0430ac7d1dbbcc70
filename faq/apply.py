"""One issue's current state → its FAQ entry and question, in one transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from connector.snapshot import IssueSnapshot
from faq.entries import bump_version
from faq.publication import Current, Decision, EntryAction, EntryContent, Placement, decide, placement_from_labels
from store.models import FaqEntry, JobKind, JobState, OutboxJob, Question, QuestionStatus
from store.types import utcnow
from voelspriet.log import event
from voelspriet.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Applied:
    faq_changed: bool = False
    action: str = EntryAction.NONE
    question_status: str | None = None  # new status, when it moved
    ignored: str | None = None  # why nothing was looked at


def is_voelspriet_issue(session: Session, issue_id: str) -> bool:
    """Voelspriet made this issue, or once published it."""
    return bool(
        session.scalar(select(Question.id).where(Question.jira_id == issue_id).limit(1))
        or session.scalar(select(FaqEntry.id).where(FaqEntry.jira_issue_id == issue_id).limit(1))
    )


def apply_snapshot(runtime: Runtime, issue_id: str, snapshot: IssueSnapshot | None) -> Applied:
    """Recompute the entry and question of `issue_id` from `snapshot` (None: the issue is deleted)."""
    with runtime.db.transaction() as session:
        question = session.scalars(select(Question).where(Question.jira_id == issue_id).limit(1)).first()
        entry = session.scalars(select(FaqEntry).where(FaqEntry.jira_issue_id == issue_id)).first()
        ignored = _reason_to_ignore(runtime, snapshot, question, entry)
        if ignored:
            event(log, "faq_refresh_ignored", jira_issue_id=issue_id, reason=ignored)
            return Applied(ignored=ignored)
        placement = _placement(runtime, question, snapshot)
        decision = decide(snapshot, _current(question, entry), placement, runtime.mappings)
        _apply_entry(session, decision, entry, issue_id, question, snapshot)
        _apply_question(session, decision, question, snapshot)
        changed = decision.action != EntryAction.NONE
        if changed:
            bump_version(session)
        event(log, "faq_refreshed", jira_issue_id=issue_id, jira_key=snapshot.key if snapshot else None,
              question_id=question.id if question else None, action=str(decision.action),
              question_status=decision.question_status)
        return Applied(changed, decision.action, decision.question_status)


def _reason_to_ignore(runtime: Runtime, snapshot: IssueSnapshot | None, question: Question | None,
                      entry: FaqEntry | None) -> str | None:
    labelled = snapshot is not None and runtime.mappings.labels.base in snapshot.labels
    if question is None and entry is None and not labelled:
        return "not_voelspriet"
    if snapshot is not None:
        updated = _aware(snapshot.updated)
        for stored in (question, entry):
            seen = stored.jira_updated_at if stored is not None else None
            if seen is not None and updated < seen:
                return "older_than_applied"  # a slower reader got an older state; the newer one stands
    return None


def _placement(runtime: Runtime, question: Question | None, snapshot: IssueSnapshot | None) -> Placement:
    if question is not None:
        return Placement(question.team, question.theme, question.phase)
    if snapshot is not None:
        return placement_from_labels(snapshot, runtime.mappings)
    return Placement("", "", "")


def _current(question: Question | None, entry: FaqEntry | None) -> Current:
    content = None
    if entry is not None:
        content = EntryContent(entry.jira_key, entry.summary, entry.answer_markdown, entry.answer_html,
                               Placement(entry.team, entry.theme, entry.phase))
    return Current(content, bool(entry and entry.published), question.status if question else None)


def _apply_entry(session: Session, decision: Decision, entry: FaqEntry | None, issue_id: str,
                 question: Question | None, snapshot: IssueSnapshot | None) -> None:
    when = _aware(snapshot.updated) if snapshot is not None else utcnow()
    if decision.action == EntryAction.REMOVE and entry is not None:
        session.delete(entry)
        return
    if decision.action == EntryAction.WITHDRAW and entry is not None:
        entry.published, entry.withdrawn_at = False, utcnow()
    if decision.action in (EntryAction.PUBLISH, EntryAction.UPDATE) and decision.content is not None:
        if entry is None:
            entry = FaqEntry(jira_issue_id=issue_id, first_published_at=when)
            session.add(entry)
        _write_content(entry, decision.content)
        entry.published, entry.withdrawn_at, entry.updated_at = True, None, when
    if entry is not None:
        entry.question_id = question.id if question is not None else entry.question_id
        entry.jira_updated_at = when if snapshot is not None else entry.jira_updated_at


def _write_content(entry: FaqEntry, content: EntryContent) -> None:
    entry.jira_key, entry.summary = content.jira_key, content.summary
    entry.answer_markdown, entry.answer_html = content.answer_markdown, content.answer_html
    entry.team, entry.theme, entry.phase = content.placement.team, content.placement.theme, content.placement.phase


def _apply_question(session: Session, decision: Decision, question: Question | None,
                    snapshot: IssueSnapshot | None) -> None:
    """Move the question's status and answer; queue the ambassador's e-mail when it is newly answered."""
    if question is None:
        return
    if snapshot is not None:
        question.jira_key = snapshot.key  # keys change when an issue moves project
        question.jira_updated_at = _aware(snapshot.updated)
        if decision.answer is not None:
            question.answer_markdown, question.answer_html = decision.answer.markdown, decision.answer.html
        elif not snapshot.is_resolved:
            question.answer_markdown = question.answer_html = None
    else:
        # A deletion has no Jira time: mark it later than anything seen, so a state read before it
        # (a slower refresh, a lagging search) counts as older and cannot bring the entry back.
        seen = question.jira_updated_at
        question.jira_updated_at = max(utcnow(), _aware(seen) + timedelta(milliseconds=1)) if seen else utcnow()
    status = decision.question_status
    if status is None:
        return
    resolved = _aware(snapshot.resolved_at) if snapshot is not None and snapshot.resolved_at else utcnow()
    question.status = status
    if status == QuestionStatus.SYNCED:
        question.closed_at = None
        return
    question.closed_at = resolved  # retention counts from here, answered or not
    if status == QuestionStatus.ANSWERED:
        question.answered_at = question.answered_at or resolved
        _queue_notification(session, question)


def _queue_notification(session: Session, question: Question) -> None:
    if question.answer_notified_at is not None:
        return
    pending = session.scalar(select(OutboxJob.id).where(
        OutboxJob.kind == JobKind.NOTIFY_AMBASSADOR, OutboxJob.question_id == question.id,
        OutboxJob.state == JobState.PENDING).limit(1))
    if pending is None:
        session.add(OutboxJob(kind=JobKind.NOTIFY_AMBASSADOR, question_id=question.id, subject=question.id))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
