"""Finding the app's pictures at run time: icons, the body map, screenshots.

The repository keeps them in a top-level ``resources/`` folder. An editable install
(``pip install -e .``, used by ``make run``) finds that folder beside the package; a
packaged install may ship the same tree as ``twitchlog/resources`` package data or under
``<prefix>/share/twitchlog/resources``; ``$TWITCHLOG_RESOURCES`` overrides all of them.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPixmap

import twitchlog

ENV_VAR = "TWITCHLOG_RESOURCES"
_MARKER = "body_map.svg"


def _candidates() -> list[Path]:
    package_dir = Path(twitchlog.__file__).resolve().parent
    found = []
    override = os.environ.get(ENV_VAR)
    if override:
        found.append(Path(override).expanduser())
    found += [
        package_dir / "resources",
        package_dir.parent / "resources",
        Path(sys.prefix) / "share" / "twitchlog" / "resources",
    ]
    return found


@cache
def resources_dir() -> Path:
    """The folder holding ``body_map.svg`` and ``icons/``; raises if none is installed."""
    for folder in _candidates():
        if (folder / _MARKER).is_file():
            return folder
    searched = ", ".join(str(p) for p in _candidates())
    raise FileNotFoundError(f"TwitchLog's resources folder is missing (looked in {searched})")


def resource_path(*parts: str) -> Path:
    """A file inside the resources folder, e.g. ``resource_path("icons", "today.svg")``."""
    return resources_dir().joinpath(*parts)


@cache
def icon(name: str) -> QIcon:
    """An icon from ``resources/icons/<name>.svg``; an empty icon if it does not exist."""
    path = resource_path("icons", f"{name}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


def app_icon() -> QIcon:
    """The TwitchLog application icon, with bitmap sizes for window managers that want them."""
    source = icon("twitchlog")
    result = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        pixmap: QPixmap = source.pixmap(QSize(size, size))
        if not pixmap.isNull():
            result.addPixmap(pixmap)
    return result if not result.isNull() else source
