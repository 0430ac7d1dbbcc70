"""The JSON API: intake, question status, and FAQ look-alikes for the form's deflection.

Every error, whatever its status, has one shape:
`{"error": {"code": "...", "message": "...", "fields": {"team": ["..."]}}}`.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from intake.schema import IdempotencyKeySchema, IntakeSchema, SimilarQuerySchema, amsterdam_today, flatten_errors
from intake.service import IdempotencyConflict, fingerprint_of, submit_question
from intake.similar import similar_entries
from intake.status import api_status, question_by_id
from voelspriet.log import event
from webhooks.tracking import base_url, personal_link

logger = logging.getLogger(__name__)
bp = Blueprint("api", __name__, url_prefix="/api/v1")
similar_bp = Blueprint("api_similar", __name__, url_prefix="/api/v1")
ENDPOINTS = "POST /api/v1/questions, GET /api/v1/questions/<id>, GET /api/v1/faq/similar?q=…"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.fields, self.headers = fields or {}, headers or {}


def _runtime():
    return current_app.extensions["voelspriet"]


@bp.post("/questions")
def create_question():
    _require_token()
    key = _idempotency_key()
    body = _json_body()
    schema = IntakeSchema(_runtime().mappings, amsterdam_today(), channel="api", exclude=("screenshot",))
    try:
        intake = schema.load(body)
    except ValidationError as exc:
        code = "personal_data_held_back" if schema.bsn_check.found and _only_bsn(exc, schema) else "validation_failed"
        raise ApiError(422, code, _validation_message(code), flatten_errors(exc.messages)) from None
    try:
        submitted = submit_question(_runtime(), intake, source="api", language="nl", idempotency_key=key,
                                    fingerprint=fingerprint_of(body))
    except IdempotencyConflict:
        raise ApiError(422, "idempotency_key_reused",
                       "This Idempotency-Key was already used for a different question. Use a new key for a "
                       "new question, or send exactly the same body to get the first answer again.",
                       {"Idempotency-Key": ["Already used with a different body."]}) from None
    answer = {"id": submitted.question_id, "status": submitted.status,
              "tracking_url": personal_link(submitted.tracking_token)}
    return jsonify(answer), 202, ({"Idempotent-Replayed": "true"} if submitted.replayed else {})


@bp.get("/questions/<question_id>")
def question_status(question_id: str):
    _require_token()
    view = question_by_id(_runtime().db, question_id) if len(question_id) <= 32 else None
    if view is None:
        raise ApiError(404, "not_found", f"No question with id {question_id[:40]!r}. Use the id from the 202 answer.")
    return jsonify(api_status(view, base_url()))


@bp.route("/<path:_rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown_endpoint(_rest: str):
    raise ApiError(404, "not_found", f"No API endpoint {request.method} {request.path}. There are: {ENDPOINTS}.")


@similar_bp.get("/faq/similar")
def similar():
    try:
        query = SimilarQuerySchema().load(request.args.to_dict())
    except ValidationError as exc:
        raise ApiError(422, "validation_failed", _validation_message("validation_failed"),
                       flatten_errors(exc.messages)) from None
    entries = similar_entries(_runtime().db, query["q"])
    return jsonify(results=[{"summary": e.summary, "jira_key": e.jira_key, "url": e.url} for e in entries])


def _require_token() -> None:
    tokens = _runtime().settings.api_tokens
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    given = given.strip()
    # Compare with every token, always, so the time taken tells nothing about which one nearly matched.
    matched = False
    for token in tokens:
        matched |= hmac.compare_digest(given.encode(), token.encode())
    if scheme.lower() != "bearer" or not given or not matched:
        message = ("Send a valid API token as 'Authorization: Bearer <token>'." if tokens else
                   "The API is closed: no API tokens are configured (VOELSPRIET_API_TOKENS).")
        raise ApiError(401, "unauthorized", message, headers={"WWW-Authenticate": 'Bearer realm="voelspriet"'})


def _idempotency_key() -> str | None:
    raw = request.headers.get("Idempotency-Key")
    if raw is None:
        return None
    errors = IdempotencyKeySchema().validate({"key": raw})
    if errors:
        raise ApiError(422, "validation_failed", "The Idempotency-Key header is not usable.",
                       {"Idempotency-Key": [str(m) for m in flatten_errors(errors).get("key", [])]})
    return raw


def _json_body() -> dict[str, Any]:
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type",
                       "Send the question as JSON with 'Content-Type: application/json'.")
    body = parse_json_object(request.get_data(cache=True))
    if not isinstance(body, dict):
        raise ApiError(400, "malformed_json", "The body must be a JSON object with the question's fields.")
    return body


def parse_json_object(raw: bytes, *, unwrap_string: bool = False) -> Any:
    """Strict JSON (no NaN or Infinity) or a 400 that says where it breaks.

    `unwrap_string`: a body that is a JSON string holding JSON is read once more (Open Formulieren
    encodes its generic JSON twice)."""
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        if unwrap_string and isinstance(body, str):
            body = json.loads(body, parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise ApiError(400, "malformed_json", "The body is not UTF-8 text. Send JSON encoded as UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise ApiError(400, "malformed_json", f"The body is not valid JSON: {exc.msg} at line {exc.lineno}, "
                       f"column {exc.colno}.") from None
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, "malformed_json", f"The body is not valid JSON: {exc}.") from None
    return body


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _only_bsn(exc: ValidationError, schema: IntakeSchema) -> bool:
    return set(flatten_errors(exc.messages)) <= set(schema.bsn_check.fields)


def _validation_message(code: str) -> str:
    if code == "personal_data_held_back":
        return ("Held back and not stored: the text may contain a citizen's BSN. Remove citizens' personal data "
                "and send again.")
    return "The question was not stored: some fields are missing or wrong. See 'fields'."


def error_response(status: int, code: str, message: str, fields: dict[str, list[str]] | None = None,
                   headers: dict[str, str] | None = None):
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return jsonify(body), status, headers or {}


def _api_error(exc: ApiError):
    if exc.status >= 500 or exc.status == 401:
        event(logger, "api_refused", status=exc.status, code=exc.code, path=request.path)
    return error_response(exc.status, exc.code, exc.message, exc.fields, exc.headers)


_HTTP_MESSAGES = {
    400: ("bad_request", "The request could not be read."),
    405: ("method_not_allowed", f"This method is not allowed here. There are: {ENDPOINTS}."),
    413: ("payload_too_large", "The request body is larger than 6 MB. Send less text."),
    429: ("rate_limited", "Too many requests from this address. Wait a minute and try again."),
}


def _http_error(exc: HTTPException):
    code, message = _HTTP_MESSAGES.get(exc.code or 500, (_slug(exc.name), exc.description or exc.name))
    headers = {k: v for k, v in exc.get_headers() if k.lower() in ("retry-after", "allow")} if exc.code else {}
    return error_response(exc.code or 500, code, message, headers=headers)


def _unexpected(exc: Exception):
    # Only the type: messages of database errors can carry the ambassador's text.
    event(logger, "api_internal_error", level=logging.ERROR, error_type=type(exc).__name__, path=request.path)
    return error_response(500, "internal_error", "Something went wrong on our side. Send the request again in a "
                          "minute with the same Idempotency-Key (so it is stored only once); if it keeps failing, "
                          "tell the Voelspriet administrator.")


def _slug(name: str) -> str:
    return name.lower().replace(" ", "_")


for _blueprint in (bp, similar_bp):
    _blueprint.register_error_handler(ApiError, _api_error)
    _blueprint.register_error_handler(HTTPException, _http_error)
    _blueprint.register_error_handler(Exception, _unexpected)
