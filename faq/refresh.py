"""Outbox handler for REFRESH_ISSUE jobs: re-read each issue from Jira, recompute its entry.

Called by the worker outside its claim transaction with detached job rows; returns, per job id,
None (done), a JiraRetryable (try again later) or another exception (failed, kept for
`voelspriet outbox retry`).
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import OperationalError

from connector.errors import JiraError, JiraRetryable
from faq.apply import Applied, apply_snapshot
from faq.errors import TryAgainLater
from faq.export import write_faq_files_if_stale
from store.models import OutboxJob
from voelspriet.log import event
from voelspriet.runtime import Runtime

log = logging.getLogger(__name__)


def refresh_issues(runtime: Runtime, jobs: list[OutboxJob]) -> dict[int, BaseException | None]:
    results: dict[int, BaseException | None] = {}
    by_issue: dict[str, list[int]] = {}
    for job in jobs:
        if job.subject:
            by_issue.setdefault(job.subject, []).append(job.id)
        else:
            results[job.id] = ValueError("refresh job without a Jira issue id; it cannot be processed")
    for issue_id, job_ids in by_issue.items():  # several jobs for one issue: one read serves all
        outcome = _outcome(runtime, issue_id)
        results.update(dict.fromkeys(job_ids, outcome))
    files_error = write_files(runtime)
    if files_error is not None:
        # The entries are stored; a retry finds the folder older than the database and rewrites it.
        results.update({job_id: files_error for job_id, outcome in results.items() if outcome is None})
    return results


def refresh_issue(runtime: Runtime, issue_id: str) -> Applied:
    """Re-read the issue and apply it. Raises JiraError, or TryAgainLater when the database is busy."""
    snapshot = runtime.jira.get_issue_snapshot(issue_id)
    try:
        return apply_snapshot(runtime, issue_id, snapshot)
    except OperationalError as exc:  # database busy or briefly unreachable
        raise TryAgainLater(f"the database was not available ({type(exc.orig).__name__}); trying again") from exc


def _outcome(runtime: Runtime, issue_id: str) -> BaseException | None:
    try:
        refresh_issue(runtime, issue_id)
    except JiraError as exc:  # includes TryAgainLater
        event(log, "faq_refresh_retry" if isinstance(exc, JiraRetryable) else "faq_refresh_jira_refused",
              logging.WARNING, jira_issue_id=issue_id, error=str(exc), status=exc.status)
        return exc
    except Exception as exc:  # a bug: fail this job visibly, keep the others going
        event(log, "faq_refresh_failed", logging.ERROR, jira_issue_id=issue_id, error_type=type(exc).__name__)
        return exc
    return None


def write_files(runtime: Runtime) -> BaseException | None:
    """Bring the FAQ folder up to date; the error (to retry later) when the folder cannot be written."""
    try:
        write_faq_files_if_stale(runtime)
    except OSError as exc:
        event(log, "faq_files_failed", logging.ERROR, folder=str(runtime.settings.faq_dir),
              error=exc.strerror or type(exc).__name__)
        return TryAgainLater(f"cannot write the FAQ files to {runtime.settings.faq_dir}: "
                             f"{exc.strerror or exc}; check that the folder exists and is writable",
                             retry_after=60)
    return None
