"""CLI: `voelspriet hash-password` and `voelspriet digest --since D [--format html|md]`."""

from __future__ import annotations

import sys
from datetime import date

import click


@click.command("hash-password")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the password from the first line of standard input.")
def hash_password(from_stdin: bool) -> None:
    """Print a password hash for VOELSPRIET_DASHBOARD_USERS (name:hash)."""
    from werkzeug.security import generate_password_hash

    from voelspriet.cli_support import fail

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")
    if len(password) < 8:
        fail("The password is too short: use at least 8 characters (a passphrase of a few words is best).")
    click.echo(generate_password_hash(password))


def _since(_ctx, _param, value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2027-03-01") from None


@click.command("digest")
@click.option("--since", required=True, callback=_since, help="First day to include (YYYY-MM-DD, Amsterdam time).")
@click.option("--format", "fmt", type=click.Choice(["html", "md"]), default="md", show_default=True)
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
def digest_command(since: date, fmt: str, lang: str) -> None:
    """Print the ambassadors' meeting digest: per team, what came in, was answered, is still open."""
    from rollout.digest import build_digest
    from rollout.digest_render import DigestLinks, render_html_file, render_markdown
    from voelspriet.cli_support import runtime_or_exit, upgrade_or_exit

    runtime = runtime_or_exit()
    try:
        upgrade_or_exit(runtime)
        digest = build_digest(runtime.db, runtime.mappings, since, lang)
        public = runtime.settings.public_url
        links = DigestLinks(f"{public}/faq" if public else None, runtime.settings.jira_url)
        render = render_html_file if fmt == "html" else render_markdown
        click.echo(render(digest, links, lang), nl=False)
    finally:
        runtime.close()
