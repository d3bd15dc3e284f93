"""The Journal table's model: every episode of the journal, filtered and sorted in SQL.

The model never holds the whole journal. ``rowCount`` is one ``COUNT(*)`` of the
filtered episodes; the rows themselves are fetched on demand in pages of
:data:`PAGE_SIZE` and kept in a small LRU cache, so a 100,000-episode journal costs a
few pages of memory however far the user scrolls.

The first :data:`TOP_PAGES` pages (where the user nearly always looks) come straight from
``journal.episodes.page`` (``LIMIT``/``OFFSET``, a few milliseconds). Deeper pages would
make SQLite sort and skip every row above them on each page (up to a second on 100,000
episodes), so the first time a deep page is needed the model asks once for the ids in
display order (:meth:`~twitchlog.store.episodes.Episodes.ids`, ~0.1 s) and reads each
deep page by its ids. Both paths use the same total order, so they agree row for row.

Why the full count with lazy pages rather than ``canFetchMore``/``fetchMore``: with the
true row count the scroll bar has its real size from the start, the user can drag
straight to the oldest episode (or press Ctrl+End) and only the pages actually
painted are read. ``fetchMore`` would grow the table 200 rows at a time and force
every page in between to load before the end can be reached.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from twitchlog.domain import Episode, kind_label, location_label
from twitchlog.store import EpisodeFilter
from twitchlog.ui.context import JournalContext
from twitchlog.validation import format_duration

PAGE_SIZE = 200
CACHED_PAGES = 12
TOP_PAGES = 5

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column:
    """One table column: the store's sort key and its header."""

    key: str
    title: str
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("started_at", "When"),
    Column("location", "Location"),
    Column("side", "Side"),
    Column("duration_s", "Duration", numeric=True),
    Column("intensity", "Intensity", numeric=True),
    Column("kind", "Kind"),
    Column("notes", "Notes"),
)
COLUMN_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS)


def format_when(episode: Episode, *, compact: bool = False) -> str:
    """The start in the episode's own local time (the offset it was logged with); compact
    leaves out the weekday, for a narrow window (the tooltip still has it)."""
    return episode.started_at.strftime("%Y-%m-%d %H:%M" if compact else "%a %Y-%m-%d %H:%M")


def when_tooltip(episode: Episode) -> str:
    """"Tuesday 5 March 2024, 23:30 (UTC+09:00)": the whole start, weekday and offset."""
    started = episode.started_at
    offset = started.strftime("%z")
    return (f"{started:%A} {started.day} {started:%B %Y, %H:%M} "
            f"(UTC{offset[:3]}:{offset[3:]})")


