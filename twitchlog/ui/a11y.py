"""Small helpers so every control tells assistive technology what it is for.

Qt reads a control's description from its accessible description, else its tooltip;
these set the words once for the kinds of control that recur across views and dialogs.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDateTimeEdit, QDialogButtonBox, QTabWidget, QWidget

DATE_HINT = "Type a date (year-month-day) or press Alt+Down for a calendar"

_BUTTON_WORDS = {
    QDialogButtonBox.StandardButton.Ok: "Keep the changes and close",
    QDialogButtonBox.StandardButton.Save: "Keep the changes and close",
    QDialogButtonBox.StandardButton.Cancel: "Close without changing anything",
    QDialogButtonBox.StandardButton.Close: "Close this window; changes are already saved",
}


def describe(widget: QWidget, name: str | None, description: str) -> None:
    """Give ``widget`` a name (when its own text or label does not) and a description."""
    if name:
        widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)


def describe_date(edit: QDateTimeEdit, what: str = "") -> None:
    edit.setAccessibleDescription(f"{what}. {DATE_HINT}" if what else DATE_HINT)


def describe_buttons(box: QDialogButtonBox) -> None:
    """Standard dialog buttons say what pressing them does."""
    for button in box.buttons():
        words = _BUTTON_WORDS.get(box.standardButton(button))
        if words and not button.accessibleDescription():
            button.setAccessibleDescription(words)


def describe_tabs(tabs: QTabWidget, name: str, pages: dict[str, str] | None = None) -> None:
    """A tab widget and its tab strip: what the pages are and how to move between them.

    ``pages`` maps a tab's text (without "&") to what the page shows; a screen reader
    reads it as the current tab's description (it is the tab's tooltip too).
    """
    tabs.setAccessibleName(name)
    tabs.setAccessibleDescription(f"{name}: one page at a time; Ctrl+Tab moves between them")
    tabs.tabBar().setAccessibleName(f"{name} pages")
    tabs.tabBar().setAccessibleDescription("The left and right arrow keys move between them")
    for index in range(tabs.count()):
        text = tabs.tabText(index).replace("&&", "\0").replace("&", "").replace("\0", "&")
        words = (pages or {}).get(text) or f"Page {index + 1} of {tabs.count()}: {text}"
        if not tabs.tabToolTip(index):
            tabs.setTabToolTip(index, words)
