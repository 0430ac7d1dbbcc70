"""`GET /openapi.json`: the JSON API described for the people who connect form tools to it.

The team and theme lists come from the loaded mappings, so the document always names the
values this installation accepts.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify

from intake.schema import COLLEAGUES_MAX, DETAILS_MAX, QUESTION_MAX, QUESTION_MIN
from mappings import Mappings
from voelspriet import __version__
from webhooks.form_tools import FORMS_SIGNATURE_HEADER, TYPEFORM_SIGNATURE_HEADER

bp = Blueprint("openapi", __name__)

ERROR = {"$ref": "#/components/schemas/Error"}


def _error_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def _question_schema(mappings: Mappings) -> dict[str, Any]:
    def choices(options) -> list[str]:
        return [o.slug for o in options]

    return {
        "type": "object",
        "required": ["ambassador", "team", "theme", "question", "details", "urgency", "colleagues"],
        "properties": {
            "ambassador": {"type": "object", "required": ["name", "email"], "properties": {
                "name": {"type": "string", "maxLength": 200},
                "email": {"type": "string", "format": "email"}}},
            "team": {"type": "string", "description": "Slug or display name (Dutch or English).",
                     "examples": choices(mappings.teams)},
            "theme": {"type": "string", "description": "Slug or display name (Dutch or English).",
                      "examples": choices(mappings.themes)},
            "question": {"type": "string", "minLength": QUESTION_MIN, "maxLength": QUESTION_MAX,
                         "description": "One line; becomes the Jira summary."},
            "details": {"type": "string", "maxLength": DETAILS_MAX, "description": "May be empty, not left out."},
            "urgency": {"type": "string", "enum": ["normaal", "blokkerend"]},
            "colleagues": {"type": "integer", "minimum": 1, "maximum": COLLEAGUES_MAX},
            "phase": {"type": "string", "enum": choices(mappings.phases),
                      "description": "Derived from the go-live date when left out."},
            "external_id": {"type": "string", "maxLength": 200,
                            "description": "Your id; sending it again returns the question already stored."},
            "not_a_bsn": {"type": "boolean", "description": "Confirms a 9-digit number is not a citizen's BSN."},
        },
    }


def _form_tool_paths() -> dict[str, Any]:
    """POST /webhooks/forms/<provider>; the README's "Connecting a form tool" names the fields."""
    def route(summary: str, security: list[dict[str, list]]) -> dict[str, Any]:
        return {"post": {"summary": summary, "security": security, "requestBody": {"required": True, "content": {
            "application/json": {"schema": {"type": "object"}}}}, "responses": {
            "202": {"description": "Stored; it will reach Jira.", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Accepted"}}}},
            "200": {"description": "Delivered before (same external id): the question stored then. Or not a "
                                   "finished submission: ignored."},
            "400": _error_response("The body is not JSON, or not this tool's payload."),
            "401": _error_response("Missing or wrong signature or token."),
            "422": _error_response("A field is wrong (named as in the form tool), or personal data held back."),
            "429": _error_response("Too many deliveries; wait and try again."),
            "503": _error_response("The tool's secret is not configured: the route is closed."),
        }}}

    forms = [{"formsToken": []}, {"formsSignature": []}]
    return {
        "/webhooks/forms/typeform": route("Typeform webhook; answers by field ref.", [{"typeformSignature": []}]),
        "/webhooks/forms/openforms": route("Open Formulieren generic JSON registration; values by component key.",
                                           forms),
        "/webhooks/forms/generic": route("Any JSON, read by the mappings' generic_form table.", forms),
    }


_FORM_TOOL_SECURITY = {
    "typeformSignature": {"type": "apiKey", "in": "header", "name": TYPEFORM_SIGNATURE_HEADER,
                          "description": "sha256=<base64 HMAC-SHA256 of the body with VOELSPRIET_TYPEFORM_SECRET>"},
    "formsToken": {"type": "http", "scheme": "bearer", "description": "VOELSPRIET_FORMS_TOKEN"},
    "formsSignature": {"type": "apiKey", "in": "header", "name": FORMS_SIGNATURE_HEADER,
                       "description": "sha256=<hex HMAC-SHA256 of the body with VOELSPRIET_FORMS_TOKEN>"},
}


def build_document(mappings: Mappings) -> dict[str, Any]:
    bearer = [{"bearer": []}]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Voelspriet API", "version": __version__,
                 "description": f"Questions from the ambassadors of {mappings.organisation}."},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}, **_FORM_TOOL_SECURITY},
            "schemas": {
                "Question": _question_schema(mappings),
                "Accepted": {"type": "object", "required": ["id", "status", "tracking_url"], "properties": {
                    "id": {"type": "string"}, "status": {"type": "string"},
                    "tracking_url": {"type": "string", "format": "uri"}}},
                "Status": {"type": "object", "required": ["id", "status"], "properties": {
                    "id": {"type": "string"},
                    "status": {"type": "string", "enum": ["received", "synced", "answered", "closed", "failed"]},
                    "jira_key": {"type": "string"}, "answer": {"type": "string"}, "error": {"type": "string"},
                    "tracking_url": {"type": "string", "format": "uri"}}},
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                    "type": "object", "required": ["code", "message"], "properties": {
                        "code": {"type": "string"}, "message": {"type": "string"},
                        "fields": {"type": "object", "additionalProperties": {
                            "type": "array", "items": {"type": "string"}}}}}}},
            },
        },
        "paths": {
            "/api/v1/questions": {"post": {
                "summary": "File a question; answered once it is stored with its delivery to Jira.",
                "security": bearer,
                "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False,
                                "schema": {"type": "string", "maxLength": 200}}],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Question"}}}},
                "responses": {
                    "202": {"description": "Stored; it will reach Jira.", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Accepted"}}}},
                    "400": _error_response("The body is not JSON."),
                    "401": _error_response("Missing or unknown bearer token."),
                    "413": _error_response("The body is larger than 6 MB."),
                    "422": _error_response("A field is wrong (named in error.fields), or personal data held back."),
                    "429": _error_response("Too many requests; wait and try again."),
                }}},
            "/api/v1/questions/{id}": {"get": {
                "summary": "Where a question is: received, synced, answered, closed or failed.",
                "security": bearer,
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "The status.", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Status"}}}},
                    "401": _error_response("Missing or unknown bearer token."),
                    "404": _error_response("No question with that id."),
                }}},
            "/api/v1/faq/similar": {"get": {
                "summary": "Answered FAQ entries that look like a question being typed.",
                "parameters": [{"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "Up to five entries."}}}},
            **_form_tool_paths(),
        },
    }


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(build_document(current_app.extensions["voelspriet"].mappings))
