"""Collects the CLI commands of every area (each area module defines its own)."""

from __future__ import annotations

ALL: list = []

from voelspriet.commands_app import serve  # noqa: E402
from voelspriet.demo import demo  # noqa: E402
from voelspriet.privacy import purge_command  # noqa: E402

ALL += [serve, demo, purge_command]

from connector.commands import check, outbox, setup_jira, worker  # noqa: E402

ALL += [worker, outbox, check, setup_jira]

from faq.commands import export_faq_command, reconcile_command  # noqa: E402

ALL += [reconcile_command, export_faq_command]

from connector.sandbox.command import sandbox_jira  # noqa: E402

ALL += [sandbox_jira]

from rollout.commands import digest_command, hash_password  # noqa: E402

ALL += [hash_password, digest_command]
