"""Accessibility basics of the form (WCAG 2.1 AA): labels, error association, language, contrast."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.web.helpers import post_form

CSS = Path(__file__).resolve().parents[2] / "webhooks" / "static" / "voelspriet.css"


class Page(HTMLParser):
    """Collects the elements the checks below look at."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.labels_for: set[str] = set()
        self.fieldset_depth = 0
        self.legends = 0
        self.in_fieldset_controls: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag == "label" and "for" in attributes:
            self.labels_for.add(attributes["for"])
        if tag == "fieldset":
            self.fieldset_depth += 1
        if tag == "legend":
            self.legends += 1
        if tag == "input" and self.fieldset_depth:
            self.in_fieldset_controls.append(attributes.get("id", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "fieldset":
            self.fieldset_depth -= 1

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.elements if "id" in a]

    def controls(self) -> list[dict[str, str]]:
        return [a for tag, a in self.elements
                if tag in ("select", "textarea") or (tag == "input" and a.get("type") not in ("hidden", "submit"))]


@pytest.fixture(params=["empty", "errors", "bsn"])
def form_page(request, client) -> str:
    if request.param == "empty":
        return client.get("/").get_data(as_text=True)
    if request.param == "errors":
        return post_form(client, name="", email="x", team="", colleagues="0", urgency=None).get_data(as_text=True)
    return post_form(client, details="zaak 123456782").get_data(as_text=True)


def test_every_control_has_a_label(form_page):
    page = Page(form_page)
    assert page.controls()
    for control in page.controls():
        assert control.get("id") in page.labels_for, f"no <label for> for {control}"


def test_ids_are_unique_and_every_reference_exists(form_page):
    page = Page(form_page)
    ids = page.ids()
    assert len(ids) == len(set(ids))
    for _, attributes in page.elements:
        for ref in attributes.get("aria-describedby", "").split():
            assert ref in ids, f"aria-describedby points to missing id {ref}"
        if attributes.get("href", "").startswith("#") and len(attributes["href"]) > 1:
            assert attributes["href"][1:] in ids


def test_invalid_fields_are_marked_and_linked_to_their_error(form_page):
    page = Page(form_page)
    errors = {i.removesuffix("-error") for i in page.ids() if i.endswith("-error")}
    invalid = {a["id"] for a in page.controls() if a.get("aria-invalid") == "true"}
    described = {a["id"] for _, a in page.elements if "id" in a
                 for ref in a.get("aria-describedby", "").split() if ref.endswith("-error")}
    assert invalid <= errors
    for field in errors:
        assert field in described or f"{field}-normaal" in page.ids()  # radios: the fieldset is described
    if errors:
        assert 'class="error-summary" role="alert"' in form_page


def test_radios_are_grouped_with_a_legend(form_page):
    page = Page(form_page)
    assert {"urgency-normaal", "urgency-blokkerend"} <= set(page.in_fieldset_controls)
    assert page.legends >= 1


def test_language_title_and_one_main_heading(form_page):
    assert re.search(r'<html lang="(nl|en)">', form_page)
    assert re.search(r"<title>[^<]+</title>", form_page)
    assert form_page.count("<h1") == 1
    assert 'class="skip-link" href="#main"' in form_page and 'id="main"' in form_page


def test_input_purposes_for_autofill_and_phone_keyboards(client):
    controls = {a["id"]: a for a in Page(client.get("/").get_data(as_text=True)).controls()}
    assert controls["name"]["autocomplete"] == "name"
    assert controls["email"]["autocomplete"] == "email" and controls["email"]["type"] == "email"
    assert controls["colleagues"]["inputmode"] == "numeric"
    assert controls["screenshot"]["accept"] == "image/png,image/jpeg"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("foreground", "background"), [
    ("text", "background"), ("muted", "background"), ("muted", "surface"), ("link", "background"),
    ("link", "surface"), ("link-visited", "background"), ("error", "background"), ("error", "surface"),
    ("#ffffff", "brand"), ("#ffffff", "success"), ("focus-text", "focus"), ("text", "surface"),
])
def test_text_colours_meet_aa_contrast(foreground, background):
    palette = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS.read_text()))

    def colour(name: str) -> str:
        return name if name.startswith("#") else palette[name]

    assert contrast(colour(foreground), colour(background)) >= 4.5
