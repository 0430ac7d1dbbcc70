"""Jira wiki markup and ADF → Markdown → sanitised HTML: structure survives, code never runs."""

from __future__ import annotations

import pytest

from faq.markup import (
    demote_html_headings,
    demote_markdown_headings,
    escape_raw_html,
    markdown_to_html,
    to_markdown,
    wiki_to_markdown,
)
from tests.faq.html_checks import active_content, markdown_active_content

WIKI = """h2. Overdragen

Ga naar *Zaken* en kies _Overdragen_ ({{Ctrl+O}}). Zie [de handleiding|https://intranet.example/zaken].

* eerst opslaan
* dan overdragen

# stap één
# stap twee

||Rol||Mag overdragen||
|Medewerker|ja|
|Stagiair|nee|

{code:python}
if zaak.status == "open":
    overdragen(zaak)
{code}
"""

HARMFUL = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    "[klik|javascript:alert(1)]",
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "{html}<script>alert(1)</script>{html}",
    "Tekst <b onmouseover=alert(1)>vet</b>",
]


def test_wiki_markup_keeps_links_lists_code_and_tables() -> None:
    html = markdown_to_html(wiki_to_markdown(WIKI))
    assert "<h2>Overdragen</h2>" in html
    assert "<strong>Zaken</strong>" in html and "<em>Overdragen</em>" in html
    assert "<code>Ctrl+O</code>" in html
    assert '<a href="https://intranet.example/zaken" rel="noopener noreferrer">de handleiding</a>' in html
    assert html.count("<li>") == 4 and "<ul>" in html and "<ol>" in html
    assert "<table>" in html and "<th>Rol</th>" in html and "<td>Stagiair</td>" in html
    assert "<pre><code" in html and "overdragen(zaak)" in html
    assert 'if zaak.status == "open":' in html


@pytest.mark.parametrize("harmful", HARMFUL)
def test_wiki_markup_never_yields_running_code(harmful: str) -> None:
    markdown = wiki_to_markdown(f"Antwoord: {harmful} einde")
    html = markdown_to_html(markdown)
    assert active_content(html) == []
    assert markdown_active_content(markdown) == [], "the Markdown itself must stay harmless"
    assert "einde" in html


def test_raw_html_in_markdown_is_shown_as_text() -> None:
    html = markdown_to_html(wiki_to_markdown("Druk op <Enter> en daarna <script>x</script>"))
    assert "Druk op &lt;Enter&gt;" in html
    assert "&lt;script&gt;" in html


def test_code_keeps_its_angle_brackets() -> None:
    markdown = escape_raw_html("`<b>` en <i>\n```\n<div>\n```\nna <p>")
    assert markdown == "`<b>` en &lt;i>\n```\n<div>\n```\nna &lt;p>"


ADF_DOC = {"type": "doc", "version": 1, "content": [
    {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": "Stappen"}]},
    {"type": "paragraph", "content": [
        {"type": "text", "text": "Kies "},
        {"type": "text", "text": "Overdragen", "marks": [{"type": "strong"}]},
        {"type": "text", "text": " of "},
        {"type": "text", "text": "zie hier", "marks": [{"type": "link", "attrs": {"href": "https://intranet.example/x"}}]},
        {"type": "text", "text": ", toets "},
        {"type": "text", "text": "Ctrl+<O>", "marks": [{"type": "code"}]},
        {"type": "hardBreak"},
        {"type": "text", "text": "*geen* nadruk, <script>alert(1)</script> [geen](link)", "marks": [{"type": "em"}]},
    ]},
    {"type": "bulletList", "content": [
        {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "een"}]}]},
        {"type": "listItem", "content": [
            {"type": "paragraph", "content": [{"type": "text", "text": "twee"}]},
            {"type": "orderedList", "attrs": {"order": 1}, "content": [
                {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "a"}]}]},
            ]},
        ]},
    ]},
    {"type": "codeBlock", "attrs": {"language": "sql"}, "content": [{"type": "text", "text": "select '<x>';"}]},
    {"type": "rule"},
    {"type": "table", "content": [
        {"type": "tableRow", "content": [
            {"type": "tableHeader", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Rol"}]}]},
            {"type": "tableHeader", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "A|B"}]}]},
        ]},
        {"type": "tableRow", "content": [
            {"type": "tableCell", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "KCC"}]}]},
            {"type": "tableCell", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "ja"}]}]},
        ]},
    ]},
    {"type": "paragraph", "content": [
        {"type": "text", "text": "slecht", "marks": [{"type": "link", "attrs": {"href": "javascript:alert(1)"}}]},
        {"type": "mediaInline", "attrs": {"id": "x"}},
    ]},
    {"type": "paragraph", "content": [{"type": "text", "text": "# geen kop"}]},
]}


def test_adf_common_nodes_become_markdown() -> None:
    html = markdown_to_html(to_markdown(ADF_DOC))
    assert "<h2>Stappen</h2>" in html
    assert "<strong>Overdragen</strong>" in html
    assert '<a href="https://intranet.example/x" rel="noopener noreferrer">zie hier</a>' in html
    assert "<code>Ctrl+&lt;O&gt;</code>" in html
    assert "<br>" in html
    assert "<em>*geen* nadruk, &lt;script&gt;alert(1)&lt;/script&gt; [geen](link)</em>" in html
    assert "<ul>" in html and "<ol>" in html and "<li>a</li>" in html
    assert '<pre><code class="language-sql">select \'&lt;x&gt;\';' in html
    assert "<hr>" in html
    assert "<th>A|B</th>" in html and "<td>KCC</td>" in html
    assert "slecht" in html and "javascript" not in html
    assert "<p># geen kop</p>" in html
    assert active_content(html) == []


def test_adf_as_json_text_is_recognised() -> None:
    import json

    assert "**Overdragen**" in to_markdown(json.dumps(ADF_DOC))


def test_plain_text_that_looks_like_json_stays_text() -> None:
    assert to_markdown('{"geen": "adf"}') == '{"geen": "adf"}'


def test_empty_values_give_empty_markdown() -> None:
    assert to_markdown(None) == "" and to_markdown("   ") == ""


def test_answer_headings_go_below_the_page_headings() -> None:
    assert demote_html_headings("<h1>a</h1><h5>b</h5>", 3) == "<h4>a</h4><h6>b</h6>"
    assert demote_markdown_headings("# a\n```\n# code\n```\n## b", 3) == "#### a\n```\n# code\n```\n##### b"
