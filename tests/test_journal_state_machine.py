"""A stateful property test: random sequences of the things a user does – add, edit,
delete, undo a delete, check in, export and re-import, import new files and undo them,
back up and restore – checked step by step against a plain in-memory model."""

from __future__ import annotations

import copy
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    multiple,
    precondition,
    rule,
)

from twitchlog.domain import DayCheckIn, Episode
from twitchlog.exchange import export_csv, export_json, import_paths
from twitchlog.store import Journal
from twitchlog.store.backups import backup_journal, restore_backup

LOCATIONS = ["eyelid", "calf", "thumb", "lip", "upper arm"]
SIDES = ["left", "right", "both", "unspecified"]
KINDS = ["twitch", "flutter", "cramp", "spasm"]
ZONES = [UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]

text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               max_size=40)
moments = st.builds(
    lambda minutes, zone: (datetime(2024, 1, 1, tzinfo=UTC)
                           + timedelta(minutes=minutes)).astimezone(zone),
    st.integers(0, 2 * 365 * 24 * 60), st.sampled_from(ZONES))
fields = st.fixed_dictionaries({
    "started_at": moments,
    "location": st.sampled_from(LOCATIONS),
    "side": st.sampled_from(SIDES),
    "duration_s": st.one_of(st.none(), st.integers(0, 3600).map(float)),
    "intensity": st.one_of(st.none(), st.integers(1, 10)),
    "kind": st.sampled_from(KINDS),
    "notes": text,
})


@dataclass
class Model:
    """What the user expects the journal to hold."""

    episodes: dict[str, dict]  # id -> fields
    import_of: dict[str, str]  # episode id -> the import that added it (still marked)
    days: dict[date, tuple]  # date -> (sleep_hours, stress, notes)
    imports: list[tuple[str, list[str]]]  # (import id, ids it added), oldest first


def _comparable(ep: Episode) -> dict:
    return {"started_at": ep.started_at.isoformat(), "location": ep.location, "side": ep.side,
            "duration_s": ep.duration_s, "intensity": ep.intensity, "kind": ep.kind,
            "notes": ep.notes}


def _model_fields(values: dict) -> dict:
    return {**values, "started_at": values["started_at"].isoformat()}


