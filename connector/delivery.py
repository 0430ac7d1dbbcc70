"""CREATE_ISSUE jobs: waiting questions become Jira issues, each exactly once.

Jira has no idempotency key for creates, so exactly-once rests on three things:

1. The question row holds the Jira id and key from the moment they are known, written in the
   same transaction that marks the job done. A question with a Jira id is never created again.
2. Before a create is sent, the job records `create_sent_at` (committed first, and only while
   this worker still holds the job's claim). If the create then times out or the connection
   drops, Jira may have made the issue anyway.
3. Every issue's description ends with a marker line `Voelspriet-vraag: q_…`. A job with
   `create_sent_at` set first searches Voelspriet's recent issues
   (`project = P AND labels = voelspriet AND created >= -Nm`) and matches the marker exactly.
   Jira's search index lags behind its writes, so when nothing is found the job does not create
   again until `jira_settle_seconds` after the lost create have passed and a search still finds
   nothing. A definite "no" from Jira (a 4xx, a 429, an element error, a refused connection)
   clears `create_sent_at`, so a plain retry does not wait.

Why not something else: a label per question would work with JQL but every label lands in the
site-wide label autocomplete of every project; issue entity properties can be set on create but
JQL cannot search them without an app that indexes them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from connector.client import CreateResult
from connector.errors import JiraError, JiraOutcomeUnknown, JiraRetryable
from connector.issue_builder import build_issue
from store import outbox
from store.models import Attachment, OutboxJob, Question, QuestionStatus
from store.types import utcnow
from voelspriet.log import event
from voelspriet.runtime import Runtime

log = logging.getLogger(__name__)


class ClaimLost(JiraRetryable):
    """The job is someone else's now (this worker stalled past its lease); its new holder delivers it."""


@dataclass
class _Screenshot:
    id: int
    filename: str
    size: int
    uploaded: bool


@dataclass
class _OutgoingQuestion:
    """A question on its way to Jira: its claimed job, its screenshot and, once known, its issue."""

    job: OutboxJob
    question: Question
    screenshot: _Screenshot | None = None
    issue: tuple[str, str] | None = None  # (id, key) once known
    resumed: bool = False  # the issue existed before this attempt: a screenshot may be there already
    done: bool = False

    @property
    def needs_upload(self) -> bool:
        return self.screenshot is not None and not self.screenshot.uploaded


