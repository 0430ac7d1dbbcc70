"""One validation for every way in: the form, the JSON API and the form-tool webhooks.

Messages are msgids in English, translated for the form's visitor by Flask-Babel (lazily when
declared on a field, at once when they carry values). Outside a request they stay English.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from intake.bsn import BsnCheck, check_texts
from intake.screenshot import Screenshot, ScreenshotRejected, check_screenshot
from mappings import Mappings
from mappings.model import MUNICIPAL_ZONE

QUESTION_MIN, QUESTION_MAX = 5, 200
DETAILS_MAX = 10_000
COLLEAGUES_MAX = 10_000


@dataclass(frozen=True)
class Upload:
    """A file as the form received it, before any check."""

    filename: str | None
    data: bytes


@dataclass(frozen=True)
class Intake:
    """A question that passed every check, with slugs from the mappings."""

    name: str
    email: str
    team: str
    theme: str
    phase: str
    question: str
    details: str
    urgency: str
    colleagues: int
    external_id: str | None = None
    screenshot: Screenshot | None = None


def amsterdam_today() -> date:
    """Phases follow the go-live date as the municipality counts days."""
    return datetime.now(MUNICIPAL_ZONE).date()


def _number(value: int) -> str:
    return format_decimal(value, locale=str(get_locale() or "en"))


def _fail(message: Any, **values: Any) -> ValidationError:
    text = str(message)
    return ValidationError(text % values if values else text)


class _Translated(fields.Field):
    """Builds error messages when raised, so they are in the language of the request."""

    def make_error(self, key: str, **kwargs: Any) -> ValidationError:
        return _fail(self.error_messages[key], **kwargs)


class Object(_Translated, fields.Nested):
    pass


class Flag(_Translated, fields.Boolean):
    pass


class Text(_Translated):
    """Text without surrounding whitespace; blank counts as missing unless `allow_blank`."""

    def __init__(self, *, max_length: int, min_length: int = 0, one_line: bool = False, allow_blank: bool = False,
                 messages: dict[str, Any], **kwargs: Any) -> None:
        messages = {"null": messages["required"], "invalid": _l("Must be text."), **messages}
        super().__init__(error_messages=messages, **kwargs)
        self.max_length, self.min_length, self.one_line = max_length, min_length, one_line
        self.allow_blank = allow_blank

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        text = value.strip()
        if not text:
            if self.allow_blank:
                return ""
            if self.required:
                raise self.make_error("required")
            return None
        if self.one_line and len(text.splitlines()) > 1:  # every kind of line break, \u2028 too
            raise self.make_error("one_line")
        if not self.min_length <= len(text) <= self.max_length:
            raise self.make_error("length", min=self.min_length, max=_number(self.max_length),
                                  count=_number(len(text)))
        return text


class EmailAddress(Text):
    _syntax = validate.Email()

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            self._syntax(text or "")
        except ValidationError:
            raise self.make_error("format") from None
        return text


class MappedChoice(_Translated):
    """A team, theme or phase by slug or display name (any language, any case) → its slug."""

    def __init__(self, kind: str, *, messages: dict[str, Any], **kwargs: Any) -> None:
        messages = {"null": messages["required"], **messages}
        super().__init__(error_messages=messages, **kwargs)
        self.kind = kind

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.required:
                raise self.make_error("required")
            return None
        mappings: Mappings = self.root.mappings
        finder = getattr(mappings, self.kind)
        option = finder(value) if isinstance(value, str) else None
        if option is None:
            choices = ", ".join(o.slug for o in getattr(mappings, self.kind + "s"))
            raise self.make_error("unknown", value=str(value)[:60], choices=choices)
        return option.slug


class Urgency(_Translated):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        choices = list(self.root.mappings.urgency_priority)
        wanted = value.strip().casefold() if isinstance(value, str) else None
        if not wanted:
            raise self.make_error("required")
        if wanted not in choices:
            raise _fail(_("Urgency must be one of: %(choices)s."), choices=", ".join(choices))
        return wanted


class Count(_Translated):
    """A whole number from 1 to COLLEAGUES_MAX, as a JSON number or as typed in the form."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        number = value if isinstance(value, int) and not isinstance(value, bool) else None
        text = value.strip() if isinstance(value, str) else ""
        # isdecimal, not isdigit: int() refuses "²"; the length check keeps int() off 5,000-digit strings.
        if text.isdecimal() and len(text) <= len(str(COLLEAGUES_MAX)):
            number = int(text)
        if number is None or not 1 <= number <= COLLEAGUES_MAX:
            raise self.make_error("required")
        return number


class ScreenshotField(_Translated):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Screenshot | None:
        if value is None or (isinstance(value, Upload) and not value.data and not value.filename):
            return None
        if not isinstance(value, Upload):
            raise _fail(_l("Send the screenshot as a file upload."))
        try:
            return check_screenshot(value.filename, value.data)
        except ScreenshotRejected as exc:
            if exc.reason == ScreenshotRejected.TOO_LARGE:
                raise _fail(_l("The screenshot is larger than 5 MB. Choose a smaller image or crop it.")) from None
            raise _fail(_l("The screenshot must be a PNG or JPEG image. This file is not one.")) from None


_COLLEAGUES_MESSAGE = _l("Enter how many colleagues asked this, as a whole number from 1 to 10,000.")


