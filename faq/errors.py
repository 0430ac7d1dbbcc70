"""Failures of the answer side that the outbox worker should retry."""

from __future__ import annotations

from connector.errors import JiraRetryable


class TryAgainLater(JiraRetryable):
    """Not Jira's fault, but passing (mail server down, FAQ folder not writable).

    A subclass of JiraRetryable because that is what the outbox worker retries with backoff.
    """
