"""Collects the CLI commands of every area (each area module defines its own)."""

from __future__ import annotations

ALL: list = []