class AmbassadorSchema(Schema):
    error_messages: ClassVar[dict[str, Any]] = {"type": _l("Give the ambassador as an object with name and email."),
                      "unknown": _l("Unknown field; leave it out.")}

    # One line: the name goes into the e-mail's To header, which refuses line breaks.
    name = Text(required=True, max_length=200, one_line=True, messages={
        "required": _l("Enter your name."), "length": _l("Your name can be at most %(max)s characters."),
        "one_line": _l("Write your name on one line.")})
    email = EmailAddress(required=True, max_length=320, messages={
        "required": _l("Enter your e-mail address."),
        "length": _l("Your e-mail address can be at most %(max)s characters."),
        "format": _l("Enter an e-mail address in the right format, like name@example.org.")})


class IntakeSchema(Schema):
    """Validates a submission; `bsn_check` tells afterwards whether a BSN override may be offered."""

    error_messages: ClassVar[dict[str, Any]] = {
        "unknown": _l("Unknown field; leave it out."), "type": _l("Send the question as a JSON object.")}

    ambassador = Object(AmbassadorSchema, required=True, error_messages={
        "required": _l("Give the ambassador's name and e-mail address."),
        "null": _l("Give the ambassador's name and e-mail address.")})
    team = MappedChoice("team", required=True, messages={
        "required": _l("Choose your team."), "unknown": _l("Unknown team '%(value)s'; choose one of: %(choices)s.")})
    theme = MappedChoice("theme", required=True, messages={
        "required": _l("Choose the theme of your question."),
        "unknown": _l("Unknown theme '%(value)s'; choose one of: %(choices)s.")})
    phase = MappedChoice("phase", load_default=None, messages={
        "required": _l("Choose a phase."), "unknown": _l("Unknown phase '%(value)s'; choose one of: %(choices)s.")})
    question = Text(required=True, max_length=QUESTION_MAX, min_length=QUESTION_MIN, one_line=True, messages={
        "required": _l("Enter your question."),
        "length": _l("Write the question in %(min)s to %(max)s characters; it now has %(count)s."),
        "one_line": _l("Write the question on one line; put everything else in the details.")})
    details = Text(required=True, allow_blank=True, max_length=DETAILS_MAX, messages={
        "required": _l("Give the details (they may be empty)."),
        "length": _l("The details can be at most %(max)s characters; they now have %(count)s.")})
    urgency = Urgency(required=True, error_messages={
        "required": _l("Choose whether this blocks your team's work."),
        "null": _l("Choose whether this blocks your team's work.")})
    colleagues = Count(required=True, error_messages={"required": _COLLEAGUES_MESSAGE, "null": _COLLEAGUES_MESSAGE})
    external_id = Text(load_default=None, max_length=200, messages={
        "required": _l("Give an external id or leave it out."),
        "length": _l("The external id can be at most %(max)s characters.")})
    not_a_bsn = Flag(load_default=False, error_messages={"invalid": _l("Use true or false.")})
    screenshot = ScreenshotField(load_default=None)

    def __init__(self, mappings: Mappings, today: date, *, channel: str = "api", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mappings, self.today, self.channel = mappings, today, channel
        self.bsn_check = BsnCheck((), False)

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _privacy(self, data: dict[str, Any], original: Any, **kwargs: Any) -> None:
        # The texts as sent, so a BSN is found even in a question that is also too long.
        texts = {name: original.get(name) for name in ("question", "details")}
        self.bsn_check = check_texts({k: v if isinstance(v, str) else None for k, v in texts.items()})
        if self.bsn_check.held_back(confirmed_not_a_bsn=data.get("not_a_bsn") is True):
            message = self._bsn_message()
            raise ValidationError({name: [message] for name in self.bsn_check.fields})

    def _bsn_message(self) -> str:
        if self.bsn_check.next_to_word:
            return _("This text has a BSN (citizen service number) in it. Remove citizens' personal data: "
                     "a BSN may never be sent to IT.")
        if self.channel == "form":
            return _("This text has a number that could be a citizen's BSN. Remove citizens' personal data. "
                     "If the number is not a BSN, tick 'This is not a BSN' and send again.")
        return _("This text has a number that could be a citizen's BSN. Remove citizens' personal data. "
                 "If the number is not a BSN, send again with \"not_a_bsn\": true.")

    @post_load
    def _to_intake(self, data: dict[str, Any], **kwargs: Any) -> Intake:
        phase = data["phase"] or self.mappings.phase_on(self.today).slug
        return Intake(
            name=data["ambassador"]["name"], email=data["ambassador"]["email"], team=data["team"],
            theme=data["theme"], phase=phase, question=data["question"], details=data.get("details") or "",
            urgency=data["urgency"], colleagues=data["colleagues"], external_id=data["external_id"],
            screenshot=data.get("screenshot"),
        )


def flatten_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Marshmallow's nested errors as {"ambassador.email": ["…"]}; schema-level errors on the parent."""
    if not isinstance(messages, dict):
        items = messages if isinstance(messages, list) else [messages]
        return {prefix or "_body": [str(m) for m in items]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        name = prefix if key == "_schema" else (f"{prefix}.{key}" if prefix else str(key))
        for field, texts in flatten_errors(value, name).items():
            flat.setdefault(field, []).extend(texts)
    return flat


class IdempotencyKeySchema(Schema):
    key = fields.String(required=True, validate=validate.Length(
        min=1, max=200, error="Idempotency-Key must be 1 to 200 characters."))

    @validates_schema
    def _printable(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data["key"].isprintable() or not data["key"].isascii():
            raise ValidationError({"key": [_("Idempotency-Key may only hold printable ASCII characters.")]})


class SimilarQuerySchema(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=500), error_messages={
        "invalid": _l("Give the text to search for in q.")})
