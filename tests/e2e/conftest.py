"""End-to-end: web app, outbox worker and sandbox Jira, each a real server on 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import requests

from voelspriet.stack import LocalStack, wait_until

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["cloud", "datacenter"])
def stack(request, tmp_path, example_mappings) -> Iterator[LocalStack]:
    with LocalStack(tmp_path / "stack", deployment=request.param, mappings=example_mappings) as running:
        yield running


@pytest.fixture
def cloud_stack(tmp_path, example_mappings) -> Iterator[LocalStack]:
    with LocalStack(tmp_path / "stack", deployment="cloud", mappings=example_mappings) as running:
        yield running


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html)
    assert match, f"the form has no hidden field {name}"
    return match.group(1)


def file_through_form(stack: LocalStack, **fields: str) -> requests.Response:
    """Fill in the ambassador form the way a browser does (cookie + CSRF token)."""
    browser = requests.Session()
    page = browser.get(f"{stack.url}/", timeout=10)
    form = {
        "csrf_token": hidden(page.text, "csrf_token"),
        "submission_key": hidden(page.text, "submission_key"),
        "name": "Fatima el Amrani", "email": "f.elamrani@wijkerveen.example",
        "team": "burgerzaken", "theme": "inloggen-en-rechten",
        "question": "Waarom zie ik de knop Zaak afsluiten niet?",
        "details": "Sinds vanochtend ontbreekt de knop bij alle zaken.",
        "urgency": "blokkerend", "colleagues": "3", "phase": "",
    }
    form.update(fields)
    return browser.post(f"{stack.url}/", data=form, timeout=10)


def issue_for(stack: LocalStack, summary: str, timeout: float = 5.0) -> dict:
    def find():
        return next((i for i in stack.sandbox.issues() if i["fields"]["summary"] == summary), None)

    return wait_until(find, timeout, f"an issue with summary {summary!r}")


def faq_entry(stack: LocalStack, key: str, present: bool = True, timeout: float = 10.0) -> dict | bool:
    def look():
        entries = requests.get(f"{stack.url}/faq.json", timeout=5).json()["entries"]
        found = next((e for e in entries if e["jira_key"] == key), None)
        return found if present else found is None

    return wait_until(look, timeout, f"FAQ entry {key} to be {'published' if present else 'withdrawn'}")
