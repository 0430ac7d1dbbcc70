"""Which text in a Jira issue is IT's answer."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from connector.snapshot import Comment
from faq.answer import find_answer, strip_marker
from tests.faq.fakes import T0, issue


def _comment(n: int, body, minutes: int) -> Comment:
    moment = T0 + timedelta(minutes=minutes)
    return Comment(id=str(n), body=body, created=moment, updated=moment)


def test_newest_marker_comment_is_the_answer_and_the_marker_is_stripped() -> None:
    snapshot = issue(comments=(
        _comment(1, "FAQ: oud antwoord", 1),
        _comment(2, "  faq: *nieuw* antwoord", 5),
        _comment(3, "Geen FAQ: dit is overleg", 9),
        _comment(4, "Nog een vraag aan de melder", 10),
    ))
    answer = find_answer(snapshot, "FAQ:")
    assert answer is not None and answer.source == "comment"
    assert answer.markdown == "**nieuw** antwoord"
    assert answer.html == "<p><strong>nieuw</strong> antwoord</p>\n"


def test_order_of_comments_in_the_payload_does_not_matter() -> None:
    comments = (_comment(2, "FAQ: nieuw", 5), _comment(1, "FAQ: oud", 1))
    assert find_answer(issue(comments=comments), "FAQ:").markdown == "nieuw"


def test_no_marker_comment_means_no_answer() -> None:
    assert find_answer(issue(comments=(_comment(1, "Opgelost, zie mail", 1),)), "FAQ:") is None
    assert find_answer(issue(), "FAQ:") is None


def test_a_marker_with_nothing_after_it_is_no_answer() -> None:
    snapshot = issue(comments=(_comment(1, "FAQ: echt antwoord", 1), _comment(2, "FAQ:   ", 2)))
    assert find_answer(snapshot, "FAQ:").markdown == "echt antwoord"


def test_the_answer_field_wins_when_filled_and_mapped() -> None:
    snapshot = issue(comments=(_comment(1, "FAQ: uit commentaar", 1),), answer_field="Uit het *veld*")
    assert find_answer(snapshot, "FAQ:").markdown == "Uit het **veld**"
    assert find_answer(snapshot, "FAQ:", use_field=False).markdown == "uit commentaar"
    emptied = replace(snapshot, answer_field="   ")
    assert find_answer(emptied, "FAQ:").markdown == "uit commentaar"


def test_a_configured_marker_with_other_letters_works() -> None:
    snapshot = issue(comments=(_comment(1, "[antwoord] Zo doe je dat.", 1),))
    assert find_answer(snapshot, "[Antwoord]").markdown == "Zo doe je dat."


def test_adf_comment_body_with_marker() -> None:
    body = {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [
        {"type": "text", "text": "FAQ: ", "marks": [{"type": "strong"}]},
        {"type": "text", "text": "Kies "},
        {"type": "text", "text": "Overdragen", "marks": [{"type": "em"}]},
    ]}]}
    snapshot = issue(comments=(_comment(1, body, 1),))
    answer = find_answer(snapshot, "FAQ:")
    assert answer is not None and answer.markdown == "Kies *Overdragen*"
    assert body["content"][0]["content"][0]["text"] == "FAQ: ", "the snapshot's data is not changed"
    assert find_answer(issue(comments=(_comment(1, {"type": "doc", "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": "Geen antwoord"}]}]}, 1),)), "FAQ:") is None


def test_strip_marker() -> None:
    assert strip_marker("\n FAQ:  tekst ", "FAQ:") == "tekst"
    assert strip_marker("tekst FAQ:", "FAQ:") is None
    assert strip_marker("FAQ: x", "") is None
