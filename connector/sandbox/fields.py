"""Jira's rules for the fields of a create or edit, with Jira's messages per field.

Each field has a small converter from the REST value to what the sandbox stores; a converter
raises `FieldProblem` with the message Jira would give. All problems of one request are
collected, as Jira does, and answered together as a 400.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connector.sandbox.adf import from_adf
from connector.sandbox.catalog import PROJECT, Catalog, CustomField
from connector.sandbox.errors import bad_request, cannot_set

MAX_TEXT = 32767
REQUIRED = {
    "project": "Specify a valid project ID or key",
    "issuetype": "Specify an issue type",
    "summary": "You must specify a summary of the issue.",
}


class FieldProblem(ValueError):
    pass


class FieldRules:
    def __init__(self, catalog: Catalog, api_version: str = "2") -> None:
        self.catalog = catalog
        self.adf = api_version == "3"
        self._system: dict[str, Callable[[Any], Any]] = {
            "summary": _summary, "description": self._long_text, "labels": _labels,
            "project": _project, "issuetype": self._issue_type, "priority": self._priority,
            "assignee": _user, "reporter": _user,
        }

    def for_create(self, fields: Any) -> dict[str, Any]:
        if not isinstance(fields, dict):
            raise bad_request(errors={"fields": "Expected an object with the fields of the issue."})
        changes, errors = self._convert(fields, editing=False)
        for name, message in REQUIRED.items():
            if name not in fields:
                errors.setdefault(name, message)
        if errors:
            raise bad_request(errors=errors)
        changes.pop("reporter", None)  # the sandbox user always reports
        return changes

    def for_edit(self, issue: dict, fields: Any, update: Any) -> tuple[dict[str, Any], list[Any]]:
        """The changes to apply and the comment bodies to add (from `update.comment`)."""
        if not isinstance(fields or {}, dict) or not isinstance(update or {}, dict):
            raise bad_request(["Can not deserialize the request: 'fields' and 'update' must be objects."])
        changes, errors = self._convert(fields or {}, editing=True)
        comments = self._apply_operations(issue, update or {}, changes, errors)
        if errors:
            raise bad_request(errors=errors)
        changes.pop("reporter", None)
        return changes, comments

    def _convert(self, fields: dict, editing: bool) -> tuple[dict[str, Any], dict[str, str]]:
        changes: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for field_id, value in fields.items():
            if editing and field_id == "project":
                errors[field_id] = cannot_set(field_id)
                continue
            convert = self._converter(field_id)
            if convert is None:
                errors[field_id] = cannot_set(field_id)
                continue
            try:
                changes[field_id] = convert(value)
            except FieldProblem as problem:
                errors[field_id] = str(problem)
        return changes, errors

    def _converter(self, field_id: str) -> Callable[[Any], Any] | None:
        custom = self.catalog.custom(field_id)
        if custom is not None:
            return (lambda v: _option(custom, v)) if custom.kind == "select" else self._long_text
        return self._system.get(field_id)

    def _apply_operations(self, issue: dict, update: dict, changes: dict, errors: dict) -> list[Any]:
        comments: list[Any] = []
        for field_id, operations in update.items():
            if not isinstance(operations, list):
                errors[field_id] = "Operations must be a list."
                continue
            for operation in operations:
                verb, value = _single_operation(operation)
                try:
                    if field_id == "comment" and verb == "add":
                        comments.append((value or {}).get("body"))
                    elif field_id == "labels" and verb in ("add", "remove"):
                        current = changes.get("labels", issue["labels"])
                        changes["labels"] = _label_operation(current, verb, value)
                    elif verb == "set":
                        set_changes, set_errors = self._convert({field_id: value}, editing=True)
                        changes.update(set_changes)
                        errors.update(set_errors)
                    else:
                        errors[field_id] = f"Field '{field_id}' does not support operation '{verb}'."
                except FieldProblem as problem:
                    errors[field_id] = str(problem)
        return comments

    def _long_text(self, value: Any) -> str | None:
        if value is None:
            return None
        if self.adf:
            text = from_adf(value)
            if text is None:
                raise FieldProblem("Operation value must be an Atlassian Document (see the Atlassian Document Format)")
            value = text
        if not isinstance(value, str):
            raise FieldProblem("Operation value must be a string")
        if len(value) > MAX_TEXT:
            raise FieldProblem(f"The entered text is too long. It exceeds the allowed limit of {MAX_TEXT:,} "
                               "characters.")
        return value

    def _issue_type(self, value: Any) -> str:
        found = self.catalog.issue_type(value)
        if found is None:
            raise FieldProblem("The issue type selected is invalid.")
        return found["id"]

    def _priority(self, value: Any) -> str:
        found = self.catalog.priority(value)
        if found is None:
            raise FieldProblem("The priority selected is invalid.")
        return found["id"]


def _summary(value: Any) -> str:
    if not isinstance(value, str):
        raise FieldProblem("Operation value must be a string")
    if not value.strip():
        raise FieldProblem(REQUIRED["summary"])
    if "\n" in value or "\r" in value:
        raise FieldProblem("The summary is invalid because it contains newline characters.")
    if len(value) > 255:
        raise FieldProblem("Summary must be less than 255 characters.")
    return value


def _labels(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FieldProblem("Labels must be a list of strings.")
    for label in value:
        _check_label(label)
    return list(dict.fromkeys(value))


def _check_label(label: str) -> None:
    if not label or any(ch.isspace() for ch in label):
        raise FieldProblem(f"The label '{label}' contains spaces which is invalid.")
    if len(label) > 255:
        raise FieldProblem(f"The label '{label}' exceeds the maximum length for a single label of 255 characters.")


def _label_operation(current: list[str], verb: str, label: Any) -> list[str]:
    if not isinstance(label, str):
        raise FieldProblem("Labels must be strings.")
    if verb == "remove":
        return [existing for existing in current if existing != label]
    _check_label(label)
    return [*current, label] if label not in current else list(current)


def _project(value: Any) -> str:
    if not isinstance(value, dict) or not Catalog.is_project(value):
        raise FieldProblem(REQUIRED["project"])
    return PROJECT["id"]


def _user(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not ({"accountId", "name", "id"} & value.keys()):
        raise FieldProblem("Specify a valid value for the user, e.g. {\"accountId\": \"…\"}.")
    return "sandbox"


def _option(custom: CustomField, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict) and "id" in value:
        if str(value["id"]) not in custom.options:
            raise FieldProblem(f"Option id '{value['id']}' is not valid")
        return str(value["id"])
    if isinstance(value, dict) and "value" in value:
        option_id = custom.option_id(str(value["value"]))
        if option_id is None:
            raise FieldProblem(f"Option value '{value['value']}' is not valid")
        return option_id
    raise FieldProblem(f"Specify a valid 'id' or 'name' for {custom.name}")


def _single_operation(operation: Any) -> tuple[str, Any]:
    if not isinstance(operation, dict) or len(operation) != 1:
        return "invalid", None
    return next(iter(operation.items()))
