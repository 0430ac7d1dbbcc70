"""`voelspriet sandbox-jira` starts a real server and explains bad options."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import pytest
import requests
from click.testing import CliRunner

from connector.sandbox.command import sandbox_jira


def test_bad_fault_spec_is_refused_before_starting():
    result = CliRunner().invoke(sandbox_jira, ["--faults", "error5xx=3", "--port", "0"])
    assert result.exit_code == 2
    assert "must be a probability between 0 and 1" in result.output


@pytest.mark.e2e
def test_command_serves_the_sandbox_until_interrupted(tmp_path):
    command = [sys.executable, "-c", "from voelspriet.cli import main; main()", "sandbox-jira", "--port", "0",
               "--deployment", "datacenter", "--data", str(tmp_path / "jira.sqlite3")]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                          # as a shell starts background jobs: SIGINT ignored, Ctrl-C must still stop it
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) as process:
        try:
            first_line = process.stdout.readline()
            found = re.search(r"at (http://127\.0\.0\.1:\d+)", first_line)
            assert found, f"no URL announced: {first_line!r}"
            url = found.group(1)
            info = requests.get(url + "/rest/api/2/serverInfo", timeout=5).json()
            assert info["deploymentType"] == "Server"
            me = requests.get(url + "/rest/api/2/myself", headers={"Authorization": "Bearer sandbox-token"},
                              timeout=5)
            assert me.status_code == 200
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=10)
    assert process.returncode == 0
    assert (tmp_path / "jira.sqlite3").exists()
