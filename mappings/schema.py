"""Marshmallow schema of the mappings file; every rule has a message that says the fix."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

LABEL_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LABEL_ERROR = '"{input}" is not a valid Jira label (lowercase letters, digits and dashes)'
PREFIX_RE = r"^[a-z0-9-]*$"
PREFIX_ERROR = '"{input}" is not a valid label prefix (lowercase letters, digits and dashes)'
LANGUAGES = ("nl", "en")
# What the generic form-tool route can read from an incoming JSON (see intake/form_tools.py).
GENERIC_FORM_KEYS = ("name", "email", "team", "theme", "question", "details", "urgency", "colleagues", "phase",
                     "not_a_bsn", "external_id", "language")


class NamesSchema(Schema):
    nl = fields.String(required=True, validate=validate.Length(min=1, max=100))
    en = fields.String(required=True, validate=validate.Length(min=1, max=100))


class OptionSchema(Schema):
    slug = fields.String(required=True, validate=validate.Regexp(LABEL_RE, error=LABEL_ERROR))
    name = fields.Nested(NamesSchema, required=True)
    jira_option = fields.String(load_default=None, validate=validate.Length(min=1, max=255))


class PhaseSchema(OptionSchema):
    when = fields.String(
        required=True,
        validate=validate.OneOf(("before", "window", "after"), error='"{input}" must be one of: {choices}'),
    )


class GoLiveSchema(Schema):
    date = fields.Date(required=True, error_messages={"invalid": "not a date; write it as 2027-03-01"})
    window_days = fields.Integer(load_default=14, validate=validate.Range(min=1, max=365))


class LabelsSchema(Schema):
    base = fields.String(load_default="voelspriet", validate=validate.Regexp(LABEL_RE, error=LABEL_ERROR))
    team_prefix = fields.String(load_default="team-", validate=validate.Regexp(PREFIX_RE, error=PREFIX_ERROR))
    theme_prefix = fields.String(load_default="thema-", validate=validate.Regexp(PREFIX_RE, error=PREFIX_ERROR))
    phase_prefix = fields.String(load_default="fase-", validate=validate.Regexp(PREFIX_RE, error=PREFIX_ERROR))


class JiraFieldsSchema(Schema):
    team = fields.String(load_default=None)
    theme = fields.String(load_default=None)
    phase = fields.String(load_default=None)
    answer = fields.String(load_default=None)


class FaqSchema(Schema):
    answer_marker = fields.String(load_default="FAQ:", validate=validate.Length(min=1, max=40))
    no_faq_label = fields.String(load_default="geen-faq", validate=validate.Regexp(LABEL_RE, error=LABEL_ERROR))


class PrivacySchema(Schema):
    retention_days = fields.Integer(load_default=180, validate=validate.Range(min=1, max=3650))


class DashboardSchema(Schema):
    silent_days = fields.Integer(load_default=14, validate=validate.Range(min=1, max=365))


class MappingsSchema(Schema):
    organisation = fields.String(required=True, validate=validate.Length(min=1, max=200))
    go_live = fields.Nested(GoLiveSchema, required=True)
    teams = fields.List(fields.Nested(OptionSchema), required=True, validate=validate.Length(min=1))
    themes = fields.List(fields.Nested(OptionSchema), required=True, validate=validate.Length(min=1))
    phases = fields.List(fields.Nested(PhaseSchema), required=True, validate=validate.Length(equal=3))
    urgency = fields.Dict(
        keys=fields.String(validate=validate.OneOf(("normaal", "blokkerend"))),
        values=fields.String(validate=validate.Length(min=1)),
        required=True,
    )
    labels = fields.Nested(LabelsSchema, load_default=dict)
    jira_fields = fields.Nested(JiraFieldsSchema, load_default=dict)
    faq = fields.Nested(FaqSchema, load_default=dict)
    privacy = fields.Nested(PrivacySchema, load_default=dict)
    dashboard = fields.Nested(DashboardSchema, load_default=dict)
    generic_form = fields.Dict(
        keys=fields.String(validate=validate.OneOf(
            GENERIC_FORM_KEYS, error='"{input}" is not a Voelspriet field; use one of: {choices}')),
        values=fields.String(validate=validate.Length(min=1, error="give the dotted path in the incoming JSON")),
        load_default=dict)

    @validates_schema(skip_on_field_errors=False)
    def _consistent(self, data: dict, **_kwargs) -> None:
        errors: dict = {}
        for key in ("teams", "themes", "phases"):
            seen: set[str] = set()
            for index, option in enumerate(data.get(key) or []):
                slug = option.get("slug") if isinstance(option, dict) else None
                if slug is None:
                    continue
                if slug in seen:
                    errors.setdefault(key, {})[index] = {
                        "slug": [f'"{slug}" is used twice; every slug must be unique']
                    }
                seen.add(slug)
        whens = sorted(str(p.get("when")) for p in data.get("phases") or [] if isinstance(p, dict))
        if "phases" in data and whens != ["after", "before", "window"]:
            errors["phases"] = ["need exactly one phase each with when: before, window and after"]
        urgency = data.get("urgency")
        missing = {"normaal", "blokkerend"} - set(urgency if isinstance(urgency, dict) else ())
        if isinstance(urgency, dict) and missing:
            errors["urgency"] = [f"missing the Jira priority for: {', '.join(sorted(missing))}"]
        if errors:
            raise ValidationError(errors)
