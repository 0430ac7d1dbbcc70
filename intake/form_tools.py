"""Form tools' payloads as the JSON API's intake body, so the one IntakeSchema checks every way in.

Each reader returns a `FormToolSubmission`: the API body, the question's language, and for each
Voelspriet field the name the form tool's administrator knows (a Typeform field ref, an Open
Formulieren component key, a path in the generic JSON), so a refusal says what to fix in the tool.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from marshmallow import ValidationError

from intake.schema import Intake, IntakeSchema, flatten_errors
from mappings import Mappings

# Voelspriet's names for what a form tool sends; also the default Typeform refs and Open Formulieren keys.
FIELDS = ("name", "email", "team", "theme", "question", "details", "urgency", "colleagues", "phase", "not_a_bsn")
LANGUAGES = ("nl", "en")


class UnreadablePayload(ValueError):
    """Valid JSON, but not the shape this form tool sends; the message says what is missing."""


class SubmissionRefused(Exception):
    """The submission fails IntakeSchema; `fields` are keyed and worded by the tool's field names."""

    def __init__(self, held_back: bool, fields: dict[str, list[str]]) -> None:
        super().__init__(f"refused: {', '.join(sorted(fields))}")
        self.held_back, self.fields = held_back, fields  # held_back: only a possible BSN stands in the way


class NotASubmission(Exception):
    """A delivery without a finished submission (a Typeform partial response): answered 200, nothing stored."""


@dataclass(frozen=True)
class FormToolSubmission:
    tool: str  # as the administrator knows it: "Typeform"
    body: dict[str, Any]  # the API's intake body
    language: str
    names: Mapping[str, str]  # Voelspriet field (and "external_id") → the tool's name for it
    where: str  # how the tool calls its fields, with "{}" for the name: "field ref '{}'"
    sent: frozenset[str]  # the Voelspriet fields the tool sent a value for
    bsn_confirmation: str  # how the ambassador says "this is not a BSN" in this tool
    unmapped: frozenset[str] = frozenset()  # generic: fields the mappings give no path for

    def explain(self, errors: Mapping[str, list[str]]) -> dict[str, list[str]]:
        """IntakeSchema's errors keyed and worded by the tool's field names."""
        explained: dict[str, list[str]] = {}
        for key, messages in errors.items():
            field = key.removeprefix("ambassador.")
            name = self.names.get(field, key)
            if field in self.unmapped:
                lead = f"The mappings' generic_form table has no path for '{field}'; add one. "
            elif field in FIELDS and field not in self.sent:
                lead = f"{self.tool} sent no value for {self.where.format(name)}. "
            else:
                lead = f"{self.tool} {self.where.format(name)}: "
            explained.setdefault(name, []).extend(lead + message for message in messages)
        return explained


def check_submission(submission: FormToolSubmission, mappings: Mappings, today: date) -> Intake:
    """Validate with the API's rules; raises SubmissionRefused naming the tool's fields."""
    schema = _FormToolSchema(mappings, today, confirmation=submission.bsn_confirmation)
    try:
        return schema.load(submission.body)
    except ValidationError as exc:
        errors = flatten_errors(exc.messages)
        held_back = schema.bsn_check.found and set(errors) <= set(schema.bsn_check.fields)
        raise SubmissionRefused(held_back, submission.explain(errors)) from None


class _FormToolSchema(IntakeSchema):
    """IntakeSchema; only the BSN message tells how to confirm "not a BSN" in the form tool."""

    def __init__(self, mappings: Mappings, today: date, *, confirmation: str) -> None:
        super().__init__(mappings, today, channel="form_tool", exclude=("screenshot",))
        self.confirmation = confirmation

    def _bsn_message(self) -> str:
        if self.bsn_check.next_to_word:
            return super()._bsn_message()
        return ("This text has a number that could be a citizen's BSN. Remove citizens' personal data. If the number "
                f"is not a BSN, the ambassador can say so with {self.confirmation}, and send again.")


