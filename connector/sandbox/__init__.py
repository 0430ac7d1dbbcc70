"""A sandbox Jira (Cloud or Data Center flavour) for the demo and the end-to-end tests."""

from connector.sandbox.app import create_sandbox_app
from connector.sandbox.server import SandboxServer

__all__ = ["SandboxServer", "create_sandbox_app"]
