"""CLI of the delivery side: `voelspriet worker`, `voelspriet outbox [retry ID|--all]`, `voelspriet check`,
`voelspriet setup-jira [--dry-run]`."""

from __future__ import annotations

import shutil
import sys
from datetime import datetime

import click
from sqlalchemy.exc import SQLAlchemyError

from voelspriet.cli_support import fail, runtime_or_exit, service_runtime_or_exit
from voelspriet.config import ConfigError


@click.command()
@click.option("--concurrency", default=2, show_default=True, type=click.IntRange(1, 8),
              help="Batches of up to 50 questions sent to Jira at the same time.")
def worker(concurrency: int) -> None:
    """Run the outbox worker only (to scale out; `serve` runs one as well unless --no-worker)."""
    from connector.worker import run_worker_process

    runtime = service_runtime_or_exit()
    try:
        run_worker_process(runtime, concurrency=concurrency)
    finally:
        runtime.close()


@click.group(invoke_without_command=True)
@click.pass_context
def outbox(ctx: click.Context) -> None:
    """List failed and waiting deliveries to Jira (`outbox retry` queues failed ones again)."""
    if ctx.invoked_subcommand is not None:
        return
    from store import outbox as store

    runtime = runtime_or_exit()
    try:
        jobs = store.list_jobs(runtime.db)
    except SQLAlchemyError:
        fail("The database is not ready; run `voelspriet db upgrade` first.")
    if not jobs:
        click.echo("No failed or waiting deliveries.")
        return
    rows = [(str(j.id), j.question_id or j.subject or "-", j.kind, j.state, str(j.attempts),
             _when(j.next_attempt_at) if j.state == "pending" else "-", j.last_error or "") for j in jobs]
    click.echo(_table(("JOB", "QUESTION", "KIND", "STATE", "ATTEMPTS", "NEXT ATTEMPT", "LAST ERROR"), rows))
    failed = sum(1 for j in jobs if j.state == "failed")
    click.echo(f"\n{failed} failed, {len(jobs) - failed} waiting.", nl=False)
    click.echo(" After fixing the cause: `voelspriet outbox retry JOB` (or a question id), or `--all`." if failed
               else "")


@outbox.command("retry")
@click.argument("job", required=False)
@click.option("--all", "all_failed", is_flag=True, help="Every failed job.")
def outbox_retry(job: str | None, all_failed: bool) -> None:
    """Queue a failed job (by job id or question id), or --all failed jobs, for delivery again."""
    from store import outbox as store

    if bool(job) == all_failed:
        fail("Name one job (its id or the question id) or use --all.")
    runtime = runtime_or_exit()
    try:
        ids = store.retry(runtime.db, job, all_failed=all_failed)
    except store.NotRetryable as exc:
        fail(str(exc), code=1)
    if not ids:
        click.echo("No failed jobs.")
        return
    click.echo(f"Queued again: job {', '.join(map(str, ids))}. A running worker picks them up within seconds.")


@click.command()
def check() -> None:
    """Check settings, mappings, database and Jira; exit 0 only when everything passes."""
    from connector.checks import FAIL, run_checks

    failures = 0
    for result in run_checks():
        click.echo(result.line())
        failures += result.status == FAIL
    click.echo(f"\n{failures} problem(s) to fix." if failures else "\nAll checks passed.")
    sys.exit(1 if failures else 0)


@click.command("setup-jira")
@click.option("--dry-run", is_flag=True, help="Show what would be created or updated; change nothing in Jira.")
def setup_jira(dry_run: bool) -> None:
    """Save Jira filters per team and theme (and for open questions, blockers, the FAQ); print board quick filters."""
    from connector import saved_filters as filters

    runtime = runtime_or_exit()
    settings = runtime.settings
    try:
        settings.require_jira()
    except ConfigError as exc:
        fail(f"Configuration problem:\n{exc}")
    wanted = filters.wanted_filters(runtime.mappings, settings.jira_project)
    width = max(len(w.name) for w in wanted)
    click.echo(f"Saved filters in Jira (favourites of the Jira account, shared with project {settings.jira_project}):")
    try:
        for outcome in filters.set_up(runtime.jira, wanted, dry_run=dry_run):
            click.echo(filters.report_line(outcome, settings.jira_url, settings.jira_project, width, dry_run))
    except filters.SetupFailed as exc:
        fail(str(exc), code=1)
    if dry_run:
        click.echo("\nDry run: nothing was changed in Jira.")
    click.echo("\n" + filters.quick_filter_block(filters.quick_filters(runtime.mappings)))


def _when(moment: datetime) -> str:
    local = moment.astimezone()
    return "now" if moment <= datetime.now(moment.tzinfo) else f"{local:%Y-%m-%d %H:%M:%S}"


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    lines = []
    room = shutil.get_terminal_size((200, 20)).columns - sum(widths) - 2 * len(widths)
    for row in [header, *rows]:
        last = row[-1]
        if sys.stdout.isatty() and len(last) > max(room, 30):
            last = last[: max(room, 30) - 1] + "…"
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + last)
    return "\n".join(lines)