@dataclass
class _Delivery:
    runtime: Runtime
    jobs: list[OutboxJob]
    results: dict[int, BaseException | None] = field(default_factory=dict)

    def run(self) -> dict[int, BaseException | None]:
        items = self._load()
        suspects = [i for i in items if i.issue is None and i.job.create_sent_at is not None]
        fresh = [i for i in items if i.issue is None and i.job.create_sent_at is None]
        fresh += self._recover(suspects)
        self._create(fresh)
        for item in items:
            if item.issue is not None and item.job.id not in self.results:
                self._finish(item)
        return self.results

    # -- loading --------------------------------------------------------------------------------

    def _load(self) -> list[_OutgoingQuestion]:
        ids = [j.question_id for j in self.jobs if j.question_id]
        with self.runtime.db.transaction() as session:
            questions = {q.id: q for q in session.scalars(select(Question).where(Question.id.in_(ids)))}
            shots = {row.question_id: _Screenshot(row.id, row.filename, row.size or 0, row.uploaded_at is not None)
                     for row in session.execute(
                         select(Attachment.id, Attachment.question_id, Attachment.filename, Attachment.uploaded_at,
                                func.length(Attachment.data).label("size"))
                         .where(Attachment.question_id.in_(ids)))}
            session.expunge_all()
        items = []
        for job in self.jobs:
            question = questions.get(job.question_id or "")
            if question is None:  # erased meanwhile: nothing left to deliver
                event(log, "delivery_skipped", job_id=job.id, reason="question_gone")
                self.results[job.id] = None
                continue
            item = _OutgoingQuestion(job, question, shots.get(question.id))
            if question.jira_id:
                item.issue, item.resumed = (question.jira_id, question.jira_key or ""), True
            items.append(item)
        return items

    # -- an earlier create without an answer ----------------------------------------------------

    def _recover(self, suspects: list[_OutgoingQuestion]) -> list[_OutgoingQuestion]:
        """Find issues that lost creates made; return the items that may be created again now."""
        if not suspects:
            return []
        since = min(i.job.create_sent_at for i in suspects if i.job.create_sent_at)
        try:
            found = self.runtime.jira.find_created_issues([i.question.id for i in suspects], since)
        except JiraError as exc:
            self._same_result(suspects, exc)
            return []
        settle = self.runtime.settings.jira_settle_seconds
        again = []
        for item in suspects:
            if item.question.id in found:
                item.issue, item.resumed = found[item.question.id], True
                event(log, "issue_found_after_unknown_outcome", question_id=item.question.id,
                      jira_key=item.issue[1], job_id=item.job.id)
                continue
            waited = (utcnow() - item.job.create_sent_at).total_seconds() if item.job.create_sent_at else settle
            if waited >= settle:
                again.append(item)
            else:
                self.results[item.job.id] = JiraRetryable(
                    "waiting for Jira's search to catch up before creating the issue again",
                    retry_after=settle - waited)
        self._record(x for x in suspects if x.issue is not None)
        return again

    # -- creating ---------------------------------------------------------------------------------

    def _create(self, items: list[_OutgoingQuestion]) -> None:
        items = self._mark_create_sent(items)
        if not items:
            return
        settings = self.runtime.settings
        drafts = [build_issue(i.question, self.runtime.mappings, settings.public_url) for i in items]
        try:
            created = self.runtime.jira.create_issues(drafts)
        except JiraOutcomeUnknown as exc:
            self._same_result(items, _after_settling(exc, settings.jira_settle_seconds))
            return
        except JiraError as exc:
            outbox.clear_create_sent(self.runtime.db, [i.job for i in items])
            self._same_result(items, exc)
            return
        self._apply(items, created)

    def _mark_create_sent(self, items: list[_OutgoingQuestion]) -> list[_OutgoingQuestion]:
        """Record the coming create; returns the questions whose job this worker still holds."""
        if not items:
            return []
        sent_at = utcnow()
        held = outbox.mark_create_sent(self.runtime.db, [i.job for i in items], sent_at)
        for item in items:
            if item.job.id in held:
                item.job.create_sent_at = sent_at
            else:
                event(log, "delivery_claim_lost", logging.WARNING, question_id=item.question.id, job_id=item.job.id)
                self.results[item.job.id] = ClaimLost(
                    "this worker's claim on the job ran out and another worker took it over")
        return [i for i in items if i.job.id in held]

    def _apply(self, items: list[_OutgoingQuestion], created: list[CreateResult]) -> None:
        refused = []
        for item, result in zip(items, created, strict=True):
            if result.error is None and result.issue_id:
                item.issue = (result.issue_id, result.key or "")
            elif isinstance(result.error, JiraOutcomeUnknown):
                self.results[item.job.id] = _after_settling(result.error, self.runtime.settings.jira_settle_seconds)
            else:
                refused.append(item.job)
                self.results[item.job.id] = result.error
        outbox.clear_create_sent(self.runtime.db, refused)
        self._record([i for i in items if i.issue is not None])

    def _record(self, items: Iterable[_OutgoingQuestion]) -> None:
        """Keep the Jira id and key on the question; a job without a screenshot to send is done."""
        items = list(items)
        if not items:
            return
        now = utcnow()
        with self.runtime.db.transaction() as session:
            for item in items:
                question = session.get(Question, item.question.id)
                if question is None:
                    continue
                question.jira_id, question.jira_key = item.issue
                question.synced_at = question.synced_at or now
                question.last_error = None
                if question.status in (QuestionStatus.RECEIVED, QuestionStatus.FAILED):
                    question.status = QuestionStatus.SYNCED
                if not item.needs_upload:
                    outbox.mark_done(session, item.job, now)
                    item.done = True
        for item in items:
            if not item.resumed:
                event(log, "issue_created", question_id=item.question.id, jira_key=item.issue[1], job_id=item.job.id)

    # -- the screenshot, a second step that may be retried on its own ---------------------------------

    def _finish(self, item: _OutgoingQuestion) -> None:
        if item.needs_upload:
            try:
                self._upload(item)
            except JiraError as exc:
                self.results[item.job.id] = exc
                return
        if not item.done:
            with self.runtime.db.transaction() as session:
                if item.screenshot is not None:
                    shot = session.get(Attachment, item.screenshot.id)
                    if shot is not None and shot.uploaded_at is None:
                        # Jira keeps the file now; a screenshot may show personal data, so no second copy.
                        shot.uploaded_at, shot.data = utcnow(), b""
                outbox.mark_done(session, item.job)
        self.results[item.job.id] = None

    def _upload(self, item: _OutgoingQuestion) -> None:
        shot = item.screenshot
        assert shot is not None and item.issue is not None
        jira = self.runtime.jira
        issue_id, key = item.issue
        # After an attempt whose upload went unanswered the file may be in Jira already.
        if item.resumed and (shot.filename, shot.size) in set(jira.attachments_of(issue_id)):
            event(log, "attachment_already_in_jira", question_id=item.question.id, jira_key=key)
            return
        with self.runtime.db.transaction() as session:
            data = session.scalar(select(Attachment.data).where(Attachment.id == shot.id))
        if data:
            jira.add_attachment(issue_id, shot.filename, data)
            event(log, "attachment_uploaded", question_id=item.question.id, jira_key=key, size=len(data))

    def _same_result(self, items: list[_OutgoingQuestion], error: BaseException) -> None:
        for item in items:
            self.results[item.job.id] = error


def _after_settling(exc: JiraOutcomeUnknown, settle_seconds: float) -> JiraOutcomeUnknown:
    """The same error, asking to come back once Jira's search can be trusted to show the issue."""
    return JiraOutcomeUnknown(exc.summary, status=exc.status, retry_after=max(exc.retry_after or 0.0, settle_seconds),
                              error_keys=exc.error_keys, detail=exc.detail)


def deliver_questions(runtime: Runtime, jobs: list[OutboxJob]) -> dict[int, BaseException | None]:
    """The CREATE_ISSUE handler: bulk-create the questions of these claimed jobs (at most 50)."""
    return _Delivery(runtime, list(jobs)).run()
