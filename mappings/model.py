"""The validated mappings as plain objects the rest of the code reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

# The municipality counts days here: phases, weekly trends and every time shown to people.
MUNICIPAL_ZONE = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Option:
    """A team or theme: a slug for labels, names per language, optional Jira option value."""

    slug: str
    names: dict[str, str]
    jira_option: str | None = None

    def name(self, language: str = "nl") -> str:
        return self.names.get(language) or self.names["nl"]


@dataclass(frozen=True)
class Phase(Option):
    when: str = "before"  # before | window | after (relative to the go-live date)


@dataclass(frozen=True)
class Labels:
    base: str = "voelspriet"
    team_prefix: str = "team-"
    theme_prefix: str = "thema-"
    phase_prefix: str = "fase-"


@dataclass(frozen=True)
class JiraFields:
    """Custom field *names*; ids (customfield_…) are looked up in Jira at start-up."""

    team: str | None = None
    theme: str | None = None
    phase: str | None = None
    answer: str | None = None


@dataclass(frozen=True)
class Mappings:
    organisation: str
    go_live: date
    window_days: int
    teams: tuple[Option, ...]
    themes: tuple[Option, ...]
    phases: tuple[Phase, ...]
    urgency_priority: dict[str, str]
    labels: Labels = field(default_factory=Labels)
    jira_fields: JiraFields = field(default_factory=JiraFields)
    answer_marker: str = "FAQ:"
    no_faq_label: str = "geen-faq"
    retention_days: int = 180
    silent_days: int = 14
    generic_form: dict[str, str] = field(default_factory=dict)
    source: str = "mappings.yaml"

    def team(self, key: str) -> Option | None:
        return _find(self.teams, key)

    def theme(self, key: str) -> Option | None:
        return _find(self.themes, key)

    def phase(self, key: str) -> Phase | None:
        found = _find(self.phases, key)
        return found if isinstance(found, Phase) else None

    def phase_on(self, day: date) -> Phase:
        """The phase a question asked on `day` belongs to, from the go-live date."""
        if day < self.go_live:
            when = "before"
        elif day < self.go_live + timedelta(days=self.window_days):
            when = "window"
        else:
            when = "after"
        return next(p for p in self.phases if p.when == when)

    def labels_for(self, team: str, theme: str, phase: str) -> list[str]:
        lab = self.labels
        return [lab.base, lab.team_prefix + team, lab.theme_prefix + theme, lab.phase_prefix + phase]


def _find(options: tuple[Option, ...], key: str) -> Option | None:
    """By slug, or by display name in any language (case-insensitive)."""
    wanted = key.strip().casefold()
    for option in options:
        if option.slug == wanted or any(n.casefold() == wanted for n in option.names.values()):
            return option
    return None