class JournalMachine(RuleBasedStateMachine):
    added = Bundle("added")
    backups = Bundle("backups")

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="twitchlog-sm-"))
        self.path = self.folder / "journal" / "sm.twitchlog"
        self.journal = Journal.open(self.path)
        self.model = Model({}, {}, {}, [])
        self.deleted: list[list[Episode]] = []  # the undo stack of deletions
        self.files = 0

    def teardown(self) -> None:
        conn = self.journal.db.conn
        assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
        self.journal.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- episodes ---------------------------------------------------------------------

    @rule(target=added, values=fields)
    def add(self, values: dict) -> str:
        ep = self.journal.episodes.add(Episode(**values))
        self.model.episodes[ep.id] = _model_fields(values)
        return ep.id

    @rule(episode_id=added, values=fields)
    def edit(self, episode_id: str, values: dict) -> None:
        if episode_id not in self.model.episodes:
            return
        self.journal.episodes.update(Episode(id=episode_id, **values))
        self.model.episodes[episode_id] = _model_fields(values)

    @rule(ids=st.lists(consumes(added), min_size=1, max_size=4, unique=True))
    def delete(self, ids: list[str]) -> None:
        removed = self.journal.episodes.delete(ids)
        assert {e.id for e in removed} == {i for i in ids if i in self.model.episodes}
        for ep_id in ids:
            self.model.episodes.pop(ep_id, None)
            self.model.import_of.pop(ep_id, None)
        self.deleted.append(removed)

    @precondition(lambda self: self.deleted)
    @rule()
    def undo_delete(self) -> None:
        event("undid a delete")
        episodes = self.deleted.pop()
        self.journal.episodes.restore(episodes)
        for ep in episodes:
            self.model.episodes[ep.id] = _comparable(ep)  # back, but no longer "imported"

    # --- check-ins --------------------------------------------------------------------

    @rule(offset=st.integers(0, 60), sleep=st.one_of(st.none(), st.integers(0, 12)),
          stress=st.one_of(st.none(), st.integers(0, 10)), notes=text)
    def check_in(self, offset: int, sleep: int | None, stress: int | None, notes: str) -> None:
        day = date(2024, 3, 1) + timedelta(days=offset)
        self.journal.checkins.save(DayCheckIn(date=day, sleep_hours=sleep, stress=stress,
                                             notes=notes))
        self.model.days[day] = (None if sleep is None else float(sleep), stress, notes)

    # --- exchange ---------------------------------------------------------------------

    def _new_file(self, name: str) -> Path:
        self.files += 1
        folder = self.folder / f"files-{self.files}"
        folder.mkdir()
        return folder / name

    @rule(as_json=st.booleans())
    def export_and_reimport(self, as_json: bool) -> None:
        """Exporting and importing the export back changes nothing (idempotent)."""
        if as_json:
            target = self._new_file("journal.json")
            export_json(self.journal, target)
        else:
            target = self._new_file("episodes.csv").parent
            export_csv(self.journal, target)
        result = import_paths(self.journal, [target])
        assert not result.changed, result.summary()

    @rule(target=added, batch=st.lists(fields, min_size=1, max_size=5))
    def import_new(self, batch: list[dict]):
        path = self._new_file("episodes.csv")
        episodes = [Episode(**values) for values in batch]
        lines = ["id,started_at,location,side,duration_s,intensity,kind,notes"]
        for ep, values in zip(episodes, batch, strict=True):
            lines.append(",".join([
                ep.id, values["started_at"].isoformat(), values["location"], values["side"],
                "" if values["duration_s"] is None else str(values["duration_s"]),
                "" if values["intensity"] is None else str(values["intensity"]),
                values["kind"], f"note {ep.id[:8]}"]))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = import_paths(self.journal, [path])
        assert result.episodes_added == len(episodes)
        ids = [ep.id for ep in episodes]
        for ep, values in zip(episodes, batch, strict=True):
            self.model.episodes[ep.id] = _model_fields({**values, "notes": f"note {ep.id[:8]}"})
            self.model.import_of[ep.id] = result.import_id
        self.model.imports.append((result.import_id, ids))
        return multiple(*ids)

    @precondition(lambda self: self.model.imports)
    @rule()
    def undo_last_import(self) -> None:
        import_id, _ = self.model.imports.pop()
        event("undid an import")
        undone = self.journal.imports.undo_last()
        assert undone is not None
        gone = [i for i, imp in self.model.import_of.items() if imp == import_id]
        assert undone.episodes_removed == len(gone)
        for ep_id in gone:
            del self.model.episodes[ep_id]
            del self.model.import_of[ep_id]

    # --- backup and restore -------------------------------------------------------------

    @rule(target=backups)
    def backup(self):
        # distinct names even within one second
        made = backup_journal(self.journal, "manual")
        return made, copy.deepcopy(self.model)

    @rule(chosen=backups)
    def restore(self, chosen) -> None:
        path, snapshot = chosen
        if not path.exists():  # rotated away (the policy keeps the newest per day)
            return
        self.journal.close()
        restore_backup(self.path, path)
        self.journal = Journal.open(self.path)
        self.model = copy.deepcopy(snapshot)
        event("restored a backup")
        self.deleted.clear()  # the app clears its undo history on restore

    # --- the comparison -------------------------------------------------------------------

    @invariant()
    def matches_the_model(self) -> None:
        stored = {ep.id: _comparable(ep) for ep in self.journal.episodes.find()}
        assert stored == self.model.episodes
        days = {c.date: (c.sleep_hours, c.stress, c.notes) for c in self.journal.checkins.find()}
        assert days == self.model.days
        assert not self.journal.in_transaction


TestJournalStateMachine = JournalMachine.TestCase
TestJournalStateMachine.settings = settings(
    max_examples=40, stateful_step_count=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