def from_typeform(payload: Any) -> FormToolSubmission:
    """A Typeform `form_response` webhook: answers by field ref, hidden fields as a fallback."""
    if not isinstance(payload, dict):
        raise UnreadablePayload("the body is not a JSON object")
    if payload.get("event_type", "form_response") != "form_response":
        raise NotASubmission(str(payload.get("event_type"))[:40])
    response = payload.get("form_response")
    answers = (response.get("answers") or []) if isinstance(response, dict) else None
    if not isinstance(answers, list):
        raise UnreadablePayload("there is no 'form_response' object with an 'answers' list")
    hidden = response.get("hidden") if isinstance(response.get("hidden"), dict) else {}
    values = {name: hidden[name] for name in FIELDS if hidden.get(name) not in (None, "")}
    for answer in answers:
        field = answer.get("field") if isinstance(answer, dict) else None
        ref = field.get("ref") if isinstance(field, dict) else None
        if ref in FIELDS:
            values[ref] = _typeform_value(answer)
    settings = _dig(response, "definition.settings.language")
    language = _language(hidden.get("language", settings))
    names = {**{name: name for name in FIELDS}, "external_id": "form_response.token"}
    confirm = "a yes/no question with field ref 'not_a_bsn' answered yes"
    return _submission("Typeform", values, response.get("token"), language, names, "field ref '{}'", confirm)


def from_openforms(payload: Any) -> FormToolSubmission:
    """Open Formulieren's "Generic JSON registration": `{"values", "values_schema", "metadata", …}`."""
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), dict):
        raise UnreadablePayload("there is no 'values' object, as Open Formulieren's generic JSON registration sends")
    values = {name: value for name, value in payload["values"].items() if name in FIELDS}
    reference = _dig(payload, "metadata.public_reference")
    names = {**{name: name for name in FIELDS}, "external_id": "metadata.public_reference"}
    language = _language(payload["values"].get("language"))
    confirm = "a checkbox with component key 'not_a_bsn', ticked"
    return _submission("Open Formulieren", values, reference, language, names, "component key '{}'", confirm)


def from_generic(payload: Any, table: Mapping[str, str]) -> FormToolSubmission:
    """Any JSON, read by the mappings' `generic_form` table: Voelspriet field → dotted path."""
    if not isinstance(payload, dict):
        raise UnreadablePayload("the body is not a JSON object")
    values = {name: _dig(payload, table[name]) for name in FIELDS if name in table}
    external_id = _dig(payload, table["external_id"]) if "external_id" in table else None
    language = _dig(payload, table["language"]) if "language" in table else None
    names = {name: table.get(name, f"generic_form.{name}") for name in (*FIELDS, "external_id")}
    unmapped = frozenset(n for n in FIELDS if n not in table and n not in ("phase", "not_a_bsn", "details"))
    confirm = (f"true at path '{table['not_a_bsn']}'" if "not_a_bsn" in table else
               "true at the path the mappings' generic_form table names for 'not_a_bsn'")
    submission = _submission("Generic JSON", values, external_id, _language(language), names, "path '{}'", confirm)
    return replace(submission, unmapped=unmapped)


def _submission(tool: str, values: dict[str, Any], external_id: Any, language: str, names: dict[str, str],
                where: str, bsn_confirmation: str) -> FormToolSubmission:
    values = {name: value for name, value in values.items() if value is not None}
    sent = frozenset(name for name, value in values.items() if value != "")
    body: dict[str, Any] = {"ambassador": {k: values[k] for k in ("name", "email") if k in values}}
    body.update({k: v for k, v in values.items() if k not in ("name", "email")})
    body.setdefault("details", "")  # an optional question left unanswered is simply absent
    if isinstance(body.get("urgency"), bool):  # a yes/no question "does this block your team's work?"
        body["urgency"] = "blokkerend" if body["urgency"] else "normaal"
    if isinstance(body.get("colleagues"), float) and body["colleagues"].is_integer():
        body["colleagues"] = int(body["colleagues"])  # Open Formulieren's number component may send 3.0
    if external_id not in (None, ""):
        body["external_id"] = str(external_id)
    return FormToolSubmission(tool, body, language, names, where, sent, bsn_confirmation)


def _typeform_value(answer: dict[str, Any]) -> Any:
    """`{"type": "choice", "choice": {"label": …}}` → the label; `{"type": "number", "number": 3}` → 3."""
    kind = answer.get("type")
    value = answer.get(kind) if isinstance(kind, str) else None
    if kind == "choice" and isinstance(value, dict):
        return value.get("label") or value.get("other")
    if kind == "choices" and isinstance(value, dict):
        labels = [*(value.get("labels") or []), *([value["other"]] if value.get("other") else [])]
        return labels[0] if len(labels) == 1 else labels  # more than one team is refused by the schema
    return value


def _dig(data: Any, path: str) -> Any:
    """`submitter.email` → data["submitter"]["email"]; a number steps into a list; None when absent."""
    for part in path.split("."):
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and part.isdecimal() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def _language(value: Any) -> str:
    wanted = value.strip().lower()[:2] if isinstance(value, str) else ""
    return wanted if wanted in LANGUAGES else "nl"
