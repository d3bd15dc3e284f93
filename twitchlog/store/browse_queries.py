"""Queries for browsing a large journal page by page in any order (the Journal table).

``Journal.episode_page`` reads one page with ``LIMIT``/``OFFSET``: instant near the top
of the table, but a page deep in a 100,000-episode journal makes SQLite sort and skip
every row before it (0.4–1 s per page). For deep pages the table instead asks once for
the episode ids in display order (:func:`episode_ids`, one narrow sort, about 0.1 s for
100,000 episodes) and then reads any page by its ids (:func:`episodes_by_ids`, an
indexed lookup of well under a millisecond).

The order is exactly ``episode_page``'s: the sort column (blanks last), then the start
time in the same direction, then the id – a total order, so both paths agree row for row.
"""

from __future__ import annotations

from collections.abc import Sequence

from twitchlog.domain import Episode
from twitchlog.store.journal import (
    EPISODE_SORT_COLUMNS,
    EpisodeFilter,
    Journal,
    _episode_from_row,
)

_SELECT_BY_ID = (
    "SELECT e.id, e.started_at, l.name, e.side, e.duration_s, e.intensity, e.kind, "
    "e.notes, e.created_at, e.updated_at FROM episodes e JOIN locations l ON l.id = e.location_id"
)

_CHUNK = 500


def episode_ids(journal: Journal, flt: EpisodeFilter | None = None, *,
                sort: str = "started_at", descending: bool = True) -> list[str]:
    """The ids of every episode matching ``flt``, in the table's display order."""
    where, params = (flt or EpisodeFilter()).where()
    column = EPISODE_SORT_COLUMNS.get(sort, "e.started_utc")
    order = "DESC" if descending else "ASC"
    # The unary + keeps SQLite from walking the start-time index row by row (slower than
    # one sort of narrow records for a full listing); collation is unchanged by it.
    sql = (f"SELECT e.id FROM episodes e JOIN locations l ON l.id = e.location_id{where} "
           f"ORDER BY +{column} {order} NULLS LAST, e.started_utc {order}, e.id")
    return [row[0] for row in journal.db.execute(sql, params).fetchall()]


def episodes_by_ids(journal: Journal, ids: Sequence[str]) -> list[Episode]:
    """The episodes with these ids, in the order given; ids no longer stored are skipped."""
    found: dict[str, Episode] = {}
    ids = list(ids)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in journal.db.execute(f"{_SELECT_BY_ID} WHERE e.id IN ({marks})",
                                      chunk).fetchall():
            found[row[0]] = _episode_from_row(row)
    return [found[i] for i in ids if i in found]
