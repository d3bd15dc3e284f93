"""``journal.factors`` and ``journal.medications``: the lists the user defines.

A custom factor is a row of data, never a schema change; archiving one takes it off
the check-in form and keeps its values. Medications and supplements carry a start
and (optional) end date, so the report can say what was taken when.
"""

from __future__ import annotations

from datetime import date

from twitchlog.domain import CustomFactor, Medication, ValueKind
from twitchlog.store.errors import NotFoundError
from twitchlog.store.part import JournalPart
from twitchlog.validation import ValidationError, validate_factor, validate_medication


class Factors(JournalPart):
    """The journal's custom daily factors, oldest first."""


    def all(self, *, include_archived: bool = False) -> list[CustomFactor]:
        where = "" if include_archived else " WHERE archived = 0"
        rows = self.db.execute(
            f"SELECT id, name, kind, unit, archived FROM factors{where} ORDER BY id"
        ).fetchall()
        return [CustomFactor(name=n, kind=ValueKind(k), unit=u, archived=bool(a), id=i)
                for i, n, k, u, a in rows]

    def add(self, factor: CustomFactor) -> CustomFactor:
        """Define a new daily factor; a name already there (in any case) is refused."""
        validate_factor(factor)
        with self._write():
            if self.db.execute("SELECT 1 FROM factors WHERE name = ? COLLATE NOCASE",
                               [factor.name]).fetchone():
                raise ValidationError("factor name", factor.name, "already exists")
            factor.id = self.db.execute(
                "INSERT INTO factors (name, kind, unit, archived) VALUES (?, ?, ?, ?)",
                [factor.name, str(factor.kind), factor.unit, int(factor.archived)],
            ).lastrowid
        return factor

    def rename(self, old: str, new: str) -> None:
        new = validate_factor(CustomFactor(new, ValueKind.NUMBER)).name
        with self._write():
            clash = self.db.execute("SELECT name FROM factors WHERE name = ? COLLATE NOCASE",
                                    [new]).fetchone()
            if clash and clash[0].lower() != old.lower():
                raise ValidationError("factor name", new, "already exists")
            cursor = self.db.execute(
                "UPDATE factors SET name = ? WHERE name = ? COLLATE NOCASE", [new, old])
            if cursor.rowcount != 1:
                raise NotFoundError(f"No custom factor named {old!r}.")

    def set_archived(self, name: str, archived: bool) -> None:
        """Archived factors leave the check-in form; their data stays and is exported."""
        with self._write():
            cursor = self.db.execute(
                "UPDATE factors SET archived = ? WHERE name = ? COLLATE NOCASE",
                [int(archived), name])
            if cursor.rowcount != 1:
                raise NotFoundError(f"No custom factor named {name!r}.")


class Medications(JournalPart):
    """The journal's medications and supplements, by start date."""


    def all(self) -> list[Medication]:
        rows = self.db.execute(
            "SELECT id, name, dose, start_date, end_date, notes FROM medications "
            "ORDER BY start_date, id").fetchall()
        return [Medication(name=n, dose=d, start_date=date.fromisoformat(s),
                           end_date=date.fromisoformat(e) if e else None, notes=t, id=i)
                for i, n, d, s, e, t in rows]

    def save(self, med: Medication) -> Medication:
        """Add (no id) or update (with id) a medication or supplement."""
        validate_medication(med)
        values = [med.name, med.dose, med.start_date.isoformat(),
                  med.end_date.isoformat() if med.end_date else None, med.notes]
        with self._write():
            if med.id is None:
                med.id = self.db.execute(
                    "INSERT INTO medications (name, dose, start_date, end_date, notes) "
                    "VALUES (?, ?, ?, ?, ?)", values).lastrowid
            else:
                cursor = self.db.execute(
                    "UPDATE medications SET name = ?, dose = ?, start_date = ?, end_date = ?, "
                    "notes = ? WHERE id = ?", [*values, med.id])
                if cursor.rowcount != 1:
                    raise NotFoundError(f"Medication {med.name!r} no longer exists.")
        return med

    def delete(self, med_id: int) -> None:
        with self._write():
            self.db.execute("DELETE FROM medications WHERE id = ?", [med_id])
