"""Light and dark looks: Fusion with a calm palette that follows the system's scheme.

``$TWITCHLOG_THEME`` (``light``, ``dark`` or ``system``) overrides the user's choice in
Settings, which defaults to following the system (Qt 6 ``QStyleHints.colorScheme``).
Every colour pair meets WCAG 2.1 (text 4.5:1, control edges 3:1 in the ``border``
colour, drawn by :class:`ContrastStyle`). Widgets pick up changes through
``QEvent.PaletteChange``; a few roles (muted text,
field messages, section headings, the undo bar) are styled by a dynamic ``role`` property.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from twitchlog.ui.contrast_style import ContrastStyle

ENV_VAR = "TWITCHLOG_THEME"
CHOICES = ("system", "light", "dark")

_LIGHT = {
    "window": "#f4f6f8", "base": "#ffffff", "alt": "#f0f3f6", "text": "#1f2933",
    "button": "#e9edf1", "mid": "#c3cbd4", "dark": "#8a96a3", "shadow": "#6b7785",
    "highlight": "#24737d", "highlighted_text": "#ffffff", "link": "#1f6f8e",
    "tooltip": "#fffbea", "placeholder": "#687380", "disabled": "#9aa4ae",
    "muted": "#5f6b78", "accent": "#2f8f9b", "error": "#a8501c", "ok": "#2a7453",
    "border": "#737f8c",
    "bar": "#e3f1ef", "bar_border": "#a8d3cd", "banner": "#fff4d6", "banner_border": "#e6c56e",
}
_DARK = {
    "window": "#1f2327", "base": "#2a3036", "alt": "#262b31", "text": "#e3e7eb",
    "button": "#333a41", "mid": "#4a535c", "dark": "#14171a", "shadow": "#0c0e10",
    "highlight": "#3fa7b3", "highlighted_text": "#0e1113", "link": "#7cc7d6",
    "tooltip": "#2c3238", "placeholder": "#9aa5b0", "disabled": "#6b747d",
    "border": "#8894a0",
    "muted": "#a3adb7", "accent": "#5bbac5", "error": "#f0a878", "ok": "#86d3ad",
    "bar": "#21393a", "bar_border": "#3a6e6c", "banner": "#3b3320", "banner_border": "#7a6636",
}


def requested_choice(saved: str | None = None) -> str:
    """The theme to use: ``$TWITCHLOG_THEME`` wins over the saved choice; default system."""
    env = (os.environ.get(ENV_VAR) or "").strip().lower()
    if env in CHOICES:
        return env
    return saved if saved in CHOICES else "system"


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def is_dark(widget: QWidget | None = None) -> bool:
    """Whether the current look is dark (judged by the window colour)."""
    palette = widget.palette() if widget is not None else QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def colors(dark: bool | None = None) -> dict[str, str]:
    """The named colours of the current (or the given) look."""
    if dark is None:
        dark = is_dark()
    return dict(_DARK if dark else _LIGHT)


def color(name: str, widget: QWidget | None = None) -> QColor:
    return QColor(colors(is_dark(widget))[name])


def border_color(palette: QPalette) -> QColor:
    """The edge of a control (3:1 against the page) in the look ``palette`` belongs to."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor(colors(dark)["border"])


def build_palette(dark: bool) -> QPalette:
    c = _DARK if dark else _LIGHT
    p = QPalette()
    role = QPalette.ColorRole
    pairs = {
        role.Window: c["window"], role.WindowText: c["text"], role.Base: c["base"],
        role.AlternateBase: c["alt"], role.Text: c["text"], role.Button: c["button"],
        role.ButtonText: c["text"], role.BrightText: "#ffffff", role.Highlight: c["highlight"],
        role.HighlightedText: c["highlighted_text"], role.Link: c["link"],
        role.LinkVisited: c["link"], role.ToolTipBase: c["tooltip"], role.ToolTipText: c["text"],
        role.PlaceholderText: c["placeholder"], role.Mid: c["mid"], role.Dark: c["dark"],
        role.Shadow: c["shadow"], role.Light: c["base"] if not dark else "#3a4148",
        role.Midlight: c["alt"],
    }
    for r, value in pairs.items():
        p.setColor(r, QColor(value))
    group = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group, r, QColor(c["disabled"]))
    p.setColor(group, role.Highlight, QColor(c["mid"]))
    return p


