"""The ambassador form at `/`: server-rendered, works without JavaScript, errors next to the fields."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge, TooManyRequests

from intake.schema import IdempotencyKeySchema, Intake, IntakeSchema, Upload, amsterdam_today, flatten_errors
from intake.screenshot import MAX_BYTES
from intake.service import IdempotencyConflict, Submitted, fingerprint_of, submit_question
from intake.status import question_by_token
from webhooks.error_pages import message_page
from webhooks.i18n import current_language
from webhooks.security import csrf
from webhooks.tracking import PRIVATE_HEADERS, not_found_page, personal_link

bp = Blueprint("form", __name__)

# Form fields in page order: the error summary lists problems in this order.
FIELDS = ("name", "email", "team", "theme", "question", "details", "urgency", "colleagues", "phase",
          "screenshot", "not_a_bsn")
TEXT_FIELDS = ("name", "email", "team", "theme", "question", "details", "urgency", "colleagues", "phase")
_SCHEMA_TO_FORM = {"ambassador.name": "name", "ambassador.email": "email", "ambassador": "name"}


def _runtime():
    return current_app.extensions["voelspriet"]


@bp.get("/")
def show():
    values = {"urgency": "normaal", "colleagues": "1", "submission_key": secrets.token_urlsafe(16)}
    return render_template("form.html", **_page(values, {}))


@bp.post("/")
def submit():
    values = {name: request.form.get(name, "") for name in TEXT_FIELDS}
    values["not_a_bsn"] = bool(request.form.get("not_a_bsn"))
    values["submission_key"] = request.form.get("submission_key", "") or secrets.token_urlsafe(16)
    try:
        csrf.protect()
    except CSRFError:
        notice = _("Your question was not sent: the form was open too long or your browser blocked its cookie. "
                   "Check your answers and send it again.")
        return render_template("form.html", **_page(values, {}, notice=notice)), 400
    upload = _upload()
    schema = IntakeSchema(_runtime().mappings, amsterdam_today(), channel="form")
    try:
        intake = schema.load(_schema_input(values, upload))
    except ValidationError as exc:
        errors = _form_errors(exc.messages)
        offer = schema.bsn_check.override_allowed
        page = _page(values, errors, offer_not_a_bsn=offer, screenshot_lost=bool(upload and upload.data))
        return render_template("form.html", **page), 422
    submitted = _store(intake, values)
    return redirect(url_for("form.thanks", token=submitted.tracking_token), code=303)


@bp.get("/thanks/<token>")
def thanks(token: str):
    if len(token) > 64 or question_by_token(_runtime().db, token) is None:
        return not_found_page()
    settings = _runtime().settings
    mail = bool(settings.smtp_url and settings.mail_from)  # what faq.notify needs to send anything
    return render_template("thanks.html", link=personal_link(token), mail=mail), 200, PRIVATE_HEADERS


def _store(intake: Intake, values: dict[str, Any]) -> Submitted:
    """Store once: a double click or a browser resend of the same page gives the same question."""
    key = values["submission_key"]
    key = None if IdempotencyKeySchema().validate({"key": key}) else key
    raw = {name: values[name] for name in TEXT_FIELDS} | {"not_a_bsn": values["not_a_bsn"]}
    fingerprint = fingerprint_of(raw | {"screenshot": intake.screenshot.sha256 if intake.screenshot else None})
    kwargs = {"source": "form", "language": current_language(), "fingerprint": fingerprint}
    try:
        return submit_question(_runtime(), intake, idempotency_key=key, **kwargs)
    except IdempotencyConflict:
        # The page was sent before and then changed (back button): that is a new question.
        return submit_question(_runtime(), intake, idempotency_key=None, **kwargs)


def _upload() -> Upload | None:
    file = request.files.get("screenshot")
    if file is None or not file.filename:
        return None
    return Upload(file.filename, file.stream.read(MAX_BYTES + 1))


def _schema_input(values: dict[str, Any], upload: Upload | None) -> dict[str, Any]:
    return {
        "ambassador": {"name": values["name"], "email": values["email"]},
        "team": values["team"], "theme": values["theme"], "question": values["question"],
        "details": values["details"], "colleagues": values["colleagues"], "phase": values["phase"] or None,
        "not_a_bsn": values["not_a_bsn"], "screenshot": upload,
        **({"urgency": values["urgency"]} if values["urgency"] else {}),
    }


def _form_errors(messages: Any) -> dict[str, str]:
    """The first problem per form field, in page order."""
    flat = flatten_errors(messages)
    found = {_SCHEMA_TO_FORM.get(key, key): texts[0] for key, texts in reversed(flat.items())}
    return {name: found[name] for name in FIELDS if name in found}


def _page(values: dict[str, Any], errors: dict[str, str], *, notice: str | None = None,
          offer_not_a_bsn: bool = False, screenshot_lost: bool = False) -> dict[str, Any]:
    runtime = _runtime()
    mappings, lang = runtime.mappings, current_language()
    derived = mappings.phase_on(amsterdam_today())
    return {
        "values": values, "errors": errors, "notice": notice,
        "offer_not_a_bsn": offer_not_a_bsn,
        "screenshot_lost": screenshot_lost and "screenshot" not in errors,
        "teams": [(t.slug, t.name(lang)) for t in mappings.teams],
        "themes": [(t.slug, t.name(lang)) for t in mappings.themes],
        "phases": [(p.slug, p.name(lang)) for p in mappings.phases],
        "derived_phase": derived.name(lang), "go_live": format_date(mappings.go_live, "long"),
        "retention_days": mappings.retention_days,
    }


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_exc):
    return message_page(
        _("Your question is too large to receive"),
        _("Together, the form and the screenshot are larger than 6 MB. Choose a screenshot "
          "smaller than 5 MB, or leave it out. Use your browser's back button to keep what you typed."),
        413, link_text=_("Back to the form"))


@bp.errorhandler(TooManyRequests)
def too_many(_exc):
    return message_page(
        _("Please wait a moment"),
        _("Many questions were sent from your network in a short time. Wait a minute and send "
          "your question again; use your browser's back button to keep what you typed."),
        429, link_text=_("Back to the form"))
