"""A question as IT sees it in Jira: summary, description, labels, priority, custom fields."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from connector.issue_builder import SUMMARY_MAX, build_issue, marker_line, question_id_in
from connector.wiki import adf_to_wiki, escape_wiki
from store.models import Question

PUBLIC = "https://voelspriet.example.nl"


def question(**changes) -> Question:
    values = dict(id="q_0123456789abcdef", tracking_token="Tr4ck-token_x", ambassador_name="Jan de Vries",
                  team="kcc", theme="koppelingen", phase="livegang", question="Hoe koppel ik een zaak aan de BRP?",
                  details="Het scherm blijft leeg.\nNa opslaan gebeurt er niets.", urgency="blokkerend",
                  colleagues=4, created_at=datetime(2027, 3, 3, 13, 5, tzinfo=UTC))
    values.update(changes)
    return Question(**values)


def test_issue_fields_from_the_mappings(example_mappings):
    draft = build_issue(question(), example_mappings, PUBLIC)

    assert draft.summary == "Hoe koppel ik een zaak aan de BRP?"
    assert draft.labels == ("voelspriet", "team-kcc", "thema-koppelingen", "fase-livegang")
    assert draft.priority == "Highest"
    # the phase has no jira_option in the example: its Dutch name is the option
    assert draft.custom_fields == {"Team": "KCC", "Thema": "Koppelingen", "Fase": "Livegangsweken"}


def test_description_reads_like_a_colleague_wrote_it(example_mappings):
    text = build_issue(question(), example_mappings, PUBLIC).description

    assert text.startswith("h3. Vraag\n\nHoe koppel ik een zaak aan de BRP?\n\nh3. Toelichting\n\n"
                           "Het scherm blijft leeg.\nNa opslaan gebeurt er niets.\n\nh3. Gegevens\n\n")
    for row in ("||Team|Klantcontactcentrum (KCC)|", "||Thema|Koppelingen|", "||Fase|Livegangsweken|",
                "||Urgentie|(!) *Blokkerend*: het team kan hierdoor niet verder werken|",
                "||Collega's met deze vraag|4|", "||Ambassadeur|Jan de Vries|",
                "||Ingediend|3 maart 2027 om 14:05|",  # 13:05 UTC is 14:05 in Amsterdam in winter
                f"||Volgpagina|[De ambassadeur volgt de vraag hier|{PUBLIC}/q/Tr4ck-token_x]|"):
        assert row in text.splitlines()
    assert text.splitlines()[-1] == marker_line("q_0123456789abcdef")


def test_summer_time_and_normal_urgency(example_mappings):
    text = build_issue(question(created_at=datetime(2027, 7, 1, 8, 30, tzinfo=UTC), urgency="normaal"),
                       example_mappings, PUBLIC).description
    assert "||Ingediend|1 juli 2027 om 10:30|" in text
    assert "||Urgentie|Normaal|" in text


def test_no_tracking_link_without_a_public_url(example_mappings):
    assert "Volgpagina" not in build_issue(question(), example_mappings, None).description


def test_summary_is_one_line_and_fits_jira(example_mappings):
    long = "Waarom " + "heel " * 80 + "lang?\nTweede regel"
    summary = build_issue(question(question=long), example_mappings, PUBLIC).summary
    assert "\n" not in summary
    assert len(summary) <= SUMMARY_MAX and summary.endswith("…")


def test_ambassador_text_cannot_break_the_layout(example_mappings):
    nasty = "{code}\n|| kop || kop ||\n[link|http://x] !http://evil/img.png! *vet* _schuin_\nh1. Kop\n# lijst\n----"
    draft = build_issue(question(details=nasty, ambassador_name="Piet | {color:red}", question="[a] {b}"),
                        example_mappings, PUBLIC)
    text = draft.description

    details = text.split("h3. Toelichting\n\n")[1].split("\n\nh3. Gegevens")[0]
    assert details == ("\\{code\\}\n\\|\\| kop \\|\\| kop \\|\\|\n\\[link\\|http://x\\] \\!http://evil/img.png! "
                       "\\*vet\\* \\_schuin\\_\nh1\\. Kop\n\\# lijst\n\\-\\-\\-\\-")
    assert "||Ambassadeur|Piet \\| \\{color:red\\}|" in text
    assert "h3. Vraag\n\n\\[a\\] \\{b\\}\n" in text
    assert question_id_in(text) == "q_0123456789abcdef"


@pytest.mark.parametrize(("typed", "escaped"), [
    ("e-mail en q_1234 blijven zoals ze zijn", "e-mail en q_1234 blijven zoals ze zijn"),
    ("Help! Wat nu?", "Help! Wat nu?"),
    ("2 - 3 en ??citaat??", "2 \\- 3 en \\?\\?citaat\\?\\?"),
    ("C:\\Temp\\\\share", "C:&#92;Temp&#92;&#92;share"),
    ("a\n\n\n\nb", "a\n\nb"),
])
def test_escaping_keeps_ordinary_text_readable(typed, escaped):
    assert escape_wiki(typed) == escaped


def test_very_long_details_are_shortened_to_what_jira_accepts(example_mappings):
    text = build_issue(question(details="{" * 40_000), example_mappings, PUBLIC).description
    assert len(text) <= 32_000
    assert "(Ingekort: de toelichting was te lang voor Jira.)" in text
    assert question_id_in(text) == "q_0123456789abcdef"


def test_marker_is_recognised_only_when_unambiguous():
    assert question_id_in("bla\n" + marker_line("q_0123456789abcdef")) == "q_0123456789abcdef"
    assert question_id_in("Voelspriet-vraag: q\\_0123456789abcdef") == "q_0123456789abcdef"  # Cloud's escaping
    assert question_id_in("Voelspriet-vraag: q_0123456789abcdef0") is None  # longer id: not this question
    assert question_id_in(marker_line("q_0123456789abcdef") + "\n" + marker_line("q_1111111111111111")) is None
    assert question_id_in(None) is None


def test_adf_to_wiki():
    doc = {"type": "doc", "version": 1, "content": [
        {"type": "heading", "attrs": {"level": 3}, "content": [{"type": "text", "text": "Antwoord"}]},
        {"type": "paragraph", "content": [
            {"type": "text", "text": "FAQ: gebruik "}, {"type": "text", "text": "dit", "marks": [{"type": "strong"}]},
            {"type": "hardBreak"},
            {"type": "text", "text": "handleiding", "marks": [{"type": "link", "attrs": {"href": "https://x/h"}}]}]},
        {"type": "bulletList", "content": [
            {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "een"}]}]},
            {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "twee"}]}]}]},
        {"type": "codeBlock", "content": [{"type": "text", "text": "x = 1"}]},
    ]}
    assert adf_to_wiki(doc) == ("h3. Antwoord\n\nFAQ: gebruik *dit*\n[handleiding|https://x/h]\n\n* een\n* twee\n\n"
                                "{code}\nx = 1\n{code}")
    assert adf_to_wiki("al wiki") == "al wiki"
    assert adf_to_wiki(None) is None