def stylesheet(dark: bool) -> str:
    c = _DARK if dark else _LIGHT
    return f"""
QLabel[role="muted"] {{ color: {c["muted"]}; }}
QLabel[role="error"] {{ color: {c["error"]}; }}
QLabel[role="ok"] {{ color: {c["ok"]}; }}
QLabel[role="heading"] {{ font-weight: 600; font-size: 11pt; }}
QLabel[role="title"] {{ font-weight: 600; font-size: 14pt; }}
QFrame#undoBar {{ background: {c["bar"]}; border: 1px solid {c["bar_border"]};
    border-radius: 6px; }}
QFrame#demoBanner {{ background: {c["banner"]}; border-bottom: 1px solid {c["banner_border"]}; }}
QFrame#catchUpStrip, QFrame#reminderOffer {{ background: {c["bar"]};
    border: 1px solid {c["bar_border"]}; border-radius: 6px; }}
QListWidget#viewSwitcher {{ background: {c["alt"]}; border: none;
    border-right: 1px solid {c["mid"]}; padding-top: 6px; outline: 0; }}
QListWidget#viewSwitcher::item:selected:focus {{ border: 1px solid {c["highlight"]}; }}
QListWidget#viewSwitcher::item {{ padding: 8px 10px; border-radius: 6px; margin: 2px 6px; }}
QListWidget#viewSwitcher::item:selected {{ background: {c["bar"]}; color: {c["text"]};
    border: 1px solid {c["bar_border"]}; }}
QListWidget#viewSwitcher::item:hover:!selected {{ background: {c["button"]}; }}
QPushButton[role="chip"] {{ padding: 3px 10px; border-radius: 11px;
    border: 1px solid {c["border"]}; background: {c["base"]}; }}
QPushButton[role="chip"]:hover {{ border-color: {c["highlight"]}; }}
QPushButton[role="chip"]:focus {{ border: 2px solid {c["highlight"]}; padding: 2px 9px; }}
QPushButton[role="chip"]:checked {{ background: {c["highlight"]};
    color: {c["highlighted_text"]}; border-color: {c["highlight"]}; }}
QPushButton[role="chip"]:pressed {{ background: {c["bar"]}; }}
QPushButton[role="quick"] {{ padding: 6px 12px; font-weight: 600; }}
QPushButton[role="link"], QToolButton[role="link"] {{ border: 1px solid transparent;
    background: transparent; color: {c["link"]}; text-decoration: underline; padding: 1px 3px; }}
QPushButton[role="link"]:focus {{ border: 1px dotted {c["link"]}; }}
QTabWidget#chartTabs QTabBar::tab {{ padding: 5px 7px; }}
QLineEdit[invalid="true"], QAbstractSpinBox[invalid="true"] {{
    border: 1px solid {c["error"]}; border-radius: 3px; }}
"""


_MANAGER: ThemeManager | None = None


def manager() -> ThemeManager | None:
    """The application's theme manager, once :class:`ThemeManager` was created."""
    return _MANAGER


class ThemeManager(QObject):
    """Applies the chosen look and re-applies it when the system scheme changes."""

    def __init__(self, app: QApplication, choice: str = "system") -> None:
        super().__init__(app)
        global _MANAGER
        _MANAGER = self
        self._app = app
        self._choice = requested_choice(choice)
        app.setStyle(ContrastStyle(border_color))
        app.styleHints().colorSchemeChanged.connect(self._on_hints_color_scheme_changed)
        self.apply()

    @property
    def choice(self) -> str:
        return self._choice

    def set_choice(self, choice: str) -> None:
        """Switch between ``system``, ``light`` and ``dark`` (the env variable still wins)."""
        self._choice = requested_choice(choice)
        self.apply()

    def dark(self) -> bool:
        if self._choice == "system":
            return system_prefers_dark()
        return self._choice == "dark"

    def apply(self) -> None:
        dark = self.dark()
        self._app.setPalette(build_palette(dark))
        self._app.setStyleSheet(stylesheet(dark))

    def _on_hints_color_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._choice == "system":
            self.apply()


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property (``role``, ``invalid``) changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
