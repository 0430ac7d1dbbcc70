"""POST /webhooks/forms/<provider>: questions from form tools (Typeform, Open Formulieren, any JSON).

Verify, read the tool's payload into the API's intake body, check it with the API's rules, store it
with its delivery job, answer like the API. Nothing is stored for a refused submission; a repeated
delivery (same Typeform token, Open Formulieren reference or mapped external id) gets the question
stored the first time, with 200 instead of 202. Never calls Jira.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from werkzeug.datastructures import Headers
from werkzeug.exceptions import HTTPException

from intake.form_tools import (
    FormToolSubmission,
    NotASubmission,
    SubmissionRefused,
    UnreadablePayload,
    check_submission,
    from_generic,
    from_openforms,
    from_typeform,
)
from intake.schema import amsterdam_today
from intake.service import fingerprint_of, submit_question
from mappings import Mappings
from voelspriet.log import event
from webhooks.api import ApiError, error_response, parse_json_object
from webhooks.jira_webhook import signature_valid
from webhooks.tracking import personal_link

log = logging.getLogger(__name__)
bp = Blueprint("form_tools", __name__, url_prefix="/webhooks/forms")

TYPEFORM_SIGNATURE_HEADER = "Typeform-Signature"
FORMS_SIGNATURE_HEADER = "X-Signature"


def typeform_signature_valid(secret: str, body: bytes, headers: Headers) -> bool:
    """`Typeform-Signature: sha256=<base64 HMAC-SHA256(secret, raw body)>`, compared in constant time."""
    method, _, received = headers.get(TYPEFORM_SIGNATURE_HEADER, "").strip().partition("=")
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
    expected = base64.b64encode(digest)
    # As bytes: compare_digest refuses str with non-ASCII characters, and a forged header may hold them.
    return method == "sha256" and hmac.compare_digest(expected, received.strip().encode("utf-8"))


def forms_token_valid(token: str, body: bytes, headers: Headers) -> bool:
    """`Authorization: Bearer <token>`, or `X-Signature: sha256=<hex HMAC-SHA256(token, raw body)>`."""
    scheme, _, given = headers.get("Authorization", "").partition(" ")
    bearer = hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8"))
    signed = signature_valid(token, body, headers.get(FORMS_SIGNATURE_HEADER))
    return (scheme.lower() == "bearer" and bearer) or signed


@dataclass(frozen=True)
class Provider:
    variable: str  # the environment variable with its secret
    setting: str  # the Settings attribute it is read into
    verify: Callable[[str, bytes, Headers], bool]
    read: Callable[[Any, Mappings], FormToolSubmission]
    how_to_sign: str


PROVIDERS = {
    "typeform": Provider(
        "VOELSPRIET_TYPEFORM_SECRET", "typeform_secret", typeform_signature_valid,
        lambda payload, _mappings: from_typeform(payload),
        f"The {TYPEFORM_SIGNATURE_HEADER} header is missing or does not match the body: give the Typeform "
        "webhook the same secret as VOELSPRIET_TYPEFORM_SECRET."),
    "openforms": Provider(
        "VOELSPRIET_FORMS_TOKEN", "forms_token", forms_token_valid,
        lambda payload, _mappings: from_openforms(payload),
        "Send 'Authorization: Bearer <VOELSPRIET_FORMS_TOKEN>' (in Open Formulieren: a service with "
        f"authorization type API key, header key Authorization), or '{FORMS_SIGNATURE_HEADER}: sha256=<hex "
        "HMAC-SHA256 of the body>' with that token as the key."),
    "generic": Provider(
        "VOELSPRIET_FORMS_TOKEN", "forms_token", forms_token_valid,
        lambda payload, mappings: from_generic(payload, mappings.generic_form),
        "Send 'Authorization: Bearer <VOELSPRIET_FORMS_TOKEN>', or "
        f"'{FORMS_SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256 of the body>' with that token as the key."),
}


def _runtime():
    return current_app.extensions["voelspriet"]


def receive(provider: str):
    tool = PROVIDERS[provider]
    secret: str | None = getattr(_runtime().settings, tool.setting)
    if not secret:
        raise ApiError(503, "form_tool_closed", f"Deliveries from {provider} are refused because {tool.variable} "
                       "is not set. Set it, and give the form tool the same secret.")
    body = request.get_data(cache=False)
    if not tool.verify(secret, body, request.headers):
        challenge = {} if provider == "typeform" else {"WWW-Authenticate": 'Bearer realm="voelspriet"'}
        raise ApiError(401, "unauthorized", tool.how_to_sign, headers=challenge)
    try:
        submission = tool.read(_parse(body), _runtime().mappings)
    except NotASubmission as exc:
        event(log, "form_tool_ignored", provider=provider, reason=str(exc))
        return jsonify(status="ignored", reason="not a finished submission"), 200
    except UnreadablePayload as exc:
        raise ApiError(400, "malformed_payload", f"This is not a {provider} delivery Voelspriet can read: "
                       f"{exc}.") from None
    return _store(provider, submission)


def _store(provider: str, submission: FormToolSubmission):
    try:
        intake = check_submission(submission, _runtime().mappings, amsterdam_today())
    except SubmissionRefused as exc:
        event(log, "form_tool_refused", provider=provider, status=422, fields=sorted(exc.fields))
        if exc.held_back:
            raise ApiError(422, "personal_data_held_back", "Held back and not stored: the text may contain a "
                           "citizen's BSN. Remove citizens' personal data and send again.", exc.fields) from None
        raise ApiError(422, "validation_failed", "The question was not stored: some fields are missing or wrong. "
                       "See 'fields' (named as in the form tool).", exc.fields) from None
    submitted = submit_question(_runtime(), intake, source=provider, language=submission.language,
                                fingerprint=fingerprint_of(submission.body))
    answer = {"id": submitted.question_id, "status": submitted.status,
              "tracking_url": personal_link(submitted.tracking_token)}
    return jsonify(answer), 200 if submitted.replayed else 202


def _parse(body: bytes) -> Any:
    payload = parse_json_object(body, unwrap_string=True)
    if not isinstance(payload, dict):
        raise ApiError(400, "malformed_json", "The body must be a JSON object.")
    return payload


def other_request(provider: str):
    if provider in PROVIDERS:
        raise ApiError(405, "method_not_allowed", f"Form tools deliver with POST to /webhooks/forms/{provider}.")
    raise ApiError(404, "unknown_provider", f"No form tool {provider[:40]!r}. Voelspriet takes deliveries at "
                   f"/webhooks/forms/ followed by one of: {', '.join(PROVIDERS)}.")


for _name in PROVIDERS:
    bp.add_url_rule(f"/{_name}", endpoint=f"receive_{_name}", view_func=receive, methods=["POST"],
                    defaults={"provider": _name})
bp.add_url_rule("/<provider>", endpoint="other", view_func=other_request,
                methods=["GET", "POST", "PUT", "PATCH", "DELETE"])


def _refused(exc: ApiError):
    if exc.status in (401, 404, 405) or exc.status >= 500:
        event(log, "form_tool_refused", logging.WARNING, status=exc.status, code=exc.code, path=request.path)
    return error_response(exc.status, exc.code, exc.message, exc.fields, exc.headers)


_HTTP_MESSAGES = {
    413: ("payload_too_large", "The request body is larger than 6 MB. Send less."),
    429: ("rate_limited", "Too many deliveries from this address. Wait a minute and send again."),
}


def _http_error(exc: HTTPException):
    status = exc.code or 500
    code, message = _HTTP_MESSAGES.get(status, (exc.name.lower().replace(" ", "_"), exc.description or exc.name))
    headers = {k: v for k, v in exc.get_headers() if k.lower() == "retry-after"}
    return error_response(status, code, message, headers=headers)


def _unexpected(exc: Exception):
    # Only the type: a database error's message carries the ambassador's text.
    event(log, "form_tool_internal_error", logging.ERROR, error_type=type(exc).__name__, path=request.path)
    return error_response(500, "internal_error", "Something went wrong on our side; nothing was stored. Send the "
                          "delivery again later; if it keeps failing, tell the Voelspriet administrator.")


bp.register_error_handler(ApiError, _refused)
bp.register_error_handler(HTTPException, _http_error)
bp.register_error_handler(Exception, _unexpected)

