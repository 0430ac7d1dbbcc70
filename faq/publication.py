"""The publication rules, as a pure function of the issue's current state.

    resolved + an answer + no `geen-faq` label  → entry published (or updated), question answered
    resolved without answer, or with `geen-faq` → entry withdrawn, question closed
    not resolved (reopened, never resolved)     → entry withdrawn, question back to synced
    issue deleted                               → entry removed, question closed

Because the input is the issue as Jira holds it *now*, applying the rules again, late or out of
order, gives the same result: nothing here looks at which event arrived.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from connector.snapshot import IssueSnapshot
from faq.answer import Answer, find_answer
from mappings import Mappings
from mappings.model import Option
from store.models import QuestionStatus


class EntryAction(StrEnum):
    NONE = "none"
    PUBLISH = "publish"  # new entry, or a withdrawn one published again
    UPDATE = "update"  # summary, answer, key or placement changed
    WITHDRAW = "withdraw"
    REMOVE = "remove"  # the issue is gone


@dataclass(frozen=True)
class Placement:
    """Where an entry sits in the FAQ: slugs from the mappings ('' when unknown)."""

    team: str
    theme: str
    phase: str


@dataclass(frozen=True)
class EntryContent:
    """What the organisation reads. Built only from Jira's summary and IT's answer."""

    jira_key: str
    summary: str
    answer_markdown: str
    answer_html: str
    placement: Placement


@dataclass(frozen=True)
class Current:
    """The stored state the rules compare against."""

    entry: EntryContent | None = None
    entry_published: bool = False
    question_status: str | None = None  # None: Voelspriet has no question for this issue


@dataclass(frozen=True)
class Decision:
    action: EntryAction
    content: EntryContent | None  # the entry's new content for PUBLISH / UPDATE
    question_status: str | None  # the question's new status, None when it stays
    answer: Answer | None  # IT's answer, for the question (also when not published)


def decide(snapshot: IssueSnapshot | None, current: Current, placement: Placement,
           mappings: Mappings) -> Decision:
    if snapshot is None:
        action = EntryAction.REMOVE if current.entry is not None else EntryAction.NONE
        return Decision(action, None, _moved(current.question_status, QuestionStatus.CLOSED), None)
    answer = find_answer(snapshot, mappings.answer_marker, use_field=mappings.jira_fields.answer is not None)
    publishable = snapshot.is_resolved and answer is not None and mappings.no_faq_label not in snapshot.labels
    if publishable:
        assert answer is not None
        content = EntryContent(snapshot.key, snapshot.summary.strip(), answer.markdown, answer.html, placement)
        return Decision(_publish_action(current, content), content,
                        _moved(current.question_status, QuestionStatus.ANSWERED), answer)
    action = EntryAction.WITHDRAW if current.entry is not None and current.entry_published else EntryAction.NONE
    status = QuestionStatus.CLOSED if snapshot.is_resolved else QuestionStatus.SYNCED
    return Decision(action, None, _moved(current.question_status, status), answer if snapshot.is_resolved else None)


def _publish_action(current: Current, content: EntryContent) -> EntryAction:
    if current.entry is None or not current.entry_published:
        return EntryAction.PUBLISH
    return EntryAction.NONE if current.entry == content else EntryAction.UPDATE


def _moved(old: str | None, new: str) -> str | None:
    return None if old is None or old == new else new


def placement_from_labels(snapshot: IssueSnapshot, mappings: Mappings) -> Placement:
    """Team, theme and phase of an issue Voelspriet has no question for: labels, then select fields."""
    prefixes = mappings.labels
    return Placement(
        team=_slug(snapshot, prefixes.team_prefix, mappings.teams, "team"),
        theme=_slug(snapshot, prefixes.theme_prefix, mappings.themes, "theme"),
        phase=_slug(snapshot, prefixes.phase_prefix, mappings.phases, "phase"),
    )


def _slug(snapshot: IssueSnapshot, prefix: str, options: tuple[Option, ...], field: str) -> str:
    known = {option.slug for option in options}
    candidates = [label[len(prefix):] for label in snapshot.labels if label.startswith(prefix)]
    for slug in candidates:
        if slug in known:
            return slug
    value = (snapshot.custom_fields or {}).get(field)
    for option in options:
        if value and value in (option.jira_option, *option.names.values()):
            return option.slug
    return candidates[0] if candidates else ""
