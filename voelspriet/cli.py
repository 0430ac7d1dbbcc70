"""The `voelspriet` command. Each area keeps its commands in its own module."""

from __future__ import annotations

import sys

import click

from mappings import MappingsError
from voelspriet.config import ConfigError
from voelspriet.log import configure_logging


@click.group()
@click.option("--log-level", default="INFO", show_default=True, envvar="VOELSPRIET_LOG_LEVEL")
def main(log_level: str) -> None:
    """Voelspriet: ambassadors' questions to Jira, answers back into the FAQ."""
    configure_logging(log_level.upper())


def fail(message: str, code: int = 2) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def runtime_or_exit(**kwargs):
    """Build the runtime; configuration problems become a readable message and exit 2."""
    from voelspriet.runtime import build_runtime

    try:
        return build_runtime(**kwargs)
    except (ConfigError, MappingsError) as exc:
        fail(f"Configuration problem:\n{exc}")


def upgrade_or_exit(runtime) -> None:
    """Migrate the database; an unreachable database becomes a readable message and exit 2."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        runtime.db.upgrade()
    except SQLAlchemyError as exc:
        fail(f"Cannot open the database ({type(exc).__name__}); check VOELSPRIET_DATABASE_URL.")


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

