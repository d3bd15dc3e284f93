"""Draw the app icon's PNG sizes from ``resources/icons/twitchlog.svg`` (``make icons``).

Desktops that do not scale SVG icons (and some docks and trays) look for PNGs in the
freedesktop hicolor sizes; they are drawn once from the one SVG and committed, so neither
a wheel nor a user's install needs an SVG renderer.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int, renderer: QSvgRenderer) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "twitchlog.svg"))
    if not renderer.isValid():
        print(f"cannot read {ICONS / 'twitchlog.svg'}", file=sys.stderr)
        return 2
    for size in SIZES:
        target = ICONS / "hicolor" / f"{size}x{size}" / "twitchlog.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(size, renderer).save(str(target), "PNG"):
            print(f"cannot write {target}", file=sys.stderr)
            return 2
        print(target.relative_to(ICONS.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
