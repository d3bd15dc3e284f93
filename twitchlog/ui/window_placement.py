"""Where the main window goes: it fits the screen it opens on, whatever that screen is.

A small screen (below about 1280×800) gets a maximised window, since every pixel is
needed; a larger one gets a comfortable window in its middle. A saved placement from
another monitor or resolution is pulled back inside the screen, never left off it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize

COMFORTABLE = QSize(1240, 800)
SMALL_SCREEN = QSize(1280, 800)  # below this in either direction the window is maximised
MARGIN = 24  # room around a window that is not maximised


def starts_maximised(available: QRect) -> bool:
    """True when the screen is too small for a comfortable window beside anything else."""
    return available.width() < SMALL_SCREEN.width() or available.height() < SMALL_SCREEN.height()


def first_geometry(available: QRect) -> QRect:
    """The first window (no saved placement): comfortable size, centred, inside the screen."""
    width = min(COMFORTABLE.width(), available.width() - 2 * MARGIN)
    height = min(COMFORTABLE.height(), available.height() - 2 * MARGIN)
    rect = QRect(0, 0, max(width, 1), max(height, 1))
    rect.moveCenter(available.center())
    return rect


def fit_on_screen(frame: QRect, available: QRect) -> QRect:
    """``frame`` shrunk to the screen if larger, and moved so all of it is visible."""
    width = min(frame.width(), available.width())
    height = min(frame.height(), available.height())
    left = min(max(frame.left(), available.left()), available.right() + 1 - width)
    top = min(max(frame.top(), available.top()), available.bottom() + 1 - height)
    return QRect(QPoint(left, top), QSize(width, height))
