"""The whole loop over real HTTP: form → Jira issue → IT answers → FAQ and tracking page."""

from __future__ import annotations

import re
import time

import requests

from faq.reconcile import reconcile
from intake.schema import amsterdam_today
from tests.e2e.conftest import faq_entry, file_through_form, issue_for
from voelspriet.stack import wait_until


def test_form_question_becomes_one_labelled_issue_within_two_seconds(stack):
    started = time.monotonic()
    response = file_through_form(stack)
    assert response.status_code == 200
    assert "/q/" in response.text  # the thank-you page carries the tracking link
    issue = issue_for(stack, "Waarom zie ik de knop Zaak afsluiten niet?", timeout=2.0)
    assert time.monotonic() - started < 2.0 + 1.0  # the form post itself included
    fields = issue["fields"]
    phase = stack.runtime.mappings.phase_on(amsterdam_today()).slug  # derived, not chosen
    assert sorted(fields["labels"]) == sorted(
        ["voelspriet", "team-burgerzaken", "thema-inloggen-en-rechten", f"fase-{phase}"])
    assert fields["priority"]["name"] == "Highest"  # blokkerend
    assert len(stack.sandbox.issues()) == 1


def test_answer_and_resolve_in_jira_publishes_to_faq_and_tracking_page(stack):
    response = file_through_form(stack, question="Hoe koppel ik een document aan een zaak?")
    issue = issue_for(stack, "Hoe koppel ik een document aan een zaak?")
    key = issue["key"]

    stack.sandbox.edit_summary(key, "Een document aan een zaak koppelen")
    stack.sandbox.comment(key, "FAQ: Sleep het document naar het tabblad *Documenten* van de zaak.")
    stack.sandbox.resolve(key)
    entry = faq_entry(stack, key)
    assert entry["summary"] == "Een document aan een zaak koppelen"  # IT's wording, not the raw question
    assert "<strong>Documenten</strong>" in entry["answer_html"]
    tracking_link = re.search(r'href="(http[^"]*/q/[^"]+)"', response.text).group(1)
    page = requests.get(tracking_link, timeout=5).text
    assert "Sleep het document" in page

    stack.sandbox.reopen(key)
    assert faq_entry(stack, key, present=False)


def test_reconcile_finds_an_answer_given_while_webhooks_were_down(cloud_stack):
    stack = cloud_stack
    file_through_form(stack, question="Waar vind ik de werkvoorraad van mijn team?")
    key = issue_for(stack, "Waar vind ik de werkvoorraad van mijn team?")["key"]
    stack.sandbox.set_webhook(None)  # the webhook is misconfigured: Jira sends nothing
    stack.sandbox.comment(key, "FAQ: Onder *Mijn team > Werkvoorraad*.")
    stack.sandbox.resolve(key)
    assert requests.get(f"{stack.url}/faq.json", timeout=5).json()["count"] == 0

    reconcile(stack.runtime, since=None)
    entry = faq_entry(stack, key, timeout=10)
    assert "Werkvoorraad" in entry["answer_markdown"]


def test_faq_files_follow_the_faq(cloud_stack):
    stack = cloud_stack
    file_through_form(stack, question="Hoe vraag ik extra rechten aan?")
    key = issue_for(stack, "Hoe vraag ik extra rechten aan?")["key"]
    stack.sandbox.comment(key, "FAQ: Via de servicedesk, formulier *Rechten*.")
    stack.sandbox.resolve(key)
    faq_entry(stack, key)
    folder = stack.runtime.settings.faq_dir
    wait_until(lambda: (folder / "faq.json").exists() and key in (folder / "faq.json").read_text(), 5,
               "the FAQ files to be written")
    for name in ("faq.html", "faq.md", "faq.csv", "faq.atom"):
        assert key in (folder / name).read_text(encoding="utf-8-sig"), name
