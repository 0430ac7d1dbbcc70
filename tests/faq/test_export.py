"""Writing the FAQ files: atomically, on demand (export-faq) and after every change."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from faq import export
from faq.export import VERSION_FILE, export_faq, write_atomically, write_faq_files_if_stale
from tests.faq.fakes import seed_entry
from voelspriet.cli import main
from voelspriet.runtime import Runtime

NAMES = {"faq.html", "faq.json", "faq.md", "faq.csv", "faq.atom"}


def test_all_five_files_are_written(runtime: Runtime, tmp_path: Path) -> None:
    seed_entry(runtime, "1", "Vraag één")
    written = export_faq(runtime, tmp_path / "out")
    assert {p.name for p in written} == NAMES
    assert {p.name for p in (tmp_path / "out").iterdir()} == NAMES, "no temporary files left behind"
    assert all(oct(p.stat().st_mode)[-3:] == "644" for p in written), "readable by the intranet's web server"


def test_filters_and_formats(runtime: Runtime, tmp_path: Path) -> None:
    seed_entry(runtime, "1", "Burgerzaken-vraag", team="burgerzaken", theme="training")
    seed_entry(runtime, "2", "KCC-vraag", team="kcc", theme="training")
    seed_entry(runtime, "3", "KCC-koppeling", team="kcc", theme="koppelingen")
    written = export_faq(runtime, tmp_path, ["json", "csv"], team="kcc", theme="training")
    assert [p.name for p in written] == ["faq.json", "faq.csv"]
    assert [e["summary"] for e in json.loads((tmp_path / "faq.json").read_text())["entries"]] == ["KCC-vraag"]
    with pytest.raises(ValueError, match="unknown FAQ format pdf"):
        export_faq(runtime, tmp_path, ["pdf"])


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "faq.json"
    target.write_bytes(b'{"old": true}')

    def broken_replace(_src, _dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        write_atomically(target, b'{"new": true}')
    assert target.read_bytes() == b'{"old": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["faq.json"]


def test_files_are_rewritten_only_when_the_faq_changed(runtime: Runtime, monkeypatch) -> None:
    assert write_faq_files_if_stale(runtime) is True, "a new folder gets the (empty) FAQ"
    folder = runtime.settings.faq_dir
    assert (folder / VERSION_FILE).exists() and {p.name for p in folder.iterdir()} >= NAMES
    calls = []
    monkeypatch.setattr(export, "export_faq", lambda *a, **k: calls.append(a))
    assert write_faq_files_if_stale(runtime) is False and calls == []
    seed_entry(runtime, "7", "Nieuw")
    monkeypatch.undo()
    assert write_faq_files_if_stale(runtime) is True
    assert "Nieuw" in (folder / "faq.md").read_text()


def _cli(runtime: Runtime, *args: str):
    env = {"VOELSPRIET_DATABASE_URL": runtime.settings.database_url,
           "VOELSPRIET_INSTANCE": str(runtime.settings.instance_path),
           "VOELSPRIET_SECRET_KEY": "x" * 32, "VOELSPRIET_JIRA_URL": "https://jira.example.test"}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_export_faq_command(runtime: Runtime, tmp_path: Path) -> None:
    seed_entry(runtime, "1", "Vraag over KCC", team="kcc")
    result = _cli(runtime, "export-faq", "--out", str(tmp_path / "out"), "--format", "md", "--format", "csv",
                  "--team", "Klantcontactcentrum (KCC)", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(tmp_path / "out" / "faq.md"), str(tmp_path / "out" / "faq.csv")]
    assert (tmp_path / "out" / "faq.md").read_text().startswith("# Frequently asked questions")


def test_export_faq_command_names_unknown_teams(runtime: Runtime, tmp_path: Path) -> None:
    result = _cli(runtime, "export-faq", "--out", str(tmp_path), "--team", "brandweer")
    assert result.exit_code == 2
    assert "Unknown team 'brandweer'" in result.output and "burgerzaken" in result.output


def test_export_faq_command_reports_an_unwritable_folder(runtime: Runtime, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = _cli(runtime, "export-faq", "--out", str(blocker / "sub"))
    assert result.exit_code == 1 and f"Cannot write to {blocker / 'sub'}" in result.output
