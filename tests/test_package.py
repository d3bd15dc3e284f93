"""The wheel a user installs works on its own: built from the sdist, installed outside the
checkout into a fresh virtual environment, with its pictures found through the package.

Slow (a fresh environment with PySide6, numpy, scipy, matplotlib), so it is marked
``package`` and runs once per ``make test`` as ``make package-check``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.package

ROOT = Path(__file__).resolve().parent.parent
#: Read before the autouse fixture points HOME at a temporary folder: reuse pip's cache.
PIP_CACHE = os.environ.get("PIP_CACHE_DIR") or str(Path.home() / ".cache" / "pip")
PROJECT_VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def _run(argv: list[str], *, cwd: Path, env: dict[str, str], timeout: int = 900
         ) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout, check=False)
    assert result.returncode == 0, f"{argv} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sdist, and the wheel built from that sdist (so the sdist is proved complete)."""
    out = tmp_path_factory.mktemp("dist")
    env = dict(os.environ, PIP_CACHE_DIR=PIP_CACHE)
    result = _run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], cwd=out,
                  env=env)
    log = result.stdout + result.stderr
    for complaint in ("DeprecationWarning", "BuildBackendWarning", "absent from the `packages`"):
        assert complaint not in log, log  # the packaging warnings stay fixed
    (sdist,) = out.glob("twitchlog-*.tar.gz")
    (wheel,) = out.glob("twitchlog-*.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def venv(built: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment outside the checkout with the wheel installed."""
    folder = tmp_path_factory.mktemp("fresh") / "venv"
    assert ROOT not in folder.parents
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_CACHE_DIR"] = PIP_CACHE
    started = time.monotonic()
    _run([sys.executable, "-m", "venv", str(folder)], cwd=folder.parent, env=env)
    _run([str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-compile",
          str(built[1])],
         cwd=folder.parent, env=env)
    print(f"fresh install took {time.monotonic() - started:.1f} s")
    return folder


def _clean_env(tmp_path: Path) -> dict[str, str]:
    """Only what a user's shell would have; nothing that points back at the checkout."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"),
            "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
            "QT_QPA_PLATFORM": "offscreen", "TZ": os.environ.get("TZ", "UTC"),
            "LANG": "C.UTF-8"}


def test_the_wheel_and_sdist_carry_the_pictures_but_not_the_screenshots(
        built: tuple[Path, Path]) -> None:
    sdist, wheel = built
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("twitchlog/resources/body_map.svg", "twitchlog/resources/icons/today.svg",
                   "twitchlog/resources/icons/twitchlog.svg",
                   "twitchlog/resources/icons/hicolor/256x256/twitchlog.png",
                   "twitchlog/resources/desktop/io.github.twitchlog.TwitchLog.desktop",
                   "twitchlog/resources/desktop/io.github.twitchlog.TwitchLog.metainfo.xml",
                   "twitchlog/py.typed",
                   f"twitchlog-{PROJECT_VERSION}.dist-info/licenses/LICENSE"):
        assert needed in names
    assert not [n for n in names if "screenshots" in n or n.startswith("tests/")]
    metadata = zipfile.ZipFile(wheel).read(f"twitchlog-{PROJECT_VERSION}.dist-info/METADATA")
    assert b"License-Expression: MIT" in metadata
    with tarfile.open(sdist) as archive:
        members = {m.split("/", 1)[1] for m in archive.getnames() if "/" in m}
    assert {"setup.py", "LICENSE", "resources/body_map.svg",
            "resources/icons/hicolor/48x48/twitchlog.png"} <= members


def test_the_pictures_load_from_a_zip(built: tuple[Path, Path], tmp_path: Path) -> None:
    """A zip-safe install: the package imported straight from the wheel file."""
    script = ("from twitchlog import assets; p = assets.path('icons', 'today.svg'); "
              "print(len(assets.read_bytes('body_map.svg')), p.is_file(), p.read_bytes() == "
              "assets.read_bytes('icons', 'today.svg'))")
    env = dict(_clean_env(tmp_path), PYTHONPATH=str(built[1]))
    result = _run([sys.executable, "-c", script], cwd=tmp_path, env=env)
    size, is_file, same = result.stdout.split()
    assert int(size) == (ROOT / "resources" / "body_map.svg").stat().st_size
    assert is_file == "True" and same == "True"


def test_the_installed_command_works_outside_the_checkout(venv: Path, tmp_path: Path) -> None:
    env = _clean_env(tmp_path)
    twitchlog = str(venv / "bin" / "twitchlog")
    version = _run([twitchlog, "--version"], cwd=tmp_path, env=env)
    assert version.stdout.strip() == f"TwitchLog {PROJECT_VERSION}"
    journal = tmp_path / "journal.twitchlog"
    _run([twitchlog, "--db", str(journal), "demo", "--days", "60"], cwd=tmp_path, env=env)
    report = tmp_path / "report.pdf"
    _run([twitchlog, "--db", str(journal), "report", "--out", str(report)], cwd=tmp_path, env=env)
    from pypdf import PdfReader

    first_page = PdfReader(report).pages[0].extract_text()
    assert "Self-recorded by the patient with TwitchLog" in first_page

    probe = _run([str(venv / "bin" / "python"), str(ROOT / "tests" / "installed_probe.py"),
                  str(journal), str(tmp_path / "qsettings")], cwd=tmp_path, env=env)
    seen = json.loads(probe.stdout.strip().splitlines()[-1])
    assert Path(seen["package_file"]).is_relative_to(venv)
    assert seen["version"] == PROJECT_VERSION
    assert seen["shown"] and seen["window_icon"]
    assert seen["body_map_regions"] > 20
    assert {16, 32, 48, 256} <= set(seen["app_icon_sizes"])
    assert seen["view_icons"] == ["today", "journal", "insights", "report"]
    assert seen["desktop_file_name"] == "io.github.twitchlog.TwitchLog"

    entry = _run([twitchlog, "install-desktop-entry"], cwd=tmp_path, env=env)
    assert "Installed the TwitchLog launcher" in entry.stdout
    desktop = tmp_path / "data" / "applications" / "io.github.twitchlog.TwitchLog.desktop"
    assert f"Exec={twitchlog}\n" in desktop.read_text()
