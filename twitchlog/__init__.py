"""TwitchLog: a private desktop journal for muscle twitches."""

from __future__ import annotations

import os
import sys
from functools import cache

APP_NAME = "TwitchLog"
#: The reverse-DNS id: the desktop entry's and AppStream file's name, and the desktop file
#: name the app announces so that docks group its windows under its launcher.
APP_ID = "io.github.twitchlog.TwitchLog"


@cache
def version() -> str:
    """The installed package's version: ``pyproject.toml`` is its one source.

    Read from the package metadata (wheel, editable install and frozen bundle all carry it);
    a bare source tree that was never installed says so rather than guessing. The usual
    install is read straight from its ``METADATA`` file: importing ``importlib.metadata``
    (and the email parser behind it) cost the window's start-up about 15 ms.
    """
    found = _installed_version()
    if found is not None:
        return found
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as metadata_version

    try:
        return metadata_version("twitchlog")
    except PackageNotFoundError:
        return "0+unknown"


def _installed_version() -> str | None:
    """The version in the one ``twitchlog`` metadata folder (``.dist-info``, or the
    ``.egg-info`` of a source checkout) that ``importlib.metadata`` would find first on
    ``sys.path``; ``None`` whenever that is not plain (two candidates, an egg, a zip on
    the path), so the caller asks ``importlib.metadata`` instead."""
    for entry in sys.path:
        folder = entry or "."
        if os.path.isfile(folder):
            return None  # a zip may hold metadata; only importlib.metadata can tell
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        found = [n for n in names if n.lower().startswith(("twitchlog-", "twitchlog."))
                 and n.lower().endswith((".dist-info", ".egg-info", ".egg"))]
        if not found:
            continue
        if len(found) != 1 or found[0].lower().endswith(".egg"):
            return None
        headers = "METADATA" if found[0].lower().endswith(".dist-info") else "PKG-INFO"
        try:
            with open(os.path.join(folder, found[0], headers), encoding="utf-8") as meta:
                for line in meta:
                    if not line.strip():
                        break  # the headers end at the first blank line
                    if line.startswith("Version:"):
                        return line.partition(":")[2].strip() or None
        except OSError:
            return None
        return None
    return None


def __getattr__(name: str) -> str:
    """``twitchlog.__version__``, read lazily so start-up does not pay for the metadata."""
    if name == "__version__":
        return version()
    raise AttributeError(f"module 'twitchlog' has no attribute {name!r}")
