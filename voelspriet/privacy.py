"""Retention as a worker hook and as `voelspriet purge`."""

from __future__ import annotations

import logging

import click

from store.retention import PurgeReport, purge_personal_data
from voelspriet.cli_support import runtime_or_exit, upgrade_or_exit
from voelspriet.log import event
from voelspriet.runtime import Runtime

log = logging.getLogger(__name__)


def purge(runtime: Runtime, dry_run: bool = False) -> PurgeReport:
    report = purge_personal_data(runtime.db, runtime.mappings.retention_days, dry_run=dry_run)
    event(log, "personal_data_purged" if not dry_run else "personal_data_purge_planned",
          questions=report.questions_erased, webhook_records=report.deliveries_pruned,
          retention_days=runtime.mappings.retention_days)
    return report


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Only count what would be erased.")
def purge_command(dry_run: bool) -> None:
    """Erase ambassadors' names and e-mail addresses past the retention period."""
    runtime = runtime_or_exit()
    upgrade_or_exit(runtime)
    report = purge(runtime, dry_run=dry_run)
    verb = "would erase" if dry_run else "erased"
    click.echo(f"{verb} the name and e-mail address of {report.questions_erased} question(s) closed before "
               f"{report.closed_before:%Y-%m-%d} (retention {runtime.mappings.retention_days} days); "
               f"{report.deliveries_pruned} old webhook delivery record(s) {'to prune' if dry_run else 'pruned'}")
