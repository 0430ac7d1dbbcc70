"""Sending e-mail through the server named by VOELSPRIET_SMTP_URL.

    smtp://host:25                         plain (a relay inside the network)
    smtp://user:pass@host:587?starttls=1   STARTTLS, then log in
    smtps://user:pass@host:465             TLS from the first byte
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from voelspriet.config import ConfigError

_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    security: str  # "plain" | "starttls" | "tls"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 15.0


def parse_smtp_url(url: str) -> SmtpServer:
    """Raises ConfigError naming VOELSPRIET_SMTP_URL and the expected shape."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ConfigError("VOELSPRIET_SMTP_URL must look like smtp://host:25, "
                          "smtp://user:password@host:587?starttls=1 or smtps://user:password@host:465.")
    try:
        port = parts.port
    except ValueError:
        raise ConfigError("VOELSPRIET_SMTP_URL: the port is not a number.") from None
    query = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
    if parts.scheme == "smtps":
        security, default_port = "tls", 465
    elif query.get("starttls") in _TRUE:
        security, default_port = "starttls", 587
    else:
        security, default_port = "plain", 25
    return SmtpServer(parts.hostname, port or default_port, security,
                      unquote(parts.username) if parts.username else None,
                      unquote(parts.password) if parts.password else None)


def send(server: SmtpServer, message: EmailMessage) -> None:
    """Raises smtplib.SMTPException or OSError; the caller decides what is worth a retry."""
    context = ssl.create_default_context()
    if server.security == "tls":
        client: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout, context=context)
    else:
        client = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
    with client:
        if server.security == "starttls":
            client.starttls(context=context)
        if server.username:
            client.login(server.username, server.password or "")
        client.send_message(message)
