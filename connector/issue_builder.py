"""A question as a Jira issue: summary, a tidy wiki-markup description, labels, priority, fields.

The description ends with the question's marker line (`Voelspriet-vraag: q_…`). Jira has no
idempotency key for creates, so this marker is how a retry recognises an issue that Jira made
although the answer to the create never arrived (see `connector.delivery`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from connector.wiki import escape_wiki, one_line
from mappings import Mappings
from mappings.model import MUNICIPAL_ZONE
from store.models import Question

MARKER_PREFIX = "Voelspriet-vraag:"
# Jira Cloud stores descriptions as ADF and may hand a `_` back escaped, hence `\\?`.
_MARKER = re.compile(r"Voelspriet-vraag:\s*q\\?_([0-9a-f]{16})(?![0-9a-zA-Z_])")
SUMMARY_MAX = 254  # Jira refuses 255 characters or more
DESCRIPTION_MAX = 32_000  # Jira's limit is 32,767
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december")
_URGENCY = {
    "normaal": "Normaal",
    "blokkerend": "(!) *Blokkerend*: het team kan hierdoor niet verder werken",
}


@dataclass(frozen=True)
class IssueDraft:
    """What Voelspriet wants in Jira, by name; `JiraClient` turns names into Jira's ids."""

    question_id: str
    summary: str
    description: str
    labels: tuple[str, ...]
    priority: str | None = None  # Jira priority name
    custom_fields: dict[str, str] = field(default_factory=dict)  # Jira field name → option value / text


def marker_line(question_id: str) -> str:
    return f"{MARKER_PREFIX} {question_id}"


def question_id_in(text: str | None) -> str | None:
    """The question id of the marker line in an issue description, if there is exactly one."""
    found = {"q_" + m.group(1) for m in _MARKER.finditer(text or "")}
    return found.pop() if len(found) == 1 else None


def build_issue(question: Question, mappings: Mappings, public_url: str | None) -> IssueDraft:
    team, theme, phase = mappings.team(question.team), mappings.theme(question.theme), mappings.phase(question.phase)
    return IssueDraft(
        question_id=question.id,
        summary=summary_of(question, mappings),
        description=description_of(question, mappings, public_url),
        labels=tuple(mappings.labels_for(question.team, question.theme, question.phase)),
        priority=mappings.urgency_priority.get(question.urgency),
        custom_fields={
            name: option.jira_option or option.name("nl")
            for name, option in ((mappings.jira_fields.team, team), (mappings.jira_fields.theme, theme),
                                 (mappings.jira_fields.phase, phase))
            if name and option is not None
        },
    )


def summary_of(question: Question, mappings: Mappings) -> str:
    text = one_line(question.question or "")
    if not text:
        team = mappings.team(question.team)
        text = f"Vraag van {team.name('nl') if team else question.team}"
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1].rstrip() + "…"


def description_of(question: Question, mappings: Mappings, public_url: str | None) -> str:
    details = question.details or ""
    while True:  # only a pathological text needs more than one round
        text = _description(question, mappings, public_url, details)
        if len(text) <= DESCRIPTION_MAX:
            return text
        details = details[: len(details) // 2]


def _description(question: Question, mappings: Mappings, public_url: str | None, details: str) -> str:
    shortened = details != (question.details or "")
    details_text = escape_wiki(details.strip()) if details.strip() else "_Geen toelichting gegeven._"
    if shortened:
        details_text += "\n\n_(Ingekort: de toelichting was te lang voor Jira.)_"
    parts = [
        "h3. Vraag",
        escape_wiki(one_line(question.question or "")) or "_Geen vraag ingevuld._",
        "h3. Toelichting",
        details_text,
        "h3. Gegevens",
        _metadata_table(question, mappings, public_url),
        "----",
        _footer(question, mappings),
    ]
    return "\n\n".join(parts)


def _metadata_table(question: Question, mappings: Mappings, public_url: str | None) -> str:
    def name(option, key: str) -> str:
        return option.name("nl") if option is not None else key

    rows = [
        ("Team", escape_wiki(name(mappings.team(question.team), question.team))),
        ("Thema", escape_wiki(name(mappings.theme(question.theme), question.theme))),
        ("Fase", escape_wiki(name(mappings.phase(question.phase), question.phase))),
        ("Urgentie", _URGENCY.get(question.urgency, escape_wiki(question.urgency))),
        ("Collega's met deze vraag", str(question.colleagues or 1)),
        ("Ambassadeur", escape_wiki(one_line(question.ambassador_name or "")) or "_onbekend_"),
        ("Ingediend", dutch_time(question.created_at)),
    ]
    if public_url and question.tracking_token:
        rows.append(("Volgpagina", f"[De ambassadeur volgt de vraag hier|{public_url}/q/{question.tracking_token}]"))
    return "\n".join(f"||{label}|{value}|" for label, value in rows)


def _footer(question: Question, mappings: Mappings) -> str:
    answer_field = mappings.jira_fields.answer
    how = f"een reactie die begint met *{escape_wiki(mappings.answer_marker)}*"
    if answer_field:
        how += f" (of het veld *{escape_wiki(answer_field)}*)"
    return (
        f"Binnengekomen via Voelspriet. Het antwoord komt in de FAQ met {how}, daarna de issue oplossen. "
        f"Met het label *{escape_wiki(mappings.no_faq_label)}* blijft de vraag buiten de FAQ.\n"
        f"{marker_line(question.id)}"
    )


def dutch_time(moment: datetime | None) -> str:
    """E.g. "3 maart 2027 om 14:05", in Dutch local time (Jira users read it as such)."""
    if moment is None:
        return "onbekend"
    local = moment.astimezone(MUNICIPAL_ZONE)
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year} om {local:%H:%M}"
