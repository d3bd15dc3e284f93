"""The "What goes with your twitches" list: what is known first, the rest folded away.

Clear associations lead, in plain words ("Likely real"), followed by what the model of
all factors together says about them; pairs with no clear association
("could be chance") and pairs not tested yet are grouped under headers that fold open
with a click, closed at first. The statistics (CI, q-value, rho) are one click away:
"Show the numbers" adds them under each sentence, and each tooltip holds them too.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from twitchlog.analysis.results import Association, Insights

ROLE_ASSOC = Qt.ItemDataRole.UserRole + 1
ROLE_GROUP = Qt.ItemDataRole.UserRole + 2  # on a folding header: its group's key
ROLE_MEMBER = Qt.ItemDataRole.UserRole + 3  # on a row: the group it belongs to
ROLE_NOTE = Qt.ItemDataRole.UserRole + 4  # on an adjusted-model row: the note with numbers
CLEAR_HEADER = "Clear associations"
ADJUSTED_HEADER = "Accounting for the factors together"
LIKELY = "Likely real"
CHANCE = "Could be chance"
_STATS = re.compile(r"\s*\((?:95% CI|CI|rho|q)\b[^)]*\)")
_RATE = re.compile(r"\s*\([^()]*95% CI[^()]*\)")  # "(1.42× per 100 mg, 95% CI …)"
_CLOSED, _OPEN = "▸", "▾"


def plain(sentence: str) -> str:
    """The sentence without its bracketed statistics, which "Show the numbers" brings back."""
    return _STATS.sub("", sentence).strip()


class AssociationList(QListWidget):
    """Sentences about factors and twitches, grouped by how sure they are."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._numbers = False
        self._open: set[str] = set()
        self._titles: dict[str, str] = {}
        self.setWordWrap(True)
        self.setAccessibleName("What goes with your twitches")
        self.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setSpacing(2)
        self.itemClicked.connect(self._on_self_item_clicked)
        self.itemActivated.connect(self._on_self_item_clicked)

    # --- public ----------------------------------------------------------------------

    def show_note(self, text: str) -> None:
        self.clear()
        self._add_note(text)

    def show_insights(self, insights: Insights) -> None:
        """Clear associations first, then the folded groups; folds stay as the user left them."""
        from twitchlog.analysis.wording import untested_lines

        self.clear()
        significant = insights.significant
        unclear = [a for a in insights.tested if not a.significant]
        self._add_header(CLEAR_HEADER)
        for assoc in significant:
            self._add_sentence(assoc, LIKELY, None)
        if not significant:
            self._add_note("No clear associations found in this period." if insights.tested
                           else "Nothing could be tested yet: each factor needs 14 tracked "
                                "days with a value.")
        model = insights.adjusted
        if model is not None and model.notes:
            self._add_header(ADJUSTED_HEADER)
            for note in model.notes:
                item = QListWidgetItem(self._note_text(note))
                item.setData(ROLE_NOTE, note)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(f"{note}\n{model.method}; {model.n} tracked days with "
                                "every one of these factors.")
                self._add_member(item, None)
        if unclear:
            self._add_group("unclear", f"No clear association ({len(unclear)})")
            for assoc in unclear:
                self._add_sentence(assoc, CHANCE, "unclear")
        lines = untested_lines(insights.untested) if insights.untested else []
        if lines:
            self._add_group("untested", f"Not tested yet ({len(lines)})")
            for line in lines:
                self._add_note(line, group="untested")

    def set_numbers_shown(self, shown: bool) -> None:
        """Show (or hide) the statistics under every sentence."""
        self._numbers = shown
        for row in range(self.count()):
            item = self.item(row)
            assoc = item.data(ROLE_ASSOC)
            if isinstance(assoc, Association):
                item.setText(self._sentence_text(assoc, item.data(Qt.ItemDataRole.UserRole)))
            elif isinstance(note := item.data(ROLE_NOTE), str):
                item.setText(self._note_text(note))

    def set_group_open(self, group: str, is_open: bool) -> None:
        """Fold a group ("unclear", "untested") open or closed."""
        if is_open:
            self._open.add(group)
        else:
            self._open.discard(group)
        for row in range(self.count()):
            item = self.item(row)
            if item.data(ROLE_MEMBER) == group:
                item.setHidden(not is_open)
            elif item.data(ROLE_GROUP) == group:
                item.setText(f"{_OPEN if is_open else _CLOSED} {self._titles[group]}")

    def is_group_open(self, group: str) -> bool:
        return group in self._open

    # --- rows --------------------------------------------------------------------------

    def _sentence_text(self, assoc: Association, verdict: str) -> str:
        if self._numbers:
            return f"{verdict}: {assoc.sentence}" + (f"\n{assoc.detail}" if assoc.detail else "")
        return f"{verdict}: {plain(assoc.sentence)}"

    def _note_text(self, note: str) -> str:
        """An adjusted-model note; its rate ratio and CI only with "Show the numbers"."""
        return note if self._numbers else _RATE.sub("", note).strip()

    def _add_header(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.addItem(item)
        return item

    def _add_group(self, group: str, title: str) -> None:
        self._titles[group] = title
        item = self._add_header(f"{_OPEN if group in self._open else _CLOSED} {title}")
        item.setData(ROLE_GROUP, group)
        item.setToolTip("Click to show or hide these rows")

    def _add_member(self, item: QListWidgetItem, group: str | None) -> None:
        self.addItem(item)
        if group is not None:
            item.setData(ROLE_MEMBER, group)
            item.setHidden(group not in self._open)

    def _add_sentence(self, assoc: Association, verdict: str, group: str | None) -> None:
        item = QListWidgetItem()
        item.setData(ROLE_ASSOC, assoc)
        item.setData(Qt.ItemDataRole.UserRole, verdict)
        item.setText(self._sentence_text(assoc, verdict))
        item.setToolTip(assoc.detail)
        self._add_member(item, group)

    def _add_note(self, text: str, group: str | None = None) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self._add_member(item, group)

    # --- slots -------------------------------------------------------------------------

    def _on_self_item_clicked(self, item: QListWidgetItem) -> None:
        group = item.data(ROLE_GROUP)
        if group:
            self.set_group_open(group, not self.is_group_open(group))
