"""The app's pictures as Qt objects: icons and the app icon.

The files come from :mod:`twitchlog.assets` (``importlib.resources``), so they load the same
from a wheel, an editable install or a frozen bundle.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPixmap

from twitchlog import assets

#: Bitmap sizes shipped beside the SVG (``icons/hicolor/<n>x<n>/twitchlog.png``).
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def resource_path(*parts: str) -> Path:
    """A file inside the resources folder, e.g. ``resource_path("icons", "today.svg")``."""
    return assets.path(*parts)


@cache
def icon(name: str) -> QIcon:
    """An icon from ``resources/icons/<name>.svg``; an empty icon if it does not exist."""
    if not assets.exists("icons", f"{name}.svg"):
        return QIcon()
    return QIcon(str(assets.path("icons", f"{name}.svg")))


@cache
def app_icon() -> QIcon:
    """The TwitchLog icon: the drawn bitmaps for small sizes, the SVG for any other."""
    result = QIcon()
    for size in APP_ICON_SIZES:
        parts = ("icons", "hicolor", f"{size}x{size}", "twitchlog.png")
        if assets.exists(*parts):
            result.addFile(str(assets.path(*parts)), QSize(size, size))
    if assets.exists("icons", "twitchlog.svg"):
        result.addFile(str(assets.path("icons", "twitchlog.svg")))
    if not result.availableSizes():
        source = icon("twitchlog")
        for size in APP_ICON_SIZES:
            pixmap: QPixmap = source.pixmap(QSize(size, size))
            if not pixmap.isNull():
                result.addPixmap(pixmap)
    return result
