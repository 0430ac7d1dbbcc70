"""Catching up on missed webhooks: search Jira for Voelspriet issues updated since the last run.

Same processing as a webhook (apply the issue's current state), so running it twice, or over a
period webhooks also covered, changes nothing. The search starts a little before the last run
(OVERLAP): Jira's search index lags behind writes and JQL compares whole minutes.
A full run (no earlier run, no --since) also re-reads published entries the search did not
return, which finds issues deleted, or moved out of the project, while nobody listened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from faq.apply import Applied, apply_snapshot
from faq.entries import read_marker, write_marker
from faq.refresh import refresh_issue, write_files
from store.models import FaqEntry
from store.types import utcnow
from voelspriet.log import event
from voelspriet.runtime import Runtime

log = logging.getLogger(__name__)
MARKER = "last_reconcile"
OVERLAP = timedelta(minutes=5)


@dataclass
class ReconcileReport:
    since: datetime | None
    started_at: datetime
    issues_seen: int = 0
    entries_changed: int = 0
    questions_moved: int = 0
    failures: list[str] = field(default_factory=list)  # issue ids that could not be processed


def reconcile(runtime: Runtime, since: datetime | None = None) -> ReconcileReport:
    """Raises JiraError when the search fails (nothing is marked done then)."""
    started = utcnow()
    if since is None:
        last = last_reconcile(runtime)
        since = last - OVERLAP if last else None
    report = ReconcileReport(since, started)
    seen: set[str] = set()
    for snapshot in runtime.jira.search_updated_issues(since):
        seen.add(snapshot.id)
        report.issues_seen += 1
        _count(report, snapshot.id, lambda s=snapshot: apply_snapshot(runtime, s.id, s))
    if since is None:
        for issue_id in _published_not_seen(runtime, seen):
            _count(report, issue_id, lambda i=issue_id: refresh_issue(runtime, i))
    files_error = write_files(runtime)
    if files_error is not None:
        report.failures.append("faq-files")
    if not report.failures:  # otherwise the next run covers this period again
        with runtime.db.transaction() as session:
            write_marker(session, MARKER, started.isoformat())
    event(log, "faq_reconciled", since=since.isoformat() if since else None, issues_seen=report.issues_seen,
          entries_changed=report.entries_changed, failures=len(report.failures))
    return report


def reconcile_if_due(runtime: Runtime) -> ReconcileReport | None:
    """For the worker's periodic hooks: reconcile when the configured interval has passed."""
    last = last_reconcile(runtime)
    interval = timedelta(seconds=runtime.settings.reconcile_interval_seconds)
    if last is not None and utcnow() - last < interval:
        write_files(runtime)  # cheap when up to date; heals a folder that was not writable
        return None
    return reconcile(runtime)


def last_reconcile(runtime: Runtime) -> datetime | None:
    with runtime.db.sessions() as session:
        value = read_marker(session, MARKER)
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None  # unreadable marker: do a full run, which rewrites it


def _count(report: ReconcileReport, issue_id: str, work: Callable[[], Applied]) -> None:
    try:
        applied = work()
    except Exception as exc:  # one bad issue must not stop the others; the run is repeated
        event(log, "faq_reconcile_issue_failed", logging.WARNING, jira_issue_id=issue_id,
              error_type=type(exc).__name__)
        report.failures.append(issue_id)
        return
    if applied.faq_changed:
        report.entries_changed += 1
    if applied.question_status:
        report.questions_moved += 1


def _published_not_seen(runtime: Runtime, seen: set[str]) -> list[str]:
    with runtime.db.sessions() as session:
        ids = session.scalars(select(FaqEntry.jira_issue_id).where(FaqEntry.published.is_(True)))
        return [issue_id for issue_id in ids if issue_id not in seen]
