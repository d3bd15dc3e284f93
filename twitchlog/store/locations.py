"""``journal.locations``: the body places episodes are logged at.

Built-in places are stored lower case; the user's own keep the capitals they typed
("iPad thumb"). Names are compared without regard to case everywhere.
"""

from __future__ import annotations

from twitchlog.domain import Location
from twitchlog.store.errors import NotFoundError
from twitchlog.store.part import JournalPart
from twitchlog.validation import ValidationError, validate_name


class Locations(JournalPart):
    """The journal's locations, built in first."""


    def all(self) -> list[Location]:
        rows = self.db.execute(
            "SELECT id, name, builtin FROM locations ORDER BY builtin DESC, id"
        ).fetchall()
        return [Location(name=name, builtin=bool(builtin), id=i) for i, name, builtin in rows]

    def names(self) -> list[str]:
        return [loc.name for loc in self.all()]

    def add(self, name: str) -> Location:
        """A location of the user's own; a name already there (in any case) is refused."""
        name = validate_name("location", name)
        with self._write():
            if self._id_of(name) is not None:
                raise ValidationError("location", name, "already exists")
            self.db.execute("INSERT INTO locations (name, builtin) VALUES (?, 0)", [name])
        return next(loc for loc in self.all() if loc.name == name)

    def rename(self, old: str, new: str) -> None:
        new = validate_name("location", new)
        with self._write():
            row = self.db.execute(
                "SELECT id, builtin FROM locations WHERE name = ? COLLATE NOCASE", [old]
            ).fetchone()
            if row is None:
                raise NotFoundError(f"No location named {old!r}.")
            if row[1]:
                raise ValidationError("location", old, "is built in and cannot be renamed")
            clash = self._id_of(new)
            if clash is not None and clash != row[0]:
                raise ValidationError("location", new, "already exists")
            self.db.execute("UPDATE locations SET name = ? WHERE id = ?", [new, row[0]])

    # --- for the other parts of the store --------------------------------------------

    def _id_of(self, name: str) -> int | None:
        row = self.db.execute(
            "SELECT id FROM locations WHERE name = ? COLLATE NOCASE", [name.strip()]
        ).fetchone()
        return row[0] if row else None

    def _stored_name(self, location_id: int) -> str:
        """The name as stored (built-in lower case, the user's own as typed)."""
        return str(self.db.execute("SELECT name FROM locations WHERE id = ?",
                                   [location_id]).fetchone()[0])

    def _ensure(self, name: str, *, create: bool) -> int:
        """The id of ``name``, added first when ``create`` (inside the caller's write)."""
        location_id = self._id_of(name)
        if location_id is not None:
            return location_id
        if not create:
            raise ValidationError("location", name,
                                  "is not a known location (add it under Manage first)")
        name = validate_name("location", name)
        new_id = self.db.execute(
            "INSERT INTO locations (name, builtin) VALUES (?, 0)", [name]
        ).lastrowid
        assert new_id is not None  # an INSERT always sets it
        return new_id
