"""The Dutch catalogue is complete and compiled: no English text slips onto a Dutch page."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "webhooks" / "translations"
PO = TRANSLATIONS / "nl" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


def source_msgids() -> set[str]:
    with (TRANSLATIONS / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = extract_from_dir(str(ROOT), method_map, options_map, keywords=KEYWORDS)
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


def test_every_string_in_the_code_has_a_dutch_translation():
    with PO.open("rb") as f:
        catalogue = read_po(f, locale="nl")
    translated = {m.id for m in catalogue if m.id and m.string and "fuzzy" not in m.flags}
    missing = sorted(source_msgids() - translated)
    assert not missing, (
        f"{len(missing)} string(s) without Dutch translation, e.g. {missing[:3]}; "
        "see webhooks/translations/README.md")


def test_the_compiled_catalogue_matches_the_po_file():
    with PO.open("rb") as f:
        po = {m.id: m.string for m in read_po(f, locale="nl") if m.id and "fuzzy" not in m.flags}
    with MO.open("rb") as f:
        mo = {m.id: m.string for m in read_mo(f) if m.id}
    assert mo == po, "messages.mo is out of date: run `.venv/bin/pybabel compile -d webhooks/translations`"
