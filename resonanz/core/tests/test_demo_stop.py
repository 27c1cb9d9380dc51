"""Ctrl-C on ``resonanz demo``: every process it started is gone soon after, grandchildren included."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from resonanz.core.management.commands.demo import start_child, stop_children

# A child that starts a grandchild (as granian starts its worker); the grandchild writes its pid when ready.
# With STUBBORN set, both ignore SIGINT; with
# STUBBORN_GRANDCHILD only the grandchild does, and the child stops on SIGINT without waiting for it.
CHILD = """
import os, signal, subprocess, sys, time
if os.environ.get("STUBBORN"):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
code = (
    "import os, signal, sys, time\\n"
    "if os.environ.get('STUBBORN') or os.environ.get('STUBBORN_GRANDCHILD'):\\n"
    "    signal.signal(signal.SIGINT, signal.SIG_IGN)\\n"
    "open(sys.argv[1], 'w').write(str(os.getpid()))\\n"
    "time.sleep(60)\\n"
)
subprocess.Popen([sys.executable, "-c", code, sys.argv[1]])
time.sleep(60)
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed grandchild whose parent has not reaped it yet is a zombie: gone for every purpose here.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def gone_soon(pid: int) -> bool:
    """SIGKILL is delivered asynchronously: the process may need a moment to disappear."""
    deadline = time.monotonic() + 3
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def started(
    tmp_path: Path, name: str, stubborn: bool, stubborn_grandchild: bool = False
) -> tuple[subprocess.Popen[bytes], int]:
    pid_file = tmp_path / f"{name}.pid"
    env = {
        **os.environ,
        "STUBBORN": "1" if stubborn else "",
        "STUBBORN_GRANDCHILD": "1" if stubborn_grandchild else "",
    }
    child = start_child([sys.executable, "-c", CHILD, str(pid_file)], env)
    deadline = time.monotonic() + 30
    while not (pid_file.exists() and pid_file.read_text()):
        assert time.monotonic() < deadline, "the child did not start its grandchild"
        time.sleep(0.05)
    return child, int(pid_file.read_text())


def test_children_run_in_their_own_process_group(tmp_path: Path) -> None:
    child, grandchild = started(tmp_path, "own", stubborn=False)
    try:
        assert os.getpgid(child.pid) == child.pid != os.getpgid(0)
        assert os.getpgid(grandchild) == child.pid
    finally:
        stop_children([child], grace=5)


def test_a_child_that_stops_on_ctrl_c_gets_sigint_and_no_grandchild_is_left(tmp_path: Path) -> None:
    # As a granian server whose worker hangs: the server itself stops, its worker would linger.
    child, grandchild = started(tmp_path, "polite", stubborn=False, stubborn_grandchild=True)

    stop_children([child], grace=5)

    assert child.returncode == -signal.SIGINT  # stopped by the interrupt, not killed
    assert gone_soon(grandchild)


def test_what_ignores_ctrl_c_is_killed_after_the_grace_period_grandchildren_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    polite, polite_grandchild = started(tmp_path, "polite", stubborn=False)
    stubborn, stubborn_grandchild = started(tmp_path, "stubborn", stubborn=True)
    began = time.monotonic()

    stop_children([stubborn, polite], grace=1)

    assert time.monotonic() - began < 10
    assert stubborn.returncode == -signal.SIGKILL
    assert polite.returncode == -signal.SIGINT
    said = capsys.readouterr().err
    assert f"(pid {stubborn.pid}) did not stop within 1 s and is killed" in said
    assert str(polite.pid) not in said
    for pid in (polite_grandchild, stubborn_grandchild):
        assert gone_soon(pid)


def test_stopping_children_that_have_ended_already_is_harmless(tmp_path: Path) -> None:
    child, grandchild = started(tmp_path, "done", stubborn=False)
    stop_children([child], grace=5)

    stop_children([child], grace=1)

    assert child.returncode == -signal.SIGINT
    assert gone_soon(grandchild)
