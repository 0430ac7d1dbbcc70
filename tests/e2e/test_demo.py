"""`voelspriet demo` as a newcomer runs it: up in under a minute, every printed URL works, Ctrl-C stops it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _read_banner(process: subprocess.Popen, lines: list[str], done: threading.Event) -> None:
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("resolve it, and watch"):
            done.set()


def test_demo_comes_up_seeded_and_stops_cleanly(tmp_path: Path):
    env = dict(os.environ, PYTHONUNBUFFERED="1", TMPDIR=str(tmp_path), VOELSPRIET_LOG_LEVEL="INFO")
    started = time.monotonic()
    log = (tmp_path / "demo.log").open("w")
    # Started with SIGINT ignored, as a shell starts background jobs: Ctrl-C must still stop it.
    process = subprocess.Popen([sys.executable, "-m", "voelspriet", "demo", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=log, text=True, env=env, cwd=tmp_path,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    lines: list[str] = []
    ready = threading.Event()
    threading.Thread(target=_read_banner, args=(process, lines, ready), daemon=True).start()
    try:
        assert ready.wait(60), f"no banner within a minute; printed: {lines}"
        assert time.monotonic() - started < 60
        urls = dict(re.findall(r"^  (.+?)\s{2,}(http://\S+)", "\n".join(lines), re.M))
        for name in ("Ambassador form", "FAQ", "A tracking page", "Sandbox Jira (IT view)", "Dashboard"):
            assert requests.get(urls[name], timeout=10).status_code == 200, name
        faq = requests.get(urls["FAQ"] + ".json", timeout=10).json()
        assert faq["count"] >= 8  # the seeded answers were published
        assert "ZAAK-" in requests.get(urls["Sandbox Jira (IT view)"], timeout=10).text
        name, password = re.search(r"log in as (\S+), password (\S+)\)", "\n".join(lines)).groups()
        lead = requests.Session()
        token = re.search(r'name="csrf_token" value="([^"]+)"', lead.get(urls["Dashboard"], timeout=10).text).group(1)
        dashboard = lead.post(urls["Dashboard"].replace("/dashboard", "/login"), timeout=10,
                              data={"csrf_token": token, "name": name, "password": password, "next": "/dashboard"})
        assert dashboard.status_code == 200 and "Stille teams" in dashboard.text
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            code = "still running 30 s after Ctrl-C"
        log.close()
    assert code == 0, f"{code}; its log ends with:\n{(tmp_path / 'demo.log').read_text()[-3000:]}"
