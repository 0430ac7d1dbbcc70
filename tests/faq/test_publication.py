"""The publication rules as a pure function of the issue's current state."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from connector.snapshot import Comment
from faq.publication import Current, EntryAction, EntryContent, Placement, decide, placement_from_labels
from mappings import Mappings
from store.models import QuestionStatus
from tests.faq.fakes import T0, issue

PLACE = Placement("burgerzaken", "zaaktypen-en-processen", "livegang")
ANSWER = Comment("1", "FAQ: Kies *Overdragen*.", T0, T0)


def _resolved(**fields):
    return issue(comments=(ANSWER,), resolution="Done", resolved_at=T0, status_category="done", **fields)


def _published(snapshot) -> Current:
    content = EntryContent(snapshot.key, snapshot.summary, "Kies **Overdragen**.",
                           "<p>Kies <strong>Overdragen</strong>.</p>\n", PLACE)
    return Current(content, True, QuestionStatus.ANSWERED)


def test_resolved_with_answer_is_published_and_answered(example_mappings: Mappings) -> None:
    decision = decide(_resolved(), Current(None, False, QuestionStatus.SYNCED), PLACE, example_mappings)
    assert decision.action == EntryAction.PUBLISH
    assert decision.question_status == QuestionStatus.ANSWERED
    assert decision.content.summary == "Hoe draag ik een zaak over?"
    assert decision.content.answer_markdown == "Kies **Overdragen**."
    assert decision.content.placement == PLACE


@pytest.mark.parametrize(("change", "action", "status"), [
    ({"resolution": None, "resolved_at": None}, EntryAction.WITHDRAW, QuestionStatus.SYNCED),  # reopened
    ({"comments": ()}, EntryAction.WITHDRAW, QuestionStatus.CLOSED),  # answer removed
    ({"labels": ("voelspriet", "geen-faq")}, EntryAction.WITHDRAW, QuestionStatus.CLOSED),
    ({"summary": "Zaak overdragen aan een collega"}, EntryAction.UPDATE, None),
    ({"comments": (ANSWER, Comment("2", "FAQ: Beter antwoord", T0 + timedelta(1), T0))}, EntryAction.UPDATE, None),
    ({"key": "ZAAK2-7"}, EntryAction.UPDATE, None),  # moved project: new key
    ({}, EntryAction.NONE, None),  # nothing changed
])
def test_changes_to_a_published_issue(example_mappings: Mappings, change, action, status) -> None:
    current = _published(_resolved())
    decision = decide(replace(_resolved(), **change), current, PLACE, example_mappings)
    assert decision.action == action
    assert decision.question_status == status


def test_deleted_issue_removes_the_entry_and_closes_the_question(example_mappings: Mappings) -> None:
    decision = decide(None, _published(_resolved()), PLACE, example_mappings)
    assert (decision.action, decision.question_status) == (EntryAction.REMOVE, QuestionStatus.CLOSED)
    assert decide(None, Current(None, False, None), PLACE, example_mappings).action == EntryAction.NONE


def test_withdrawn_entry_is_published_again_when_resolved_again(example_mappings: Mappings) -> None:
    current = replace(_published(_resolved()), entry_published=False, question_status=QuestionStatus.SYNCED)
    decision = decide(_resolved(), current, PLACE, example_mappings)
    assert (decision.action, decision.question_status) == (EntryAction.PUBLISH, QuestionStatus.ANSWERED)


def test_resolved_without_answer_closes_and_keeps_no_entry(example_mappings: Mappings) -> None:
    snapshot = replace(_resolved(), comments=())
    decision = decide(snapshot, Current(None, False, QuestionStatus.SYNCED), PLACE, example_mappings)
    assert (decision.action, decision.question_status, decision.answer) == (
        EntryAction.NONE, QuestionStatus.CLOSED, None)


def test_geen_faq_still_gives_the_ambassador_the_answer(example_mappings: Mappings) -> None:
    snapshot = replace(_resolved(), labels=("voelspriet", "geen-faq"))
    decision = decide(snapshot, Current(None, False, QuestionStatus.SYNCED), PLACE, example_mappings)
    assert decision.action == EntryAction.NONE and decision.question_status == QuestionStatus.CLOSED
    assert decision.answer is not None and decision.answer.markdown == "Kies **Overdragen**."


def test_issue_without_question_is_placed_by_its_labels(example_mappings: Mappings) -> None:
    snapshot = issue(labels=("voelspriet", "team-kcc", "thema-onbekend", "thema-koppelingen", "fase-na-livegang"))
    assert placement_from_labels(snapshot, example_mappings) == Placement("kcc", "koppelingen", "na-livegang")


def test_without_labels_the_select_fields_place_it(example_mappings: Mappings) -> None:
    snapshot = issue(labels=("voelspriet",), custom_fields={"team": "KCC", "theme": "Rapportages", "phase": None})
    assert placement_from_labels(snapshot, example_mappings) == Placement("kcc", "rapportages", "")
