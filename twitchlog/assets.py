"""Finding the files that ship with the app: body map, icons, desktop-entry pictures.

They live in the repository's top-level ``resources/`` folder, installed as the package
``twitchlog.resources`` (see ``setup.py``), and are found with :mod:`importlib.resources`,
so a wheel, a zip, an editable install and a frozen bundle all work the same way.
``$TWITCHLOG_RESOURCES`` names another folder (for trying new artwork).
Qt-free: the command line installs desktop entries from here too.
"""

from __future__ import annotations

import atexit
import contextlib
import os
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

ENV_VAR = "TWITCHLOG_RESOURCES"
PACKAGE = "twitchlog.resources"
_MARKER = "body_map.svg"
#: Files extracted from a zip stay until the process ends (Qt opens them by path later).
_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


class ResourcesMissingError(FileNotFoundError):
    """The installation lacks the app's files: a broken or partial install."""


@cache
def root() -> Traversable:
    """The resources folder (a real folder, or a folder inside a zip)."""
    override = os.environ.get(ENV_VAR)
    if override:
        folder = Path(override).expanduser()
        if not (folder / _MARKER).is_file():
            raise ResourcesMissingError(f"${ENV_VAR} names {folder}, which has no {_MARKER}")
        return folder
    found: Traversable | None
    try:
        found = resources.files(PACKAGE)
    except ModuleNotFoundError:
        found = None
    if found is None or not found.joinpath(_MARKER).is_file():
        raise ResourcesMissingError(
            f"TwitchLog's resources ({PACKAGE}) are missing from this installation; "
            "reinstall TwitchLog")
    return found


def read_bytes(*parts: str) -> bytes:
    """The content of a shipped file, e.g. ``read_bytes("body_map.svg")``."""
    return root().joinpath(*parts).read_bytes()


def exists(*parts: str) -> bool:
    return root().joinpath(*parts).is_file()


@cache
def path(*parts: str) -> Path:
    """A file-system path to a shipped file, for APIs that want one (Qt icons, copying).

    From a zip the file is extracted once to a temporary file that lives until exit.
    """
    item = root().joinpath(*parts)
    if isinstance(item, Path):
        return item
    return _extracted.enter_context(resources.as_file(item))
