"""The Journal table's model: lazy pages over the store, SQL sorting on every column."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView

from twitchlog.domain import KINDS, SIDES, Episode
from twitchlog.store import EpisodeFilter, Journal
from twitchlog.ui import episode_table_model
from twitchlog.ui.context import JournalContext
from twitchlog.ui.episode_table_model import (
    CACHED_PAGES,
    COLUMN_KEYS,
    COLUMNS,
    PAGE_SIZE,
    TOP_PAGES,
    EpisodeTableModel,
)

LOCATIONS = ("eyelid", "calf", "thumb", "neck", "upper arm")
NOTES = ("", "", "after coffee", "while reading", "Late night", "during a run", "a_b 50%")


def make_episodes(n: int, seed: int = 1) -> list[Episode]:
    """``n`` varied episodes with ties (same minute), blanks and several UTC offsets."""
    rng = random.Random(seed)
    offsets = [timezone(timedelta(hours=h)) for h in (-5, 0, 1, 2, 9)]
    start = datetime(2023, 1, 1, 8, 0, tzinfo=offsets[2])
    episodes = []
    for i in range(n):
        moment = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 400, 7))
        if i % 17 == 0 and episodes:
            moment = episodes[-1].started_at  # an exact tie in time
        moment = moment.astimezone(rng.choice(offsets))
        episodes.append(Episode(
            started_at=moment,
            location=rng.choice(LOCATIONS),
            side=rng.choice(SIDES),
            duration_s=rng.choice([None, 5.0, 30.0, 90.0, 600.0, 3600.0]),
            intensity=rng.choice([None, *range(1, 11)]),
            kind=rng.choice(KINDS),
            notes=rng.choice(NOTES),
        ))
    return episodes


def fill(journal: Journal, episodes: list[Episode]) -> None:
    journal.episodes.restore(episodes)  # one transaction, validated like any add


@pytest.fixture(scope="module")
def big_journal_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.twitchlog"
    journal = Journal.open(path)
    fill(journal, make_episodes(5000))
    journal.close()
    return path


@pytest.fixture
def big_context(big_journal_file: Path, tmp_path: Path) -> Iterator[JournalContext]:
    path = tmp_path / "copy.twitchlog"
    shutil.copy(big_journal_file, path)
    journal = Journal.open(path)
    yield JournalContext(journal)
    journal.close()


@pytest.fixture
def small_context(journal: Journal) -> JournalContext:
    fill(journal, make_episodes(420, seed=3))
    return JournalContext(journal)


class Counter:
    """Wraps a store function or method and records every call's arguments."""

    def __init__(self, owner: object, name: str,
                 monkeypatch: pytest.MonkeyPatch | None = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self.args: list[tuple[Any, ...]] = []
        original: Callable[..., Any] = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(kwargs)
            self.args.append(args)
            return original(*args, **kwargs)

        if monkeypatch is not None:
            monkeypatch.setattr(owner, name, wrapper)
        else:
            setattr(owner, name, wrapper)

    @property
    def offsets(self) -> list[int]:
        return [call["offset"] for call in self.calls]


def all_ids(model: EpisodeTableModel) -> list[str]:
    return [model.data(model.index(row, 0), Qt.ItemDataRole.UserRole)
            for row in range(model.rowCount())]


def python_order(episodes: list[Episode], key: str, descending: bool) -> list[str]:
    """What the table must show: the column (blanks last), then time, then id."""
    def value(e: Episode) -> Any:
        if key == "started_at":
            return e.started_at.astimezone(UTC)
        return getattr(e, key)

    rows = sorted(episodes, key=lambda e: e.id)
    rows.sort(key=lambda e: e.started_at.astimezone(UTC), reverse=descending)
    known = [e for e in rows if value(e) is not None]
    blank = [e for e in rows if value(e) is None]
    known.sort(key=value, reverse=descending)
    return [e.id for e in known + blank]


def test_row_count_is_the_whole_journal_but_only_needed_pages_are_read(
        big_context: JournalContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = Counter(big_context.journal.episodes, "page")
    id_lists = Counter(big_context.journal.episodes, "ids", monkeypatch)
    by_ids = Counter(big_context.journal.episodes, "by_ids", monkeypatch)
    model = EpisodeTableModel(big_context)
    assert model.rowCount() == 5000
    assert model.columnCount() == len(COLUMNS)
    assert pages.calls == []  # nothing read until a row is shown

    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(700, 400)
    view.show()
    view.grab()  # paint once, as the user sees it
    assert pages.offsets == [0]  # the visible rows are all on the first page

    assert id_lists.calls == [] and by_ids.calls == []

    view.scrollToBottom()
    view.grab()
    # a deep page: the ids in display order are read once, then only the pages shown
    assert pages.offsets == [0]
    assert len(id_lists.calls) == 1
    assert 1 <= len(by_ids.args) <= 2
    assert all(len(args[0]) <= PAGE_SIZE for args in by_ids.args)
    assert model.episode_at(4999) is not None
    view.scrollTo(model.index(2500, 0))
    view.grab()
    assert len(id_lists.calls) == 1  # the id list is reused
    assert len(model.cached_pages()) <= 5


def test_page_cache_is_bounded_and_reused(big_context: JournalContext) -> None:
    pages = Counter(big_context.journal.episodes, "page")
    model = EpisodeTableModel(big_context)
    model.episode_at(10)
    model.episode_at(150)
    assert pages.offsets == [0]  # same page: read once
    for page in range(CACHED_PAGES + 5):
        model.episode_at(page * PAGE_SIZE)
    assert pages.offsets == [n * PAGE_SIZE for n in range(TOP_PAGES)]
    assert len(model.cached_pages()) == CACHED_PAGES
    assert 0 not in model.cached_pages()  # the least recently used page was dropped


@pytest.mark.parametrize("top_pages", [TOP_PAGES, 1])
def test_sorting_by_every_column_matches_a_python_sort(
        small_context: JournalContext, top_pages: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # with top_pages=1 the pages after the first are read by id: both paths agree
    monkeypatch.setattr(episode_table_model, "TOP_PAGES", top_pages)
    episodes = small_context.journal.episodes.find()
    model = EpisodeTableModel(small_context)
    assert all_ids(model) == python_order(episodes, "started_at", True)  # newest first
    for column, key in enumerate(COLUMN_KEYS):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            descending = order == Qt.SortOrder.DescendingOrder
            assert all_ids(model) == python_order(episodes, key, descending), (key, order)


def test_sort_and_filter_requery_the_store(big_context: JournalContext) -> None:
    counts = Counter(big_context.journal.episodes, "count")
    pages = Counter(big_context.journal.episodes, "page")
    model = EpisodeTableModel(big_context)
    model.episode_at(0)
    model.sort(COLUMN_KEYS.index("intensity"), Qt.SortOrder.AscendingOrder)
    first = model.episode_at(0)
    assert first is not None and first.intensity == 1
    assert pages.calls[-1]["sort"] == "intensity" and pages.calls[-1]["descending"] is False

    model.set_filter(EpisodeFilter(location="calf", kind="cramp"))
    expected = [e for e in big_context.journal.episodes.find()
                if e.location == "calf" and e.kind == "cramp"]
    assert model.rowCount() == len(expected) > 0
    assert counts.calls  # the count came from the store, filtered in SQL
    shown = [model.episode_at(row) for row in range(model.rowCount())]
    assert {e.id for e in shown if e} == {e.id for e in expected}


def test_filters_narrow_rows(small_context: JournalContext) -> None:
    episodes = small_context.journal.episodes.find()
    model = EpisodeTableModel(small_context)
    days = sorted({e.local_date for e in episodes})
    start, end = days[10], days[40]
    cases: list[tuple[EpisodeFilter, Callable[[Episode], bool]]] = [
        (EpisodeFilter(start=start, end=end), lambda e: start <= e.local_date <= end),
        (EpisodeFilter(location="neck"), lambda e: e.location == "neck"),
        (EpisodeFilter(kind="flutter"), lambda e: e.kind == "flutter"),
        (EpisodeFilter(text="COFFEE"), lambda e: "coffee" in e.notes.lower()),
        (EpisodeFilter(text="a_b 50%"), lambda e: "a_b 50%" in e.notes),
        (EpisodeFilter(text="_"), lambda e: "_" in e.notes),
        (EpisodeFilter(start=start, end=end, location="eyelid", kind="twitch"),
         lambda e: start <= e.local_date <= end and e.location == "eyelid"
         and e.kind == "twitch"),
    ]
    for flt, keep in cases:
        model.set_filter(flt)
        expected = {e.id for e in episodes if keep(e)}
        assert set(all_ids(model)) == expected, flt
        assert model.rowCount() == len(expected)


def test_cells_show_local_time_formatted_duration_and_blanks(journal: Journal) -> None:
    tokyo = timezone(timedelta(hours=9))
    episode = Episode(datetime(2024, 3, 5, 23, 30, tzinfo=tokyo), "eyelid", side="left",
                      duration_s=90, intensity=None, kind="flutter", notes="line one\nline two")
    journal.episodes.add(episode)
    model = EpisodeTableModel(JournalContext(journal))
    cells = [model.data(model.index(0, c)) for c in range(len(COLUMNS))]
    # the episode's own local time, whatever the machine's time zone is
    assert cells == ["Tue 2024-03-05 23:30", "Eyelid", "left", "1 min 30 s", "", "Flutter",
                     "line one line two"]
    index = model.index(0, COLUMN_KEYS.index("notes"))
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == "line one\nline two"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == \
        "Tuesday 5 March 2024, 23:30 (UTC+09:00)"
    model.set_compact_dates(True)  # a narrow window: the weekday stays in the tooltip
    assert model.data(model.index(0, 0)) == "2024-03-05 23:30"
    assert model.data(index, Qt.ItemDataRole.UserRole) == episode.id
    assert model.data(index, Qt.ItemDataRole.DecorationRole) is None
    assert model.data(index, Qt.ItemDataRole.FontRole) is None
    assert model.data(model.index(5, 0)) is None  # past the end
    assert model.data(QModelIndex()) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "When"
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    right = model.data(model.index(0, COLUMN_KEYS.index("duration_s")),
                       Qt.ItemDataRole.TextAlignmentRole)
    assert right & int(Qt.AlignmentFlag.AlignRight)


def test_journal_changes_reset_the_model(journal: Journal, qtbot: Any) -> None:
    context = JournalContext(journal)
    fill(journal, make_episodes(3))
    model = EpisodeTableModel(context)
    assert model.rowCount() == 3
    journal.episodes.add(Episode(datetime.now().astimezone(), "calf"))
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset]):
        model.refresh()
    assert model.rowCount() == 4
    assert model.episode_at(0).location == "calf"  # newest first
    today = date.today()
    model.set_filter(EpisodeFilter(start=today, end=today))
    assert model.rowCount() == 1
