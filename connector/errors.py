"""The few kinds of Jira failure the rest of Voelspriet reasons about.

Classified by status code and Jira's error keys, never by message text (Jira translates its
messages). `str()` of these errors never contains a response body, header or token.
"""

from __future__ import annotations


class JiraError(Exception):
    def __init__(self, summary: str, status: int | None = None,
                 error_keys: tuple[str, ...] = (), detail: str | None = None) -> None:
        super().__init__(summary)
        self.summary = summary
        self.status = status
        self.error_keys = error_keys
        self.detail = detail  # Jira's own (short) message, for people fixing configuration

    def __str__(self) -> str:
        return (self.detail and f"{self.summary}: {self.detail}") or self.summary


class JiraRetryable(JiraError):
    """Worth trying again later: connection error, timeout, 5xx, 429."""

    def __init__(self, summary: str, status: int | None = None, retry_after: float | None = None,
                 **kwargs) -> None:
        super().__init__(summary, status, **kwargs)
        self.retry_after = retry_after


class JiraOutcomeUnknown(JiraRetryable):
    """The request was sent but no answer came: Jira may have done the work."""


class JiraPermanent(JiraError):
    """Retrying will not help until someone fixes configuration or data (400, 401, 403, 404)."""
