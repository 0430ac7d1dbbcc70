"""The `voelspriet` command. Each area keeps its commands in its own module."""

from __future__ import annotations

import click

from voelspriet.cli_support import runtime_or_exit, upgrade_or_exit
from voelspriet.log import configure_logging


@click.group()
@click.option("--log-level", default="INFO", show_default=True, envvar="VOELSPRIET_LOG_LEVEL")
def main(log_level: str) -> None:
    """Voelspriet: ambassadors' questions to Jira, answers back into the FAQ."""
    configure_logging(log_level.upper())


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database tables."""
    runtime = runtime_or_exit()
    upgrade_or_exit(runtime)
    click.echo("database is up to date")


def _add_area_commands() -> None:
    from voelspriet import commands

    for command in commands.ALL:
        main.add_command(command)


_add_area_commands()

