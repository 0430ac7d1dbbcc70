"""The meeting digest's content: sections per team, IT's summary over the raw text, no e-mail addresses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from rollout.digest import build_digest, mask_emails
from rollout.digest_render import DigestLinks, render_html_file, render_markdown
from store.models import QuestionStatus
from tests.rollout.seed import add_question

NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)
SINCE = date(2027, 3, 3)
LINKS = DigestLinks("https://voelspriet.example.test/faq", "https://jira.example.test")


def seed(db):
    day = timedelta(days=1)
    new = add_question(db, created_at=NOW - day, question="Mail naar piet@wijkerveen.example werkt niet",
                       jira_key="ZAAK-11")
    blocker = add_question(db, status=QuestionStatus.RECEIVED, urgency="blokkerend", created_at=NOW - 20 * day,
                           question="Ik kan geen zaak starten")
    answered = add_question(db, status=QuestionStatus.ANSWERED, created_at=NOW - 10 * day, answered_at=NOW - 2 * day,
                            question="hoe werkt dat met die sjablonen??", jira_key="ZAAK-12",
                            faq_summary="Sjablonen kiezen bij een nieuw document")
    add_question(db, status=QuestionStatus.ANSWERED, created_at=NOW - 30 * day, answered_at=NOW - 20 * day,
                 question="Oude vraag", jira_key="ZAAK-13")
    add_question(db, team="belastingen", status=QuestionStatus.CLOSED, created_at=NOW - 2 * day,
                 question="Gesloten vraag", jira_key="ZAAK-14")
    return new, blocker, answered


def test_sections_per_team(runtime):
    *_, answered = seed(runtime.db)
    digest = build_digest(runtime.db, runtime.mappings, SINCE, now=NOW)
    kcc = next(t for t in digest.teams if t.slug == "kcc")
    assert [i.jira_key for i in kcc.came_in] == ["ZAAK-11"]
    assert kcc.came_in[0].text == "Mail naar [e-mail] werkt niet"
    assert [(i.text, i.jira_key, i.faq_anchor) for i in kcc.answered] == [
        ("Sjablonen kiezen bij een nieuw document", "ZAAK-12", f"faq-{answered.jira_id}")]
    assert [(i.text, i.blocker, i.age_days) for i in kcc.still_open] == [
        ("Ik kan geen zaak starten", True, 20), ("Mail naar [e-mail] werkt niet", False, 1)]
    belastingen = next(t for t in digest.teams if t.slug == "belastingen")
    assert [i.jira_key for i in belastingen.came_in] == ["ZAAK-14"] and not belastingen.still_open
    assert next(t for t in digest.teams if t.slug == "burgerzaken").quiet
    assert [t.slug for t in digest.teams] == [t.slug for t in runtime.mappings.teams]


def test_markdown_and_html_show_the_same_sections_without_addresses(runtime):
    _, _, answered = seed(runtime.db)
    digest = build_digest(runtime.db, runtime.mappings, SINCE, now=NOW)
    markdown = render_markdown(digest, LINKS, "nl")
    html = render_html_file(digest, LINKS, "nl")
    for text in (markdown, html):
        assert "@" not in text.replace("@media", "")  # neither the typed address nor the ambassador's
        assert "Anouk" not in text
    kcc = markdown[markdown.index("## Klantcontactcentrum"):markdown.index("## Juridische")]
    assert kcc.index("### Binnengekomen") < kcc.index("### Beantwoord") < kcc.index("### Nog open")
    assert ("- Sjablonen kiezen bij een nieuw document ([ZAAK-12](https://jira.example.test/browse/ZAAK-12), "
            f"[in de FAQ](https://voelspriet.example.test/faq#faq-{answered.jira_id}))") in kcc
    assert "- Ik kan geen zaak starten (nog niet in Jira, 20 dagen open, **blokkeert het werk**)" in kcc
    assert "Geen vragen sinds 3 maart 2027 en niets open." in markdown
    assert f'href="https://voelspriet.example.test/faq#faq-{answered.jira_id}"' in html
    assert '<li class="is-blocker">' in html and "blokkeert het werk" in html
    assert "<h2" in html and 'lang="nl"' in html


def test_english_words(runtime):
    seed(runtime.db)
    markdown = render_markdown(build_digest(runtime.db, runtime.mappings, SINCE, "en", now=NOW), LINKS, "en")
    assert "# Meeting digest" in markdown and "### Still open" in markdown and "## Customer Contact Centre" in markdown


def test_addresses_in_any_form_are_masked():
    assert mask_emails("a.b+c@sub.example.nl, <x@y.org>") == "[e-mail], <[e-mail]>"
    assert mask_emails("geen adres @ hier") == "geen adres @ hier"
