"""The mappings file: the shipped example loads, and every mistake is named with its fix."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from mappings import MappingsError, load_mappings
from mappings.loader import parse_mappings
from voelspriet.config import DEFAULT_MAPPINGS


def _example() -> dict:
    return yaml.safe_load(DEFAULT_MAPPINGS.read_text(encoding="utf-8"))


def test_example_has_the_municipal_teams_and_themes(example_mappings):
    team_names = {t.name("nl") for t in example_mappings.teams}
    assert {"Burgerzaken", "Vergunningen", "Sociaal Domein", "Belastingen"} <= team_names
    assert example_mappings.theme("Inloggen en rechten").slug == "inloggen-en-rechten"
    assert example_mappings.team("Social Services").slug == "sociaal-domein"


def test_phase_follows_the_go_live_date(example_mappings):
    go_live = example_mappings.go_live
    assert example_mappings.phase_on(go_live - timedelta(days=1)).when == "before"
    assert example_mappings.phase_on(go_live).when == "window"
    last_window_day = go_live + timedelta(days=example_mappings.window_days - 1)
    assert example_mappings.phase_on(last_window_day).when == "window"
    assert example_mappings.phase_on(last_window_day + timedelta(days=1)).when == "after"


def test_labels_use_the_prefixes(example_mappings):
    assert example_mappings.labels_for("kcc", "training", "livegang") == [
        "voelspriet", "team-kcc", "thema-training", "fase-livegang",
    ]


def test_invalid_slug_is_named_with_its_path_and_fix():
    data = _example()
    data["teams"][3]["slug"] = "Sociaal Domein"
    with pytest.raises(MappingsError) as info:
        parse_mappings(data, "example.yaml")
    assert info.value.problems == [
        'example.yaml: teams[3].slug: "Sociaal Domein" is not a valid Jira label '
        "(lowercase letters, digits and dashes)"
    ]


def test_every_problem_gets_its_own_line():
    data = _example()
    del data["organisation"]
    data["go_live"]["date"] = "first of March"
    data["urgency"].pop("blokkerend")
    data["themes"][1]["slug"] = data["themes"][0]["slug"]
    with pytest.raises(MappingsError) as info:
        parse_mappings(data, "m.yaml")
    problems = "\n".join(info.value.problems)
    assert "m.yaml: organisation: required; add it" in problems
    assert "m.yaml: go_live.date: not a date; write it as 2027-03-01" in problems
    assert "m.yaml: urgency: missing the Jira priority for: blokkerend" in problems
    assert "m.yaml: themes[1].slug:" in problems and "used twice" in problems
    assert len(info.value.problems) == 4


def test_broken_yaml_says_where(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("teams: [unclosed\n", encoding="utf-8")
    with pytest.raises(MappingsError) as info:
        load_mappings(bad)
    assert info.value.problems[0].startswith("bad.yaml: line ")


def test_missing_file_says_which_setting(tmp_path: Path):
    with pytest.raises(MappingsError, match="VOELSPRIET_MAPPINGS"):
        load_mappings(tmp_path / "nope.yaml")


def test_generic_form_table_names_only_fields_voelspriet_reads():
    from intake.form_tools import FIELDS
    from mappings.schema import GENERIC_FORM_KEYS

    assert set(GENERIC_FORM_KEYS) == {*FIELDS, "external_id", "language"}
    data = _example()
    data["generic_form"]["telefoon"] = "submitter.phone"
    with pytest.raises(MappingsError) as info:
        parse_mappings(data, "example.yaml")
    assert len(info.value.problems) == 1
    assert info.value.problems[0].startswith(
        'example.yaml: generic_form.telefoon: "telefoon" is not a Voelspriet field')
