"""Jira's error shape: `{"errorMessages": [...], "errors": {field: message}}` with its status codes."""

from __future__ import annotations

from flask import Response, jsonify


class JiraApiError(Exception):
    def __init__(self, status: int, messages: list[str] | None = None, errors: dict[str, str] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status}: {messages or errors}")
        self.status = status
        self.messages = messages or []
        self.errors = errors or {}
        self.headers = headers or {}

    def response(self) -> Response:
        return error_response(self.status, self.messages, self.errors, self.headers)


def error_response(status: int, messages: list[str] | None = None, errors: dict[str, str] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    response = jsonify({"errorMessages": list(messages or []), "errors": dict(errors or {})})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def not_found_issue() -> JiraApiError:
    return JiraApiError(404, ["Issue does not exist or you do not have permission to see it."])


def bad_request(messages: list[str] | None = None, errors: dict[str, str] | None = None) -> JiraApiError:
    return JiraApiError(400, messages, errors)


def cannot_set(field_id: str) -> str:
    return f"Field '{field_id}' cannot be set. It is not on the appropriate screen, or unknown."
