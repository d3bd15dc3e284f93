"""Light and dark looks meet WCAG 2.1: text 4.5:1, control boundaries 3:1.

The ratios are computed from the palette and colours the app sets (``ui/theme.py``), and
from pixels: an unticked check box, a radio button, the intensity slider and a field are
drawn with the app's style, and their edge must stand out from the window.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QLineEdit,
    QRadioButton,
    QSlider,
    QStyle,
    QStyleOptionButton,
    QStyleOptionSlider,
    QWidget,
)

from twitchlog.ui import theme

ROLE = QPalette.ColorRole
TEXT_PAIRS = [(ROLE.WindowText, ROLE.Window), (ROLE.Text, ROLE.Base),
              (ROLE.Text, ROLE.AlternateBase), (ROLE.ButtonText, ROLE.Button),
              (ROLE.HighlightedText, ROLE.Highlight), (ROLE.PlaceholderText, ROLE.Base),
              (ROLE.ToolTipText, ROLE.ToolTipBase), (ROLE.Link, ROLE.Base),
              (ROLE.Link, ROLE.Window)]
NAMED_TEXT = [(fg, bg) for fg in ("muted", "error", "ok", "link")
              for bg in ("window", "base", "alt")] + [("text", "bar"), ("text", "banner")]
SURFACES = ("window", "base", "alt", "button")


def luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + \
        0.0722 * channel(color.blueF())


def ratio(a: QColor, b: QColor) -> float:
    """WCAG 2.1 contrast ratio."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_ratio_matches_the_wcag_examples():
    assert ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_text_reaches_4_5_to_1_and_boundaries_3_to_1(dark: bool):
    palette = theme.build_palette(dark)
    low = {f"{fg.name}/{bg.name}": round(ratio(palette.color(fg), palette.color(bg)), 2)
           for fg, bg in TEXT_PAIRS}
    named = theme.colors(dark)
    low |= {f"{fg}/{bg}": round(ratio(QColor(named[fg]), QColor(named[bg])), 2)
            for fg, bg in NAMED_TEXT}
    assert {pair: value for pair, value in low.items() if value < 4.5} == {}
    border = theme.border_color(palette)
    edges = {bg: round(ratio(border, QColor(named[bg])), 2) for bg in SURFACES}
    assert {bg: value for bg, value in edges.items() if value < 3.0} == {}


@pytest.fixture(params=["light", "dark"])
def look(request, qapp, monkeypatch) -> Iterator[bool]:
    """The app's look applied for one test, then back to light."""
    monkeypatch.delenv(theme.ENV_VAR, raising=False)
    manager = theme.manager() or theme.ThemeManager(qapp, "light")
    manager.set_choice(request.param)
    yield request.param == "dark"
    manager.set_choice("light")


def edge_contrast(image: QImage, rect: QRect, background: QColor) -> float:
    """The strongest contrast of any pixel in ``rect`` against the background."""
    best = 1.0
    for y in range(rect.top(), rect.bottom() + 1):
        for x in range(rect.left(), rect.right() + 1):
            best = max(best, ratio(image.pixelColor(x, y), background))
    return best


def drawn(qtbot, widget: QWidget) -> QImage:
    qtbot.addWidget(widget)
    widget.resize(widget.sizeHint())
    widget.ensurePolished()
    return widget.grab().toImage()


def indicator_rect(widget: QCheckBox | QRadioButton, element: QStyle.SubElement) -> QRect:
    option = QStyleOptionButton()
    widget.initStyleOption(option)
    return widget.style().subElementRect(element, option, widget)


def test_unticked_boxes_radios_slider_and_fields_stand_out(qtbot, look):
    window = theme.build_palette(look).color(ROLE.Window)
    base = theme.build_palette(look).color(ROLE.Base)
    box = QCheckBox("Weakness")
    radio = QRadioButton("Left")
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(0, 10)
    field = QLineEdit()
    found = {}
    image = drawn(qtbot, box)
    found["check box"] = edge_contrast(
        image, indicator_rect(box, QStyle.SubElement.SE_CheckBoxIndicator), window)
    image = drawn(qtbot, radio)
    found["radio button"] = edge_contrast(
        image, indicator_rect(radio, QStyle.SubElement.SE_RadioButtonIndicator), window)
    image = drawn(qtbot, slider)
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    groove = slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                           QStyle.SubControl.SC_SliderGroove, slider)
    found["slider groove"] = edge_contrast(image, groove, window)
    image = drawn(qtbot, field)
    found["field"] = edge_contrast(image, QRect(0, 0, field.width(), 3), base)
    assert {name: round(value, 2) for name, value in found.items() if value < 3.0} == {}


def test_text_on_a_tab_page_keeps_its_contrast(qtbot, look):
    """Fusion filled tab pages (Settings, Manage) from the button colour, lightened: in
    the dark look muted text on them fell to 3.9:1 and field edges to 2.9:1."""
    from PySide6.QtWidgets import QTabWidget

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QWidget(), "General")
    tabs.resize(300, 200)
    tabs.show()
    qtbot.waitExposed(tabs)
    page = tabs.grab().toImage().pixelColor(150, 120)
    named = theme.colors(look)
    found = {name: round(ratio(QColor(named[name]), page), 2)
             for name in ("text", "muted", "error", "link")}
    found["field edge"] = round(ratio(QColor(named["border"]), page), 2)
    low = {name: value for name, value in found.items()
           if value < (3.0 if name == "field edge" else 4.5)}
    assert low == {}
