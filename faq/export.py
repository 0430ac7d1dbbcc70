"""Writing the five FAQ files, each atomically (write a temporary file, then rename over)."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from faq.entries import faq_version, published_items
from faq.renderers import FORMATS
from faq.view import FaqView
from voelspriet.log import event
from voelspriet.runtime import Runtime

log = logging.getLogger(__name__)
ALL_FORMATS: tuple[str, ...] = tuple(FORMATS)
VERSION_FILE = ".faq-version"  # which FAQ version the files in this folder show


def build_view(runtime: Runtime, lang: str = "nl", team: str | None = None, theme: str | None = None) -> FaqView:
    settings = runtime.settings
    return FaqView(published_items(runtime.db, team, theme), runtime.mappings, settings.jira_url or "",
                   lang, settings.public_url)


def export_faq(runtime: Runtime, out_dir: Path, formats: Iterable[str] = ALL_FORMATS, team: str | None = None,
               theme: str | None = None, lang: str = "nl") -> list[Path]:
    """Render the published FAQ (optionally one team's or theme's) and write the files; their paths."""
    unknown = [name for name in formats if name not in FORMATS]
    if unknown:
        raise ValueError(f"unknown FAQ format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    view = build_view(runtime, lang, team, theme)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_atomically(out_dir / FORMATS[name].filename, FORMATS[name].render(view)) for name in formats]


def write_atomically(path: Path, data: bytes) -> Path:
    """Readers see the old file or the new one, never half of one."""
    handle, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, 0o644)  # mkstemp makes 0600; the intranet's web server must read these
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


def write_faq_files_if_stale(runtime: Runtime, attempts: int = 3) -> bool:
    """Rewrite the FAQ folder when it shows an older version than the database; True if written."""
    folder = runtime.settings.faq_dir
    wrote = False
    for _ in range(attempts):  # another writer may change the FAQ while we write: look again
        version = faq_version(runtime.db)  # read before the entries, so a race errs towards rewriting
        if _written_version(folder) == version:
            return wrote
        export_faq(runtime, folder)
        write_atomically(folder / VERSION_FILE, version.encode())
        event(log, "faq_files_written", folder=str(folder), version=version)
        wrote = True
    return wrote


def _written_version(folder: Path) -> str | None:
    try:
        return (folder / VERSION_FILE).read_text().strip()
    except OSError:
        return None
