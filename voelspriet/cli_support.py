"""What every command needs: readable exits for configuration and database problems.

Kept apart from `voelspriet.cli` so area modules can import it while the CLI collects them.
"""

from __future__ import annotations

import sys

import click

from mappings import MappingsError
from voelspriet.config import ConfigError


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


def service_runtime_or_exit():
    """For the long-running commands (`serve`, `worker`): Jira settings present, database migrated."""
    runtime = runtime_or_exit()
    try:
        runtime.settings.require_jira()
    except ConfigError as exc:
        fail(f"Configuration problem:\n{exc}")
    upgrade_or_exit(runtime)
    return runtime
