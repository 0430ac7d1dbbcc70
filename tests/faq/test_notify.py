"""NOTIFY_AMBASSADOR: the e-mail that tells an ambassador their question was answered."""

from __future__ import annotations

import logging

import pytest

from connector.errors import JiraRetryable
from faq.mail import SmtpServer, parse_smtp_url
from faq.notify import notify_ambassadors
from faq.refresh import refresh_issues
from store.models import JobKind
from tests.faq.fakes import (
    AMBASSADOR_EMAIL,
    AMBASSADOR_NAME,
    answered_issue,
    jobs,
    question_row,
    refresh_job,
    seed_question,
    with_fake_jira,
)
from tests.faq.smtp_server import free_port, smtp_server
from voelspriet.config import ConfigError
from voelspriet.runtime import Runtime


def _answered(runtime: Runtime, language: str = "nl"):
    fake = with_fake_jira(runtime)
    question = seed_question(runtime, language=language)
    answered_issue(fake, answer="FAQ: Kies *Overdragen* in het menu [Zaak|https://intranet.example/zaak].")
    refresh_issues(runtime, [refresh_job("10040")])
    [job] = jobs(runtime, JobKind.NOTIFY_AMBASSADOR)
    return fake, question, job


def _with_mail(runtime: Runtime, port: int, url: str | None = None) -> None:
    runtime.settings = runtime.settings.with_overrides(
        smtp_url=url or f"smtp://127.0.0.1:{port}", mail_from="voelspriet@wijkerveen.example")


def test_answered_question_mails_the_ambassador_in_dutch(runtime: Runtime, caplog) -> None:
    _fake, question, job = _answered(runtime)
    caplog.set_level(logging.DEBUG)
    with smtp_server() as (port, inbox):
        _with_mail(runtime, port)
        assert notify_ambassadors(runtime, [job]) == {job.id: None}
    [message] = inbox.messages
    assert inbox.recipients == [[AMBASSADOR_EMAIL]]
    assert message["Subject"] == "Je vraag is beantwoord: Hoe draag ik een zaak over?"
    assert message["From"] == "voelspriet@wijkerveen.example"
    text = message.get_body(("plain",)).get_content()
    assert f"Hallo {AMBASSADOR_NAME}," in text
    assert "Kies **Overdragen** in het menu" in text
    assert f"https://voelspriet.example.test/q/{question.tracking_token}" in text
    html = message.get_body(("html",)).get_content()
    assert "<strong>Overdragen</strong>" in html and 'href="https://intranet.example/zaak"' in html
    assert question_row(runtime, question.id).answer_notified_at is not None
    ours = [r for r in caplog.records if not r.name.startswith("mail.")]  # not the test server's own log
    logged = "\n".join(r.getMessage() + repr(vars(r)) for r in ours)
    assert AMBASSADOR_EMAIL not in logged and AMBASSADOR_NAME not in logged


def test_english_for_an_english_question(runtime: Runtime) -> None:
    _fake, _question, job = _answered(runtime, language="en")
    with smtp_server() as (port, inbox):
        _with_mail(runtime, port)
        notify_ambassadors(runtime, [job])
    [message] = inbox.messages
    assert message["Subject"].startswith("Your question has been answered: ")
    assert "IT has answered your question" in message.get_body(("plain",)).get_content()


def test_a_repeated_job_sends_once(runtime: Runtime) -> None:
    _fake, _question, job = _answered(runtime)
    with smtp_server() as (port, inbox):
        _with_mail(runtime, port)
        notify_ambassadors(runtime, [job])
        notify_ambassadors(runtime, [job])
    assert len(inbox.messages) == 1


def test_reopened_before_sending_sends_nothing(runtime: Runtime) -> None:
    fake, _question, job = _answered(runtime)
    fake.reopen("10040")
    refresh_issues(runtime, [refresh_job("10040")])
    with smtp_server() as (port, inbox):
        _with_mail(runtime, port)
        assert notify_ambassadors(runtime, [job]) == {job.id: None}
    assert inbox.messages == []


def test_erased_address_sends_nothing(runtime: Runtime) -> None:
    fake = with_fake_jira(runtime)
    seed_question(runtime, ambassador_email=None, ambassador_name=None)
    answered_issue(fake)
    refresh_issues(runtime, [refresh_job("10040")])
    [job] = jobs(runtime, JobKind.NOTIFY_AMBASSADOR)
    with smtp_server() as (port, inbox):
        _with_mail(runtime, port)
        assert notify_ambassadors(runtime, [job]) == {job.id: None}
    assert inbox.messages == []


def test_without_mail_configuration_the_job_is_done_quietly(runtime: Runtime) -> None:
    _fake, question, job = _answered(runtime)
    assert runtime.settings.smtp_url is None
    assert notify_ambassadors(runtime, [job]) == {job.id: None}
    assert question_row(runtime, question.id).answer_notified_at is None


def test_mail_server_down_is_retried_later(runtime: Runtime) -> None:
    _fake, question, job = _answered(runtime)
    _with_mail(runtime, free_port())  # nothing listens there
    [error] = notify_ambassadors(runtime, [job]).values()
    assert isinstance(error, JiraRetryable) and "did not take the message" in str(error)
    assert question_row(runtime, question.id).answer_notified_at is None


def test_refused_recipient_fails_permanently(runtime: Runtime) -> None:
    _fake, _question, job = _answered(runtime)
    with smtp_server() as (port, inbox):
        inbox.refuse.add(AMBASSADOR_EMAIL)
        _with_mail(runtime, port)
        [error] = notify_ambassadors(runtime, [job]).values()
    assert error is not None and not isinstance(error, JiraRetryable)


def test_login_with_user_and_password_from_the_url(runtime: Runtime) -> None:
    _fake, _question, job = _answered(runtime)
    with smtp_server() as (port, inbox):
        _with_mail(runtime, port, f"smtp://mailer%40wijkerveen:geheim@127.0.0.1:{port}")
        assert notify_ambassadors(runtime, [job]) == {job.id: None}
    assert inbox.logins == [("mailer@wijkerveen", "geheim")]


def test_bad_smtp_url_fails_the_jobs_with_a_clear_message(runtime: Runtime) -> None:
    _fake, _question, job = _answered(runtime)
    runtime.settings = runtime.settings.with_overrides(smtp_url="mail.example:25", mail_from="a@b.example")
    [error] = notify_ambassadors(runtime, [job]).values()
    assert isinstance(error, ConfigError) and "VOELSPRIET_SMTP_URL" in str(error)


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp://relay.example", SmtpServer("relay.example", 25, "plain")),
    ("smtp://relay.example:2525", SmtpServer("relay.example", 2525, "plain")),
    ("smtp://u:p%40ss@mail.example:587?starttls=1", SmtpServer("mail.example", 587, "starttls", "u", "p@ss")),
    ("smtp://u:p@mail.example?starttls=true", SmtpServer("mail.example", 587, "starttls", "u", "p")),
    ("smtps://u:p@mail.example", SmtpServer("mail.example", 465, "tls", "u", "p")),
])
def test_smtp_url_forms(url: str, expected: SmtpServer) -> None:
    assert parse_smtp_url(url) == expected


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "smtp://mail.example:port"])
def test_unusable_smtp_urls_are_refused(url: str) -> None:
    with pytest.raises(ConfigError, match="VOELSPRIET_SMTP_URL"):
        parse_smtp_url(url)


def test_password_is_not_in_the_repr() -> None:
    assert "geheim" not in repr(parse_smtp_url("smtp://u:geheim@mail.example"))
