"""The five FAQ outputs: each opens in its intended reader, and none can run an answer's code."""

from __future__ import annotations

import csv
import io
import json

import pytest

from faq.export import build_view
from faq.renderers import FORMATS
from tests.faq.fakes import seed_entry
from tests.faq.html_checks import active_content, markdown_active_content, parse_xml
from voelspriet.runtime import Runtime

ATOM = "{http://www.w3.org/2005/Atom}"
XSS = "FAQ-antwoord <script>alert('x')</script> en <img src=x onerror=alert(1)> [klik|javascript:alert(1)]"


@pytest.fixture
def seeded(runtime: Runtime) -> Runtime:
    seed_entry(runtime, "101", "Wat betekent de status 'Geëscaleerd'?", "De zaak ligt bij de *teamleider*.",
               team="kcc", theme="werkafspraken", minutes=1)
    seed_entry(runtime, "102", "=SOM(A1) staat in mijn rapport", "- eerst\n- dan", theme="rapportages", minutes=2)
    seed_entry(runtime, "103", "Hoe log ik in met eHerkenning?", "Met je pas; zie {{Ctrl+L}}; \"quotes\"",
               theme="inloggen-en-rechten", minutes=3)
    seed_entry(runtime, "104", "Ingetrokken vraag", "weg", published=False)
    return runtime


def _render(runtime: Runtime, fmt: str, lang: str = "nl") -> bytes:
    return FORMATS[fmt].render(build_view(runtime, lang))


def test_csv_opens_in_dutch_excel_with_accents_intact(seeded: Runtime) -> None:
    data = _render(seeded, "csv")
    assert data.startswith("\ufeff".encode()), "the byte-order mark makes Excel read UTF-8"
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == ["Id", "Thema", "Team", "Fase", "Vraag", "Antwoord", "Jira", "Link", "Gepubliceerd",
                       "Bijgewerkt"]
    by_id = {row[0]: row for row in rows[1:]}
    assert set(by_id) == {"faq-101", "faq-102", "faq-103"}
    assert by_id["faq-101"][4] == "Wat betekent de status 'Geëscaleerd'?"
    assert by_id["faq-101"][2] == "Klantcontactcentrum (KCC)"
    assert by_id["faq-102"][4] == "'=SOM(A1) staat in mijn rapport", "no formula runs in Excel"
    assert by_id["faq-102"][5].startswith("'- eerst")
    assert by_id["faq-103"][5] == 'Met je pas; zie `Ctrl+L`; "quotes"'
    assert by_id["faq-103"][7] == "https://jira.example.test/browse/ZAAK-103"
    assert by_id["faq-103"][9] == "2027-03-02 10:03", "Dutch time, a format Excel reads as a date"


def test_json_lists_published_entries_with_names(seeded: Runtime) -> None:
    document = json.loads(_render(seeded, "json", "en"))
    assert document["count"] == 3 and document["language"] == "en"
    first = document["entries"][0]
    assert first["id"] == "faq-103" and first["theme_name"] == "Login and permissions"
    assert first["jira_url"] == "https://jira.example.test/browse/ZAAK-103"
    assert [e["theme"] for e in document["entries"]] == ["inloggen-en-rechten", "werkafspraken", "rapportages"]
    assert {"summary", "answer_markdown", "answer_html", "team", "phase", "first_published_at",
            "updated_at"} <= set(first)


def test_atom_is_a_valid_feed(seeded: Runtime) -> None:
    root = parse_xml(_render(seeded, "atom"))
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 3 and all(i.startswith("urn:uuid:") for i in ids)
    newest = entries[0]
    assert newest.findtext(f"{ATOM}title") == "Hoe log ik in met eHerkenning?"
    assert len(newest.findall(f"{ATOM}link")) == 1, "one alternate link per entry"
    assert newest.find(f"{ATOM}content").get("type") == "html"
    assert "ZAAK-103" in newest.findtext(f"{ATOM}content")


def test_markdown_groups_by_theme_with_stable_anchors(seeded: Runtime) -> None:
    text = _render(seeded, "md").decode()
    assert text.startswith("# Veelgestelde vragen\n")
    assert text.index("## Inloggen en rechten") < text.index("## Werkafspraken") < text.index("## Rapportages")
    assert '<a id="faq-101"></a>' in text
    assert "\\=SOM" not in text and "=SOM(A1) staat" in text
    assert "[ZAAK-101](https://jira.example.test/browse/ZAAK-101)" in text
    assert "Ingetrokken" not in text


def test_html_file_works_alone(seeded: Runtime) -> None:
    page = _render(seeded, "html").decode()
    assert page.startswith("<!doctype html>") and '<html lang="nl">' in page
    assert 'id="faq-101"' in page and 'href="https://jira.example.test/browse/ZAAK-101"' in page
    assert "<script src" not in page and "<link" not in page, "no external script, style or font"
    assert "https://" not in page.split("<main", 1)[0], "nothing loaded from elsewhere"
    assert active_content(page, own_script=1, own_style=1) == []


def test_answer_with_script_is_harmless_in_every_format(runtime: Runtime) -> None:
    seed_entry(runtime, "666", "Vraag met <script>alert('s')</script> erin", XSS)
    outputs = {fmt: _render(runtime, fmt).decode("utf-8-sig") for fmt in FORMATS}
    assert active_content(outputs["html"], own_script=1, own_style=1) == []
    entry = json.loads(outputs["json"])["entries"][0]
    assert active_content(entry["answer_html"]) == []
    assert markdown_active_content(entry["answer_markdown"]) == []
    assert markdown_active_content(outputs["md"]) == []
    content = parse_xml(outputs["atom"].encode()).find(f"{ATOM}entry/{ATOM}content").text
    assert active_content(content) == []
    answer_cell = list(csv.reader(io.StringIO(outputs["csv"], newline=""), delimiter=";"))[1][5]
    for text in (answer_cell, outputs["md"]):  # the summary is plain text in CSV: Excel runs no HTML
        assert "<script" not in text.lower() and "<img" not in text.lower()
    assert 'href="javascript' not in outputs["html"] and "[klik|javascript:alert(1)]" in entry["answer_html"]


def test_empty_faq_renders_everywhere(runtime: Runtime) -> None:
    for fmt in FORMATS:
        assert _render(runtime, fmt)
    assert "Er zijn nog geen beantwoorde vragen." in _render(runtime, "html").decode()
    assert json.loads(_render(runtime, "json"))["entries"] == []
