"""CLI commands of the web app itself."""

from __future__ import annotations

import click

from voelspriet.cli_support import service_runtime_or_exit


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-worker", is_flag=True, help="Run the outbox worker elsewhere (`voelspriet worker`).")
def serve(host: str, port: int, no_worker: bool) -> None:
    """Run the web app (with an in-process outbox worker unless --no-worker)."""
    from voelspriet.serve import serve as run

    runtime = service_runtime_or_exit()
    run(runtime, host, port, with_worker=not no_worker)
