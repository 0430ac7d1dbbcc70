"""`voelspriet sandbox-jira`: run the sandbox Jira in the foreground."""

from __future__ import annotations

import signal

import click

from connector.sandbox.faults import FaultSpec, FaultSpecError
from connector.sandbox.server import SandboxServer

DEFAULT_USER = "sandbox@example.org"
DEFAULT_TOKEN = "sandbox-token"  # noqa: S105 - the documented sandbox credential, not a secret


def _faults(_ctx, _param, value: str | None) -> FaultSpec | None:
    try:
        return FaultSpec.parse(value) if value else None
    except FaultSpecError as problem:
        raise click.BadParameter(str(problem)) from None


@click.command("sandbox-jira")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to listen on (0 = any free port).")
@click.option("--deployment", type=click.Choice(["cloud", "datacenter"]), default="cloud", show_default=True,
              help="Behave like Jira Cloud (search/jql, issue_generic) or Data Center (search, issue_resolved).")
@click.option("--webhook-url", default=None, help="Where to send Jira webhooks, e.g. http://127.0.0.1:8000/webhooks/jira.")
@click.option("--webhook-secret", default=None, envvar="SANDBOX_JIRA_WEBHOOK_SECRET",
              help="Sign webhooks with X-Hub-Signature (HMAC-SHA256).")
@click.option("--faults", default=None, callback=_faults,
              help="e.g. latency=50ms,error5xx=0.1,rate429=0.1,retry_after=1,drop=0.05,create_then_drop=0.05,"
                   "seed=7,scope=writes")
@click.option("--data", default="sandbox-jira.sqlite3", show_default=True, type=click.Path(),
              help="SQLite file (or folder) that keeps the sandbox's issues across restarts.")
@click.option("--user", default=DEFAULT_USER, show_default=True, help="Account e-mail accepted for basic auth.")
@click.option("--token", default=DEFAULT_TOKEN, envvar="SANDBOX_JIRA_TOKEN",
              help="API token (Cloud) or personal access token (Data Center) accepted.  [default: sandbox-token]")
def sandbox_jira(host: str, port: int, deployment: str, webhook_url: str | None, webhook_secret: str | None,
                 faults: FaultSpec | None, data: str, user: str, token: str) -> None:
    """Run a sandbox Jira that speaks the REST API Voelspriet uses, with an IT view in the browser."""
    server = SandboxServer(data, deployment=deployment, user=user, token=token, webhook_url=webhook_url,
                           webhook_secret=webhook_secret, faults=faults, host=host, port=port,
                           webhook_backoff=(0.5, 1.0, 2.0, 4.0))
    _stop_on_signals()
    try:
        server.serve_forever(on_ready=lambda url: _announce(url, server, user, token))
    except OSError as problem:
        raise click.ClickException(f"cannot listen on {host}:{port}: {problem.strerror}; choose another --port") \
            from None
    except KeyboardInterrupt:
        click.echo("sandbox Jira stopped")


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM end serve_forever, even when the process started with SIGINT ignored
    (as a shell starts background jobs)."""
    def interrupt(_signum: int, _frame) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def _announce(url: str, server: SandboxServer, user: str, token: str) -> None:
    credential = "token sandbox-token" if token == DEFAULT_TOKEN else "the token you gave"
    click.echo(f"sandbox Jira ({server.deployment}) at {url}  (IT view: {url}/)")
    click.echo(f"REST API accepts user {user} with {credential}; data in {server.db_path}")
