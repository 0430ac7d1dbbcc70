"""Outbox handler for NOTIFY_AMBASSADOR jobs: tell the ambassador their question was answered.

A no-op (jobs done) when no mail server is configured. Sent only while the question is still
answered and not yet notified, so a reopen before sending sends nothing and a repeat sends once.
In the ambassador's language, with the answer and their tracking link.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from html import escape

from sqlalchemy import select

from faq import mail
from faq.errors import TryAgainLater
from faq.texts import texts
from store.models import FaqEntry, OutboxJob, Question, QuestionStatus
from store.types import utcnow
from voelspriet.config import ConfigError
from voelspriet.log import event
from voelspriet.runtime import Runtime

log = logging.getLogger(__name__)
_PERMANENT = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPAuthenticationError)


def notify_ambassadors(runtime: Runtime, jobs: list[OutboxJob]) -> dict[int, BaseException | None]:
    settings = runtime.settings
    if not settings.smtp_url or not settings.mail_from:
        event(log, "notify_skipped", reason="VOELSPRIET_SMTP_URL or VOELSPRIET_MAIL_FROM not set", jobs=len(jobs))
        return {job.id: None for job in jobs}
    try:
        server = mail.parse_smtp_url(settings.smtp_url)
    except ConfigError as exc:
        return {job.id: exc for job in jobs}
    return {job.id: _notify(runtime, server, job) for job in jobs}


def _notify(runtime: Runtime, server: mail.SmtpServer, job: OutboxJob) -> BaseException | None:
    message = _message_for(runtime, job.question_id)
    if message is None:
        return None
    try:
        mail.send(server, message)
    except _PERMANENT as exc:
        event(log, "notify_refused", logging.WARNING, question_id=job.question_id, error_type=type(exc).__name__)
        return exc
    except (smtplib.SMTPException, OSError) as exc:
        event(log, "notify_mail_server_unavailable", logging.WARNING, question_id=job.question_id,
              error_type=type(exc).__name__)
        return TryAgainLater(f"the mail server {server.host}:{server.port} did not take the message "
                             f"({type(exc).__name__}); trying again later", retry_after=120)
    with runtime.db.transaction() as session:
        question = session.get(Question, job.question_id)
        if question is not None:
            question.answer_notified_at = utcnow()
    event(log, "notify_sent", question_id=job.question_id)
    return None


def _message_for(runtime: Runtime, question_id: str | None) -> EmailMessage | None:
    """The e-mail to send, or None when there is nothing (left) to tell."""
    with runtime.db.sessions() as session:
        question = session.get(Question, question_id) if question_id else None
        reason = _reason_not_to_send(question)
        if reason:
            event(log, "notify_skipped", question_id=question_id, reason=reason)
            return None
        assert question is not None
        summary = session.scalar(select(FaqEntry.summary).where(FaqEntry.jira_issue_id == question.jira_id))
        return compose(runtime, question, summary or question.question or question.jira_key or "")


def _reason_not_to_send(question: Question | None) -> str | None:
    if question is None:
        return "question_gone"
    if question.status != QuestionStatus.ANSWERED or not question.answer_markdown:
        return "no_longer_answered"
    if question.answer_notified_at is not None:
        return "already_notified"
    if not question.ambassador_email:
        return "no_email_address"
    return None


def compose(runtime: Runtime, question: Question, summary: str) -> EmailMessage:
    settings = runtime.settings
    t = texts(question.language)
    organisation = runtime.mappings.organisation
    greeting = t["mail_greeting"].format(name=question.ambassador_name) if question.ambassador_name \
        else t["mail_greeting_anonymous"]
    link = f"{settings.public_url}/q/{question.tracking_token}" if settings.public_url else None
    message = EmailMessage()
    message["Subject"] = t["mail_subject"].format(summary=" ".join(summary.split())[:150])
    message["From"] = settings.mail_from
    message["To"] = formataddr((question.ambassador_name or "", question.ambassador_email or ""))
    message["Message-ID"] = make_msgid(domain=(settings.mail_from or "").rpartition("@")[2] or None)
    lines = [greeting, "", t["mail_intro"], "", f"{t['mail_question']}: {summary}", "",
             f"{t['mail_answer']}:", question.answer_markdown or "", ""]
    if link:
        lines += [f"{t['mail_tracking']}: {link}", ""]
    lines.append(t["mail_footer"].format(organisation=organisation))
    message.set_content("\n".join(lines))
    message.add_alternative(_html(t, greeting, summary, question.answer_html or "", link, organisation),
                            subtype="html")
    return message


def _html(t: dict[str, str], greeting: str, summary: str, answer_html: str, link: str | None,
          organisation: str) -> str:
    tracking = f'<p><a href="{escape(link)}">{escape(t["mail_tracking"])}</a></p>' if link else ""
    return (f"<!doctype html><html><body><p>{escape(greeting)}</p><p>{escape(t['mail_intro'])}</p>"
            f"<p><strong>{escape(t['mail_question'])}:</strong> {escape(summary)}</p>"
            f"<div>{answer_html}</div>{tracking}"
            f"<p><small>{escape(t['mail_footer'].format(organisation=organisation))}</small></p></body></html>")
