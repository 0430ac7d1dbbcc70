"""CLI: `voelspriet reconcile [--since T]` and `voelspriet export-faq --out DIR`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from connector.errors import JiraError
from faq.renderers import FORMATS
from voelspriet.config import ConfigError


def parse_since(value: str) -> datetime:
    """`2027-03-01`, `2027-03-01T09:30` (UTC) or with an offset (`…+01:00`, `…Z`)."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date or time; use e.g. 2027-03-01 or "
                                 "2027-03-01T09:30+01:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@click.command("reconcile")
@click.option("--since", help="Look at issues updated since this date/time (UTC unless an offset is given). "
                              "Default: a few minutes before the last reconcile; everything on the first run.")
def reconcile_command(since: str | None) -> None:
    """Catch up on missed Jira webhooks: re-apply Voelspriet issues updated since the last run."""
    from faq.reconcile import reconcile
    from voelspriet.cli_support import fail, runtime_or_exit

    moment = parse_since(since) if since else None
    runtime = runtime_or_exit(upgrade=True)
    try:
        report = reconcile(runtime, moment)
    except ConfigError as exc:
        fail(f"Configuration problem:\n{exc}")
    except JiraError as exc:
        fail(f"Jira could not be searched: {exc}. Nothing was marked as reconciled; run it again later.", 1)
    finally:
        runtime.close()
    since_text = report.since.isoformat() if report.since else "the start"
    click.echo(f"{report.issues_seen} issue(s) updated since {since_text} looked at; "
               f"{report.entries_changed} FAQ entry/entries changed, {report.questions_moved} question(s) "
               "changed status.")
    if report.failures:
        fail(f"Could not process: {', '.join(report.failures)} (see the log). The next run tries them again.", 1)


@click.command("export-faq")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the files to (made if missing).")
@click.option("--format", "formats", multiple=True, type=click.Choice(list(FORMATS)),
              help="Only these formats (repeat the option); default: all five.")
@click.option("--team", help="Only this team (slug or name).")
@click.option("--theme", help="Only this theme (slug or name).")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
def export_faq_command(out_dir: Path, formats: tuple[str, ...], team: str | None, theme: str | None,
                       lang: str) -> None:
    """Write the FAQ files (faq.html, .json, .md, .csv, .atom) to a folder."""
    from faq.export import export_faq
    from voelspriet.cli_support import fail, runtime_or_exit

    runtime = runtime_or_exit(upgrade=True)
    try:
        team_slug = _option_slug(runtime.mappings.team, team, "team", runtime.mappings.teams)
        theme_slug = _option_slug(runtime.mappings.theme, theme, "theme", runtime.mappings.themes)
        written = export_faq(runtime, out_dir, formats or tuple(FORMATS), team_slug, theme_slug, lang)
    except OSError as exc:
        fail(f"Cannot write to {out_dir}: {exc.strerror or exc}. Choose a folder you may write to.", 1)
    finally:
        runtime.close()
    for path in written:
        click.echo(str(path))


def _option_slug(find, value: str | None, kind: str, options) -> str | None:
    if not value:
        return None
    option = find(value)
    if option is None:
        from voelspriet.cli_support import fail

        known = ", ".join(o.slug for o in options)
        fail(f"Unknown {kind} {value!r}. Known {kind}s (from the mappings): {known}.")
    return option.slug