class EpisodeTableModel(QAbstractTableModel):
    """Read-only table of episodes for a :class:`QTableView`; ``Qt.UserRole`` is the id."""

    def __init__(self, context: JournalContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._filter = EpisodeFilter()
        self._sort_key = "started_at"
        self._descending = True
        self._compact_dates = False
        self._count = 0
        self._pages: OrderedDict[int, list[Episode]] = OrderedDict()
        self._ordered_ids: list[str] | None = None
        self._count = self._query_count()

    # --- what is shown -------------------------------------------------------------

    @property
    def episode_filter(self) -> EpisodeFilter:
        """A copy of the filter in force."""
        return replace(self._filter)

    @property
    def sort_key(self) -> str:
        return self._sort_key

    @property
    def descending(self) -> bool:
        return self._descending

    @property
    def sort_column(self) -> int:
        return COLUMN_KEYS.index(self._sort_key)

    @property
    def compact_dates(self) -> bool:
        return self._compact_dates

    def set_compact_dates(self, compact: bool) -> None:
        """Show "When" without the weekday (a narrow table) or with it."""
        if compact == self._compact_dates:
            return
        self._compact_dates = compact
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, 0),
                                  [Qt.ItemDataRole.DisplayRole])

    def set_filter(self, flt: EpisodeFilter) -> bool:
        """Show only the episodes matching ``flt``; returns whether anything was re-read."""
        if flt == self._filter:
            return False
        self._filter = replace(flt)
        self.refresh()
        return True

    def refresh(self) -> None:
        """Re-read the journal: the count now, the rows when they are next painted."""
        self.beginResetModel()
        self._pages.clear()
        self._ordered_ids = None
        self._count = self._query_count()
        self.endResetModel()

    def total_count(self) -> int:
        """Episodes in the whole journal, ignoring the filter (for the status line)."""
        return self._context.journal.episodes.count()

    # --- QAbstractTableModel -------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Sort by {column.title.lower()}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role not in _HANDLED_ROLES:
            return None
        episode = self.episode_at(index.row())
        if episode is None:
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return episode.id
        if role == Qt.ItemDataRole.DisplayRole:
            if column.key == "started_at":
                return format_when(episode, compact=self._compact_dates)
            return _display(episode, column.key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(episode, column.key)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{column.title}: {_display(episode, column.key) or 'not recorded'}"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in SQL, sorted by ``column``; unknown columns are ignored."""
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column].key
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self._sort_key and descending == self._descending:
            return
        self._sort_key, self._descending = key, descending
        self.refresh()

    # --- rows ------------------------------------------------------------------------

    def episode_at(self, row: int) -> Episode | None:
        """The episode shown in ``row`` (fetching its page if needed), or ``None``."""
        if not 0 <= row < self._count:
            return None
        page = self._page(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def episode_ids(self, rows: Iterable[int]) -> list[str]:
        """The ids shown in ``rows``, in row order; rows past the end are skipped."""
        ids: list[str] = []
        for row in sorted(set(rows)):
            episode = self.episode_at(row)
            if episode is not None:
                ids.append(episode.id)
        return ids

    def find_rows(self, ids: Iterable[str], near_row: int) -> list[int]:
        """Rows showing any of ``ids`` in the pages around ``near_row`` (after a refresh)."""
        wanted = set(ids)
        if not wanted or self._count == 0:
            return []
        centre = max(0, min(near_row, self._count - 1)) // PAGE_SIZE
        last_page = (self._count - 1) // PAGE_SIZE
        found: list[int] = []
        for number in range(max(0, centre - 1), min(last_page, centre + 1) + 1):
            for offset, episode in enumerate(self._page(number)):
                if episode.id in wanted:
                    found.append(number * PAGE_SIZE + offset)
        return found

    def cached_pages(self) -> list[int]:
        """Page numbers currently held in memory, least recently used first."""
        return list(self._pages)

    def _page(self, number: int) -> list[Episode]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        journal = self._context.journal
        offset = number * PAGE_SIZE
        if number < TOP_PAGES:
            page = journal.episodes.page(self._filter, sort=self._sort_key,
                                        descending=self._descending,
                                        offset=offset, limit=PAGE_SIZE)
        else:
            if self._ordered_ids is None:
                self._ordered_ids = journal.episodes.ids(
                    self._filter, sort=self._sort_key, descending=self._descending)
            page = journal.episodes.by_ids(self._ordered_ids[offset:offset + PAGE_SIZE])
        self._pages[number] = page
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def _query_count(self) -> int:
        return self._context.journal.episodes.count(self._filter)


_HANDLED_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.UserRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
})


def _alignment(column: Column) -> int:
    horizontal = Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
    return int(horizontal | Qt.AlignmentFlag.AlignVCenter)


def _display(episode: Episode, key: str) -> str:
    if key == "started_at":
        return format_when(episode)
    if key == "duration_s":
        return format_duration(episode.duration_s)
    if key == "intensity":
        return "" if episode.intensity is None else str(episode.intensity)
    if key == "side":
        return "" if episode.side == "unspecified" else episode.side
    if key == "notes":
        return " ".join(episode.notes.split())
    if key == "location":
        return location_label(episode.location)
    if key == "kind":
        return kind_label(episode.kind)
    return str(getattr(episode, key))


def _tooltip(episode: Episode, key: str) -> str | None:
    if key == "started_at":
        return when_tooltip(episode)
    if key == "notes":
        return episode.notes or None
    if key == "duration_s" and episode.duration_s is None:
        return "Duration not recorded"
    if key == "intensity" and episode.intensity is None:
        return "Intensity not recorded"
    return None
