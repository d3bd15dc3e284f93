"""The standalone bundle (``make dist``) runs with no Python and no venv: started from a clean
environment (only ``DISPLAY`` and ``HOME``) on a virtual X server, its window appears, and
its command line makes a demo journal and a report. Run by ``make dist-check``.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.dist

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "twitchlog" / "twitchlog"
SOURCE_INSTALL = ROOT / ".venv" / "bin" / "twitchlog"


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """A private Xvfb; its display number comes back on a pipe (no guessing free numbers)."""
    if not BUNDLE.is_file():
        pytest.fail(f"no bundle at {BUNDLE}; run make dist first")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0",
                               "1280x900x24", "-nolisten", "tcp"],
                              pass_fds=(write_end,), stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def _window_titles(display: str) -> str:
    tree = subprocess.run(["xwininfo", "-root", "-tree"],
                          env={"DISPLAY": display, "LANG": "C.UTF-8"},
                          capture_output=True, text=True, encoding="utf-8", check=False)
    return tree.stdout


def _seconds_until_window(argv: list[str], env: dict[str, str], display: str
                          ) -> tuple[float, str]:
    """Start the app and wait for its main window; how long that took, and its stderr."""
    started = time.monotonic()
    app = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    seconds = None
    try:
        while seconds is None and time.monotonic() - started < 120:
            if "journal.twitchlog – TwitchLog" in _window_titles(display):
                seconds = time.monotonic() - started
            elif app.poll() is not None:
                pytest.fail(f"{argv[0]} ended with {app.returncode}: {app.communicate()[1]}")
            else:
                time.sleep(0.05)
    finally:
        app.terminate()
        stderr = app.communicate(timeout=30)[1]
    if seconds is None:
        pytest.fail(f"no TwitchLog window within 120 s: {_window_titles(display)}")
    return seconds, stderr


def test_the_bundle_opens_its_window_from_a_clean_environment(
        display: str, tmp_path: Path) -> None:
    env = {"DISPLAY": display, "HOME": str(tmp_path / "home")}  # as `env -i` would leave
    seconds, stderr = _seconds_until_window([str(BUNDLE)], env, display)
    journal = tmp_path / "home" / ".local" / "share" / "TwitchLog" / "journal.twitchlog"
    assert journal.is_file()  # the default journal, made by the bundle itself
    assert stderr == ""  # nothing to alarm a user who started it from a terminal
    print(f"bundle: window after {seconds:.2f} s")
    if SOURCE_INSTALL.is_file():
        source, _ = _seconds_until_window(
            [str(SOURCE_INSTALL)], dict(env, HOME=str(tmp_path / "home2")), display)
        print(f"source install: window after {source:.2f} s")


def test_the_bundle_command_line_makes_a_demo_and_a_report(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path / "home")}
    version = subprocess.run([str(BUNDLE), "--version"], env=env, capture_output=True,
                             text=True, check=False)
    assert version.returncode == 0 and version.stdout.startswith("TwitchLog ")
    demo = subprocess.run([str(BUNDLE), "demo", "--days", "90"], env=env, capture_output=True,
                          text=True, check=False, timeout=300)
    assert demo.returncode == 0, demo.stderr
    report = tmp_path / "report.pdf"
    made = subprocess.run([str(BUNDLE), "report", "--out", str(report)], env=env,
                          capture_output=True, text=True, check=False, timeout=300)
    assert made.returncode == 0, made.stderr
    from pypdf import PdfReader

    first_page = PdfReader(report).pages[0].extract_text()
    assert "Self-recorded by the patient with TwitchLog" in first_page
    entry = subprocess.run([str(BUNDLE), "install-desktop-entry"],
                           env=dict(env, XDG_DATA_HOME=str(tmp_path / "data")),
                           capture_output=True, text=True, check=False)
    assert entry.returncode == 0, entry.stderr
    desktop = tmp_path / "data" / "applications" / "io.github.twitchlog.TwitchLog.desktop"
    assert f"Exec={BUNDLE}\n" in desktop.read_text()
