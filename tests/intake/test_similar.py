"""Deflection: published FAQ entries that share words with the question being typed."""

from __future__ import annotations

from datetime import timedelta

from intake.similar import MAX_RESULTS, search_words, similar_entries
from store.models import FaqEntry
from store.types import utcnow


def add_entries(runtime, *entries: tuple[str, str, bool]) -> None:
    now = utcnow()
    with runtime.db.transaction() as session:
        for n, (key, summary, published) in enumerate(entries):
            session.add(FaqEntry(jira_issue_id=str(1000 + n), jira_key=key, summary=summary, published=published,
                                 answer_markdown="-", answer_html="<p>-</p>", team="kcc", theme="training",
                                 phase="livegang", updated_at=now - timedelta(minutes=n)))


def test_search_words_drop_short_and_common_words():
    assert search_words("Hoe kan ik in het Zaaksysteem inloggen?") == ["zaaksysteem", "inloggen"]
    assert search_words("de en ik") == []


def test_entries_sharing_most_words_come_first(runtime):
    add_entries(runtime,
                ("ZAAK-1", "Wachtwoord vergeten", True),
                ("ZAAK-2", "Inloggen met tweestapsverificatie lukt niet", True),
                ("ZAAK-3", "Inloggen vanuit huis", True),
                ("ZAAK-4", "Inloggen met tweestapsverificatie (oud)", False))
    found = similar_entries(runtime.db, "Inloggen met tweestapsverificatie werkt niet")
    assert [e.jira_key for e in found] == ["ZAAK-2", "ZAAK-3"]
    assert found[0].url == "/faq#faq-1001"


def test_at_most_five_entries(runtime):
    add_entries(runtime, *[(f"ZAAK-{n}", f"Sjabloon {n} voor besluiten", True) for n in range(8)])
    assert len(similar_entries(runtime.db, "sjabloon")) == MAX_RESULTS


def test_nothing_to_search_finds_nothing(runtime):
    add_entries(runtime, ("ZAAK-1", "Hoe werkt het", True))
    assert similar_entries(runtime.db, "hoe") == []
    assert similar_entries(runtime.db, "100%_") == []
