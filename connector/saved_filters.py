"""`voelspriet setup-jira`: the saved filters a project lead expects, and JQL for board quick filters.

The filters are found again by name among the Jira account's favourites (Voelspriet saves them as
favourites), so a second run changes nothing: an identical filter "exists", one whose JQL differs
is updated. The account that owns them is Voelspriet's, so they are shared with the project:
otherwise nobody else would see them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from connector.client import JiraClient, SavedFilter, jql_string
from connector.errors import JiraError, JiraOutcomeUnknown, JiraRetryable
from mappings import Mappings
from voelspriet.log import event

log = logging.getLogger(__name__)

PREFIX = "Voelspriet – "
OPEN = "resolution IS EMPTY"
CREATED, UPDATED, EXISTS = "created", "updated", "exists"
WOULD_CREATE, WOULD_UPDATE = "would create", "would update"


@dataclass(frozen=True)
class WantedFilter:
    name: str
    jql: str
    description: str


@dataclass(frozen=True)
class QuickFilter:
    """A board quick filter: JQL without the project part (the board's own filter has that)."""

    name: str
    jql: str


@dataclass(frozen=True)
class Outcome:
    action: str  # created | updated | exists | would create | would update
    name: str
    filter_id: str | None = None
    shared: bool = False  # an existing filter was (in a dry run: would be) shared with the project


class SetupFailed(Exception):
    """Setting up stopped; the message says what happened and what to do."""


def _labels(mappings: Mappings) -> dict[str, str]:
    return {"base": mappings.labels.base, "team": mappings.labels.team_prefix,
            "theme": mappings.labels.theme_prefix, "phase": mappings.labels.phase_prefix}


def base_jql(mappings: Mappings, project: str) -> str:
    """Every Voelspriet issue of the project; the dashboard's links start from this too."""
    return f"project = {jql_string(project)} AND labels = {jql_string(mappings.labels.base)}"


def label_clause(mappings: Mappings, kind: str, slug: str) -> str:
    """`labels = "team-kcc"` for kind team, theme or phase."""
    return f"labels = {jql_string(_labels(mappings)[kind] + slug)}"


def blocker_clause(mappings: Mappings) -> str:
    return f"priority = {jql_string(mappings.urgency_priority['blokkerend'])}"


def answered_clause(mappings: Mappings) -> str:
    """Resolved and not kept out of the FAQ: what Voelspriet counts as answered."""
    return f"resolution IS NOT EMPTY AND labels != {jql_string(mappings.no_faq_label)}"


def quick_filters(mappings: Mappings) -> list[QuickFilter]:
    found = [QuickFilter("Open", OPEN), QuickFilter("Blokkerend", blocker_clause(mappings))]
    for kind, title, options in (("team", "Team", mappings.teams), ("theme", "Thema", mappings.themes),
                                 ("phase", "Fase", mappings.phases)):
        found += [QuickFilter(f"{title} {o.name('nl')}", label_clause(mappings, kind, o.slug)) for o in options]
    return found


def wanted_filters(mappings: Mappings, project: str) -> list[WantedFilter]:
    """Overviews first, then one filter per team and one per theme."""
    base = base_jql(mappings, project)
    wanted = [
        WantedFilter(f"{PREFIX}open vragen", f"{base} AND {OPEN} ORDER BY created DESC",
                     "Vragen van ambassadeurs die IT nog niet heeft afgehandeld."),
        # oldest first: the blocker that has waited longest is the one to chase
        WantedFilter(f"{PREFIX}open blokkades",
                     f"{base} AND {blocker_clause(mappings)} AND {OPEN} ORDER BY created ASC",
                     "Open vragen die het werk van een team blokkeren (urgentie 'blokkerend')."),
        WantedFilter(f"{PREFIX}beantwoord in de FAQ",
                     f"{base} AND {answered_clause(mappings)} ORDER BY resolved DESC",
                     f"Afgehandelde vragen zonder het label {mappings.no_faq_label}: wat in de FAQ komt."),
    ]
    for kind, title, options in (("team", "team", mappings.teams), ("theme", "thema", mappings.themes)):
        wanted += [WantedFilter(f"{PREFIX}{title} {o.name('nl')}",
                                f"{base} AND {label_clause(mappings, kind, o.slug)} ORDER BY created DESC",
                                f"Vragen over {title} {o.name('nl')}, nieuwste eerst.") for o in options]
    return wanted


def _same_query(found: SavedFilter, wanted: WantedFilter) -> bool:
    return found.name == wanted.name and " ".join(found.jql.split()) == " ".join(wanted.jql.split())


def set_up(client: JiraClient, wanted: Sequence[WantedFilter], dry_run: bool = False) -> Iterator[Outcome]:
    """One outcome per wanted filter, as it happens; raises SetupFailed at the first Jira problem."""
    try:
        existing = {f.name.casefold(): f for f in reversed(client.saved_filters())}  # the first of a name wins
    except JiraError as problem:
        raise SetupFailed(explain(problem, None, client.settings.jira_project or "")) from None
    for item in wanted:
        try:
            yield _set_up_one(client, item, existing.get(item.name.casefold()), dry_run)
        except JiraError as problem:
            raise SetupFailed(explain(problem, item.name, client.settings.jira_project or "")) from None


def _set_up_one(client: JiraClient, wanted: WantedFilter, found: SavedFilter | None, dry_run: bool) -> Outcome:
    if dry_run:
        action = WOULD_CREATE if found is None else EXISTS if _same_query(found, wanted) else WOULD_UPDATE
        return Outcome(action, wanted.name, found and found.id, shared=found is not None and not found.shared)
    if found is None:
        saved, action = client.create_saved_filter(wanted.name, wanted.jql, wanted.description), CREATED
    elif _same_query(found, wanted):
        saved, action = found, EXISTS
    else:
        saved, action = client.update_saved_filter(found.id, wanted.name, wanted.jql, wanted.description), UPDATED
    if action != EXISTS:
        event(log, f"saved_filter_{action}", filter_id=saved.id)
    if saved.shared:
        return Outcome(action, wanted.name, saved.id)
    client.share_saved_filter(saved.id)  # Data Center ignores sharing on create; an old filter may be private
    event(log, "saved_filter_shared", filter_id=saved.id)
    return Outcome(action, wanted.name, saved.id, shared=action != CREATED)  # a new one is shared as a matter of course


def explain(problem: JiraError, name: str | None, project: str) -> str:
    """What went wrong, in the project lead's terms, and what to do about it."""
    return f"Could not set up the saved filters in Jira: {problem}\n{_advice(problem, name, project)}"


def _advice(problem: JiraError, name: str | None, project: str) -> str:
    again = "then run `voelspriet setup-jira` again (filters already made are kept, not made twice)."
    keys = {k.casefold() for k in problem.error_keys}
    if isinstance(problem, JiraOutcomeUnknown):
        return f"Jira may have saved it anyway; {again}"
    if isinstance(problem, JiraRetryable):
        return f"Wait until Jira is reachable, {again}"
    if problem.status != 400:
        return f"Fix the Jira account or settings named above, {again}"
    if any("share" in k for k in keys):
        return (f"The Jira account may not share filters: give it the global permission 'Share dashboards and "
                f"filters' (the filters are shared with project {project} so the project group sees them), {again}")
    if "filtername" in keys:
        return (f"Another filter is called {name!r} but is not among the Jira account's favourite filters: "
                f"star it in Jira (or rename or delete it), {again}")
    return ("If Jira's message is about sharing, give the Jira account the global permission 'Share dashboards "
            "and filters'; if it names a priority or label, fix `urgency` or `labels` in the mappings; "
            f"{again}")


def report_line(outcome: Outcome, jira_url: str, project: str, width: int, dry_run: bool = False) -> str:
    where = f"{outcome.filter_id:>6}  {jira_url}/issues/?filter={outcome.filter_id}" if outcome.filter_id else "     -"
    line = f"{outcome.action:<13} {outcome.name:<{width}}  {where}"
    if outcome.shared:
        line += f"  ({'would be ' if dry_run else ''}shared with project {project})"
    return line


def quick_filter_block(quick: Sequence[QuickFilter]) -> str:
    width = max(len(q.name) for q in quick)
    lines = ["Board quick filters (paste into Board settings → Quick filters):"]
    lines += [f"  {q.name:<{width}}  {q.jql}" for q in quick]
    return "\n".join(lines)
