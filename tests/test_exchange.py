"""CSV and JSON export and import: round trips, idempotence, all-or-nothing, odd files."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import tempfile
import tracemalloc
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twitchlog.domain import (
    BUILTIN_LOCATIONS,
    KINDS,
    SIDES,
    CustomFactor,
    DayCheckIn,
    Episode,
    Medication,
    ValueKind,
)
from twitchlog.exchange import (
    DAY_COLUMNS,
    EPISODE_COLUMNS,
    JSON_FORMAT,
    JSON_FORMAT_VERSION,
    MAX_FIELD_CHARS,
    MAX_IMPORT_BYTES,
    ExportError,
    ImportRefusedError,
    export_csv,
    export_json,
    import_paths,
    neutralise,
    unneutralise,
)
from twitchlog.store import Journal
from twitchlog.store.importing import ImportResult

CET = timezone(timedelta(hours=1))
HEADER = ",".join(EPISODE_COLUMNS)
ID1 = "8075ebdd-bfbf-44a0-a562-8e3996972f85"
ID2 = "e9a8a390-cf88-49c3-855d-e63688cf5526"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def ep(day: int, hour: int = 9, **kw: object) -> Episode:
    return Episode(started_at=datetime(2024, 3, day, hour, 0, tzinfo=CET),
                   location=kw.pop("location", "eyelid"), **kw)  # type: ignore[arg-type]


def episode_key(e: Episode) -> tuple:
    return (e.id, e.started_at.isoformat(), e.location, e.side, e.duration_s, e.intensity,
            e.kind, e.notes)


def unchanged(journal: Journal) -> bool:
    return journal.is_empty() and journal.imports.last() is None and journal.factors.all(
        include_archived=True) == []


# --- the round-trip property ----------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=25)
_tricky = st.sampled_from(["=1+2", "+49 170", "-3 dB", "@home", "'=x", "''+y", "01234",
                           " padded ", "a,b", 'say "hi"', "two\nlines", "cr\ronly", "\ttab",
                           "\r\nstart", "ünïcødé ✓", ""])
_notes = st.one_of(_text, _tricky)
_offsets = st.sampled_from([timedelta(hours=h) for h in (-5, 0, 1, 2)]
                           + [timedelta(hours=5, minutes=30), timedelta(hours=12, minutes=45)])
_custom_locations = st.lists(
    st.text("abcdefgh =+-@'", min_size=1, max_size=12).map(lambda s: s.strip().lower())
    .filter(lambda s: s and s not in BUILTIN_LOCATIONS), max_size=2, unique=True)
_factor_defs = st.lists(
    st.tuples(st.sampled_from(["screen time", "Steps", "=mood", "sauna", "'@x"]),
              st.sampled_from([ValueKind.NUMBER, ValueKind.SCALE, ValueKind.YESNO]),
              st.sampled_from(["", "h"]), st.booleans()),
    max_size=3, unique_by=lambda t: t[0].lower())


def _maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


def _factor_value(kind: ValueKind) -> st.SearchStrategy:
    if kind is ValueKind.YESNO:
        return st.sampled_from([0.0, 1.0])
    if kind is ValueKind.SCALE:
        return st.integers(0, 10).map(float)
    return st.floats(0, 1e9, allow_nan=False)


@st.composite
def journals(draw: st.DrawFn) -> dict:
    locations = draw(_custom_locations)
    factors = draw(_factor_defs)
    episodes = [
        Episode(
            id=str(draw(st.uuids(version=4))),
            started_at=draw(st.datetimes(datetime(2000, 1, 1), datetime(2030, 12, 31)))
            .replace(tzinfo=timezone(draw(_offsets))),
            location=draw(st.sampled_from(list(BUILTIN_LOCATIONS[:4]) + locations)),
            side=draw(st.sampled_from(SIDES)),
            duration_s=draw(_maybe(st.floats(0, 86_400, allow_nan=False))),
            intensity=draw(_maybe(st.integers(1, 10))),
            kind=draw(st.sampled_from(KINDS)),
            notes=draw(_notes),
        )
        for _ in range(draw(st.integers(0, 6)))
    ]
    days = []
    for day in draw(st.lists(st.dates(date(2000, 1, 1), date(2030, 12, 31)), max_size=5,
                             unique=True)):
        days.append(DayCheckIn(
            date=day,
            sleep_hours=draw(_maybe(st.floats(0, 24, allow_nan=False))),
            sleep_quality=draw(_maybe(st.integers(1, 5))),
            caffeine_mg=draw(_maybe(st.floats(0, 2000, allow_nan=False))),
            stress=draw(_maybe(st.integers(0, 10))),
            exercise_min=draw(_maybe(st.floats(0, 1440, allow_nan=False))),
            alcohol_units=draw(_maybe(st.floats(0, 100, allow_nan=False))),
            nicotine=draw(_maybe(st.integers(0, 500))),
            magnesium=draw(_maybe(st.booleans())),
            potassium=draw(_maybe(st.booleans())),
            weakness=draw(_maybe(st.booleans())),
            numbness=draw(_maybe(st.booleans())),
            wasting=draw(_maybe(st.booleans())),
            cramps=draw(_maybe(st.booleans())),
            notes=draw(_notes),
            factors={name: draw(_maybe(_factor_value(kind))) for name, kind, _, _ in factors},
        ))
    medications = [
        Medication(name=draw(st.sampled_from(["Hydrochlorothiazide", "Prednisolone"])),
                   start_date=date(2024, 1, 1) + timedelta(days=i * 40),
                   dose=draw(st.sampled_from(["", "12.5 mg"])),
                   end_date=draw(_maybe(st.just(date(2024, 1, 20) + timedelta(days=i * 40)))),
                   notes=draw(_notes))
        for i in range(draw(st.integers(0, 2)))
    ]
    return {"locations": locations, "factors": factors, "episodes": episodes, "days": days,
            "medications": medications}


def _fill(journal: Journal, content: dict) -> None:
    for name in content["locations"]:
        journal.locations.add(name)
    for name, kind, unit, archived in content["factors"]:
        journal.factors.add(CustomFactor(name, kind, unit, archived))
    journal.episodes.restore([Episode(**{f: getattr(e, f) for f in Episode.__slots__})
                              for e in content["episodes"]])
    for day in content["days"]:
        journal.checkins.save(DayCheckIn(**{f: getattr(day, f) for f in DayCheckIn.__slots__}))
    for med in content["medications"]:
        journal.medications.save(med)


def _round_trip(content: dict, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        with Journal.open(base / "a.twitchlog") as source, \
                Journal.open(base / "b.twitchlog") as target:
            _fill(source, content)
            if fmt == "csv":
                export_csv(source, base / "out")
                result = import_paths(target, [base / "out"])
            else:
                export_json(source, base / "out.json")
                result = import_paths(target, [base / "out.json"])
            assert result.episodes_added == len(content["episodes"])
            assert result.days_added == len(content["days"])
            assert [episode_key(e) for e in target.episodes.find()] == [
                episode_key(e) for e in source.episodes.find()]
            assert target.checkins.find() == source.checkins.find()
            names = {f.name for f in source.factors.all(include_archived=True)}
            assert {f.name for f in target.factors.all(include_archived=True)} == names
            if fmt == "json":
                assert target.episodes.find() == source.episodes.find()  # time stamps too
                assert target.factors.all(include_archived=True) == source.factors.all(
                    include_archived=True)
                assert [(m.name, m.dose, m.start_date, m.end_date, m.notes)
                        for m in target.medications.all()] == [
                    (m.name, m.dose, m.start_date, m.end_date, m.notes)
                    for m in source.medications.all()]
                assert target.locations.names() == source.locations.names()
            again = import_paths(target, [base / ("out" if fmt == "csv" else "out.json")])
            assert not again.changed


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journals())
def test_csv_export_then_import_gives_back_the_same_journal(content: dict) -> None:
    _round_trip(content, "csv")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journals())
def test_json_export_then_import_gives_back_the_same_journal(content: dict) -> None:
    _round_trip(content, "json")


@given(st.text())
def test_formula_neutralisation_is_undone_exactly(text: str) -> None:
    written = neutralise(text)
    assert unneutralise(written) == text
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))


# --- export --------------------------------------------------------------------------


def test_csv_columns_are_the_contract(journal: Journal, tmp_path: Path) -> None:
    journal.factors.add(CustomFactor("screen time", ValueKind.NUMBER, "h"))
    export_csv(journal, tmp_path / "out")
    assert (tmp_path / "out" / "episodes.csv").read_text().splitlines()[0] == (
        "id,started_at,location,side,duration_s,intensity,kind,notes")
    assert (tmp_path / "out" / "days.csv").read_text().splitlines()[0] == (
        "date,sleep_hours,sleep_quality,caffeine_mg,stress,exercise_min,alcohol_units,"
        "nicotine,magnesium,potassium,weakness,numbness,wasting,cramps,notes,screen time")
    assert DAY_COLUMNS[-1] == "notes"


def test_formula_like_text_is_neutralised_and_numbers_stay_numbers(journal: Journal,
                                                                   tmp_path: Path) -> None:
    journal.locations.add("=cmd")
    notes = ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "'=y", "plain"]
    for i, note in enumerate(notes):
        journal.episodes.add(ep(5, 8 + i, notes=note, duration_s=5, intensity=3,
                               location="=cmd" if i == 0 else "eyelid"))
    journal.checkins.save(DayCheckIn(date(2024, 3, 5), caffeine_mg=95, notes="-tired"))
    export_csv(journal, tmp_path / "out")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "episodes.csv").read_text())))
    assert [r["notes"] for r in rows] == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)",
                                          "''=y", "plain"]
    assert rows[0]["location"] == "'=cmd"
    assert {(r["duration_s"], r["intensity"]) for r in rows} == {("5", "3")}
    [day] = csv.DictReader(io.StringIO((tmp_path / "out" / "days.csv").read_text()))
    assert (day["caffeine_mg"], day["notes"]) == ("95", "'-tired")
    with Journal.open(tmp_path / "copy.twitchlog") as copy:
        import_paths(copy, [tmp_path / "out"])
        assert [e.notes for e in copy.episodes.find()] == notes
        assert copy.episodes.find()[0].location == "=cmd"
        assert copy.checkins.get(date(2024, 3, 5)).notes == "-tired"


def test_export_respects_the_date_range(journal: Journal, tmp_path: Path) -> None:
    for day in (3, 5, 7):
        journal.episodes.add(ep(day))
        journal.checkins.save(DayCheckIn(date(2024, 3, day), stress=day))
    summary = export_csv(journal, tmp_path / "out", date(2024, 3, 4), date(2024, 3, 6))
    assert (summary.episodes, summary.days) == (1, 1)
    summary = export_json(journal, tmp_path / "x.json", date(2024, 3, 5))
    data = json.loads((tmp_path / "x.json").read_text())
    assert (data["format"], data["format_version"]) == (JSON_FORMAT, JSON_FORMAT_VERSION)
    assert [d["date"] for d in data["days"]] == ["2024-03-05", "2024-03-07"]
    assert len(data["episodes"]) == 2 and summary.episodes == 2
    with pytest.raises(ExportError, match="starts"):
        export_csv(journal, tmp_path / "out", date(2024, 3, 6), date(2024, 3, 4))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_export_files_are_private(journal: Journal, tmp_path: Path) -> None:
    export_csv(journal, tmp_path / "out")
    export_json(journal, tmp_path / "j.json")
    for path in (tmp_path / "out" / "episodes.csv", tmp_path / "out" / "days.csv",
                 tmp_path / "j.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_interrupted_export_keeps_the_old_file(journal: Journal, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    journal.episodes.add(ep(5))
    export_csv(journal, tmp_path / "out")
    before = (tmp_path / "out" / "episodes.csv").read_bytes()
    journal.episodes.add(ep(6))

    def broken(*args: object) -> object:
        yield journal.episodes.find()[0]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal.episodes, "iterate", broken)
    with pytest.raises(ExportError, match="space"):
        export_csv(journal, tmp_path / "out")
    assert (tmp_path / "out" / "episodes.csv").read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["days.csv",
                                                                     "episodes.csv"]


def test_export_targets_must_make_sense(journal: Journal, tmp_path: Path) -> None:
    write(tmp_path / "file.txt", "x")
    with pytest.raises(ExportError, match="is a file"):
        export_csv(journal, tmp_path / "file.txt")
    with pytest.raises(ExportError, match="is a folder"):
        export_json(journal, tmp_path)
    with pytest.raises(ExportError, match="does not exist"):
        export_json(journal, tmp_path / "missing" / "j.json")


# --- import: idempotent, merging, undoable -------------------------------------------


def test_reimport_adds_nothing_and_leaves_no_history(journal: Journal, tmp_path: Path) -> None:
    path = write(tmp_path / "episodes.csv",
                 f"{HEADER}\n{ID1},2024-03-05T09:00:00+01:00,eyelid,left,5,3,twitch,\n")
    first = import_paths(journal, [path])
    assert first.episodes_added == 1 and first.import_id is not None
    again = import_paths(journal, [path])
    assert (again.episodes_added, again.episodes_updated, again.episodes_unchanged) == (0, 0, 1)
    assert not again.changed and again.import_id is None
    assert "Nothing new" in again.summary()
    assert len(journal.imports.all()) == 1


def test_a_large_import_writes_every_count_of_its_summary_alike() -> None:
    result = ImportResult(source="export.csv", episodes_added=101_538, episodes_updated=1_200,
                          episodes_unchanged=3_000, days_added=3_264, days_updated=1_500,
                          days_unchanged=2_000, medications_added=1, medications_updated=1_001)
    assert result.summary() == (
        "101,538 episodes added, 1,200 updated, 3,000 unchanged; "
        "3,264 days added, 1,500 updated, 2,000 unchanged; 1 medication added, 1,001 updated.")


def test_a_known_id_updates_that_episode(journal: Journal, tmp_path: Path) -> None:
    journal.episodes.add(ep(5, id=ID1, intensity=2, notes="old"))
    path = write(tmp_path / "episodes.csv",
                 f"{HEADER}\n{ID1},2024-03-05T09:00:00+01:00,eyelid,left,5,7,twitch,new\n")
    result = import_paths(journal, [path])
    assert (result.episodes_added, result.episodes_updated) == (0, 1)
    [episode] = journal.episodes.find()
    assert (episode.intensity, episode.notes, episode.side) == (7, "new", "left")


def test_columns_left_out_keep_stored_values(journal: Journal, tmp_path: Path) -> None:
    journal.episodes.add(ep(5, id=ID1, intensity=2, notes="keep me"))
    journal.checkins.save(DayCheckIn(date(2024, 3, 5), stress=4, caffeine_mg=95, notes="day"))
    write(tmp_path / "in" / "episodes.csv", f"id,started_at,location,intensity\n"
          f"{ID1},2024-03-05T09:00+01:00,eyelid,8\n")
    write(tmp_path / "in" / "days.csv", "date,stress\n2024-03-05,6\n2024-03-06,\n")
    result = import_paths(journal, [tmp_path / "in"])
    assert (result.episodes_updated, result.days_updated, result.days_added) == (1, 1, 1)
    [episode] = journal.episodes.find()
    assert (episode.intensity, episode.notes) == (8, "keep me")
    day = journal.checkins.get(date(2024, 3, 5))
    assert (day.stress, day.caffeine_mg, day.notes) == (6, 95, "day")
    assert journal.checkins.get(date(2024, 3, 6)).stress is None  # blank: unknown, day tracked


def test_a_blank_cell_clears_a_known_value(journal: Journal, tmp_path: Path) -> None:
    journal.checkins.save(DayCheckIn(date(2024, 3, 5), stress=4))
    import_paths(journal, [write(tmp_path / "days.csv", "date,stress\n2024-03-05,\n")])
    assert journal.checkins.get(date(2024, 3, 5)).stress is None


def test_undo_last_import_removes_exactly_what_it_added(journal: Journal,
                                                        tmp_path: Path) -> None:
    journal.episodes.add(ep(1, notes="typed by hand"))
    a = write(tmp_path / "a" / "episodes.csv",
              f"{HEADER}\n{ID1},2024-03-05T09:00+01:00,eyelid,left,,,twitch,a\n")
    write(tmp_path / "a" / "days.csv", "date,stress\n2024-03-05,3\n")
    b = write(tmp_path / "b" / "episodes.csv",
              f"{HEADER}\n{ID1},2024-03-05T09:00+01:00,eyelid,left,,,twitch,changed\n"
              f"{ID2},2024-03-06T09:00+01:00,calf,right,,,cramp,b\n")
    import_paths(journal, [a.parent])
    import_paths(journal, [b])
    assert journal.episodes.count() == 3
    undo = journal.imports.undo_last()
    assert undo is not None and (undo.episodes_removed, undo.days_removed) == (1, 0)
    assert "episodes.csv" in undo.summary()
    assert [e.notes for e in journal.episodes.find()] == ["typed by hand", "changed"]
    undo = journal.imports.undo_last()
    assert (undo.episodes_removed, undo.days_removed) == (1, 1)
    assert [e.notes for e in journal.episodes.find()] == ["typed by hand"]
    assert journal.checkins.tracked_dates() == []
    assert journal.imports.undo_last() is None
    assert [r.undone for r in journal.imports.all()] == [True, True]


def test_undo_last_import_also_removes_the_definitions_it_added(journal: Journal,
                                                                 tmp_path: Path) -> None:
    """Locations, custom factors and medications a JSON import brought go with it,
    unless something the user entered since still uses them."""
    source = Journal.open(tmp_path / "other" / "other.twitchlog")
    source.locations.add("left elbow")
    source.locations.add("right knee")
    source.factors.add(CustomFactor("screen time", ValueKind.NUMBER, unit="h"))
    source.factors.add(CustomFactor("nap", ValueKind.YESNO))
    source.medications.save(Medication("Prednisone", date(2024, 3, 1), dose="5 mg"))
    source.episodes.add(ep(5, location="left elbow"))
    source.episodes.add(ep(6, location="right knee"))
    source.checkins.save(DayCheckIn(date(2024, 3, 5), factors={"screen time": 4.0}))
    source.checkins.save(DayCheckIn(date(2024, 3, 7), factors={"nap": 1.0}))
    source.close()
    journal.checkins.save(DayCheckIn(date(2024, 3, 7), stress=2))  # already tracked
    export = tmp_path / "whole.json"
    with Journal.open(tmp_path / "other" / "other.twitchlog") as again:
        export_json(again, export)
    result = import_paths(journal, [export])
    assert (result.episodes_added, result.medications_added) == (2, 1)
    # Since the import the user logged at one of its locations.
    journal.episodes.add(ep(8, location="right knee", notes="typed later"))

    undone = journal.imports.undo_last()

    assert (undone.episodes_removed, undone.days_removed) == (2, 1)
    assert (undone.locations_removed, undone.factors_removed,
            undone.medications_removed) == (1, 1, 1)
    assert "1 custom factor" in undone.summary() and "1 medication" in undone.summary()
    names = {loc.name for loc in journal.locations.all()}
    assert "left elbow" not in names and "right knee" in names
    # "nap" keeps its value on 7 March, a day the user had tracked before the import.
    assert [f.name for f in journal.factors.all()] == ["nap"]
    assert journal.checkins.get(date(2024, 3, 7)).factors == {"nap": 1.0}
    assert journal.medications.all() == []
    assert [e.notes for e in journal.episodes.find()] == ["typed later"]


def test_missing_ids_get_stable_new_ids(journal: Journal, tmp_path: Path) -> None:
    path = write(tmp_path / "episodes.csv", "started_at,location,notes\n"
                 "2024-03-05T09:00+01:00,eyelid,\n"
                 "2024-03-05T09:00+01:00,eyelid,\n"
                 "2024-03-05T10:00+01:00,calf,\n")
    assert import_paths(journal, [path]).episodes_added == 3  # two identical rows: two episodes
    ids = {e.id for e in journal.episodes.find()}
    assert len(ids) == 3 and all(len(i) == 36 for i in ids)
    assert import_paths(journal, [path]).episodes_added == 0


def test_a_missing_offset_means_local_time(journal: Journal, tmp_path: Path) -> None:
    import_paths(journal, [write(tmp_path / "episodes.csv",
                                 "started_at,location\n2024-07-05 14:30,eyelid\n")])
    [episode] = journal.episodes.find()
    assert (episode.started_at.hour, episode.started_at.minute) == (14, 30)
    assert episode.started_at.utcoffset() == datetime(2024, 7, 5, 14, 30).astimezone(
    ).utcoffset()


def test_text_is_kept_exactly(journal: Journal, tmp_path: Path) -> None:
    import_paths(journal, [write(tmp_path / "episodes.csv",
                                 'started_at,location,notes\n'
                                 '2024-03-05T09:00+01:00,eyelid,01234\n'
                                 '2024-03-05T10:00+01:00,eyelid," spaced ,""quoted"" "\n')])
    assert [e.notes for e in journal.episodes.find()] == ["01234", ' spaced ,"quoted" ']


def test_unknown_day_columns_become_custom_factors(journal: Journal, tmp_path: Path) -> None:
    journal.factors.add(CustomFactor("Screen Time", ValueKind.NUMBER, "h"))
    result = import_paths(journal, [write(
        tmp_path / "days.csv",
        "date,stress,screen time,Sauna,steps\n2024-03-05,3,4.5,1,8000\n"
        "2024-03-06,4,,0,\n2024-03-07,,,,12000.5\n")])
    assert result.factors_added == ["Sauna", "steps"]
    kinds = {f.name: f.kind for f in journal.factors.all()}
    assert kinds == {"Screen Time": ValueKind.NUMBER, "Sauna": ValueKind.YESNO,
                     "steps": ValueKind.NUMBER}
    assert journal.checkins.get(date(2024, 3, 5)).factors == {"Screen Time": 4.5, "Sauna": 1.0,
                                                         "steps": 8000.0}
    assert journal.checkins.get(date(2024, 3, 6)).factors == {"Sauna": 0.0}


def test_a_bad_custom_factor_value_names_line_and_column(journal: Journal,
                                                        tmp_path: Path) -> None:
    path = write(tmp_path / "days.csv", "date,steps\n2024-03-05,8000\n2024-03-06,lots\n")
    with pytest.raises(ImportRefusedError) as info:
        import_paths(journal, [path])
    assert (info.value.line, info.value.column) == (3, "steps")
    assert unchanged(journal)


def test_a_json_export_brings_definitions(journal: Journal, tmp_path: Path) -> None:
    data = {
        "format": JSON_FORMAT, "format_version": 1,
        "locations": [{"name": "eyelid", "builtin": True}, {"name": "Elbow", "builtin": False}],
        "factors": [{"name": "mood", "kind": "scale", "unit": "", "archived": False}],
        "medications": [{"name": "Prednisolone", "dose": "5 mg", "start_date": "2024-01-01",
                         "end_date": "2024-01-10", "notes": "corticosteroid"}],
        "days": [{"date": "2024-03-05", "stress": 3, "magnesium": True,
                  "factors": {"mood": 7}}],
        "episodes": [{"id": ID1, "started_at": "2024-03-05T09:00:00+01:00",
                      "location": "elbow", "intensity": 4}],
    }
    path = write(tmp_path / "j.json", json.dumps(data))
    result = import_paths(journal, [path])
    assert (result.episodes_added, result.days_added, result.medications_added) == (1, 1, 1)
    assert journal.factors.all()[0].kind is ValueKind.SCALE
    assert journal.checkins.get(date(2024, 3, 5)).factors == {"mood": 7.0}
    assert "Elbow" in journal.locations.names()  # the capitals as written
    assert not import_paths(journal, [path]).changed
    data["days"][0]["factors"]["mood"] = 11
    with pytest.raises(ImportRefusedError, match=r"days\[0\], field factors.mood"):
        import_paths(journal, [write(tmp_path / "k.json", json.dumps(data))])


# --- import: all or nothing, with the place of the problem ----------------------------


def test_one_bad_row_imports_nothing_and_says_where(journal: Journal, tmp_path: Path) -> None:
    path = write(tmp_path / "episodes.csv",
                 f"{HEADER}\n"
                 f"{ID1},2024-03-05T09:00+01:00,eyelid,left,5,3,twitch,\"a note\n"
                 f"over two lines\"\n"
                 f",2024-03-05T10:00+01:00,calf,right,5,4,twitch,\n"
                 f",2024-03-05T11:00+01:00,calf,right,5,11,twitch,\n")
    with pytest.raises(ImportRefusedError) as info:
        import_paths(journal, [path])
    error = info.value
    assert (error.file, error.line, error.column) == (str(path), 5, "intensity")
    assert str(error) == (f"{path}, line 5, column intensity: 11 is out of range "
                          "(allowed 1 to 10); nothing was imported")
    assert unchanged(journal)


def test_a_bad_second_file_stops_the_first_too(journal: Journal, tmp_path: Path) -> None:
    good = write(tmp_path / "episodes.csv", "started_at,location\n2024-03-05T09:00,eyelid\n")
    bad = write(tmp_path / "days.csv", "date,sleep_hours\n2024-03-05,7\n03/04/2024,8\n")
    with pytest.raises(ImportRefusedError, match="YYYY-MM-DD") as info:
        import_paths(journal, [good, bad])
    assert (info.value.line, info.value.column) == (3, "date")
    assert unchanged(journal)


@pytest.mark.parametrize(("content", "line", "reason"), [
    ("started_at,location\n2024-03-05T09:00,eyelid\n2024-03-05T10:00,\"calf\n", 3,
     "unterminated quote"),
    ("started_at,location\n2024-03-05T09:00,\"eye\"lid\n", 2, "quote"),
    ("started_at,location\n2024-03-05T09:00,eyelid,extra\n", 2, "cells"),
    ("started_at,location,mood\n", 1, "not an episodes.csv column"),
    ("started_at,location,location\n", 1, "twice"),
    ("name,age\nAnn,3\n", 1, "not a TwitchLog export"),
    ("started_at,location\n2024-03-05T09:00,eyelid,,x\n", 2, "cells"),
    ("id,started_at,location\nabc,2024-03-05T09:00,eyelid\n", 2, "not a UUID"),
    ("started_at,location\n05/03/2024 09:00,eyelid\n", 2, "ISO 8601"),
])
def test_malformed_csv_is_refused_with_its_line(journal: Journal, tmp_path: Path,
                                               content: str, line: int, reason: str) -> None:
    with pytest.raises(ImportRefusedError, match=reason) as info:
        import_paths(journal, [write(tmp_path / "x.csv", content)])
    assert info.value.line == line
    assert unchanged(journal)


def test_spreadsheet_saved_csv_is_accepted(journal: Journal, tmp_path: Path) -> None:
    # BOM, CRLF, semicolons with decimal commas, and trailing empty cells.
    days = "\ufeffdate;sleep_hours;caffeine_mg;notes;;\r\n2024-03-05;7,5;95;fine;;\r\n;;;;;\r\n"
    write(tmp_path / "days.csv", days.encode("utf-8"))
    # Old Mac line ends (CR only) and a spreadsheet's re-formatted date-time.
    write(tmp_path / "episodes.csv", b"started_at,location,side\r2024-03-05 14:30,Eyelid,LEFT\r")
    result = import_paths(journal, [tmp_path])
    assert (result.days_added, result.episodes_added) == (1, 1)
    day = journal.checkins.get(date(2024, 3, 5))
    assert (day.sleep_hours, day.caffeine_mg, day.notes) == (7.5, 95, "fine")
    [episode] = journal.episodes.find()
    assert (episode.location, episode.side) == ("eyelid", "left")


def test_a_huge_field_is_refused_without_reading_the_file_into_memory(
        journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "episodes.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("started_at,location,notes\n2024-03-05T09:00,eyelid,ok\n")
        handle.write('2024-03-05T10:00,eyelid,"never closed\n')
        chunk = ("x" * 99 + "\n") * 10_000
        for _ in range(30):  # 30 MB after the opening quote
            handle.write(chunk)
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefusedError) as info:
            import_paths(journal, [path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.line == 3
    assert f"{MAX_FIELD_CHARS:,} characters" in info.value.reason
    assert peak < 12 * 1024 * 1024
    assert unchanged(journal)


def test_an_endless_line_is_refused_with_its_number(journal: Journal, tmp_path: Path) -> None:
    path = write(tmp_path / "episodes.csv",
                 "started_at,location\n2024-03-05T09:00,eyelid\n" + "y" * 2_100_000)
    with pytest.raises(ImportRefusedError, match="longer than") as info:
        import_paths(journal, [path])
    assert info.value.line == 3


def test_a_file_over_the_size_limit_is_refused_before_parsing(journal: Journal,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "episodes.csv"
    with open(path, "wb") as handle:
        handle.write(b"started_at,location\n")
        handle.truncate(MAX_IMPORT_BYTES + 1)  # sparse: no disk space used
    with pytest.raises(ImportRefusedError, match="larger than the 200 MB"):
        import_paths(journal, [path])
    assert unchanged(journal)


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.csv", b"", "empty"),
    ("noise.csv", bytes(range(128, 256)) * 40, "UTF-8"),
    ("journal.twitchlog", b"SQLite format 3\x00" + bytes(200), "database file"),
    ("other.json", b'{"name": "shopping"}', "not a TwitchLog export"),
    ("bad.json", b'{"format": "TwitchLog journal",\n "format_version": 1,\n oops}',
     "not valid JSON"),
    ("newer.json", b'{"format": "TwitchLog journal", "format_version": 99}',
     "newer TwitchLog"),
])
def test_foreign_and_broken_files_are_refused_clearly(journal: Journal, tmp_path: Path,
                                                      name: str, content: bytes,
                                                      reason: str) -> None:
    path = write(tmp_path / name, content)
    with pytest.raises(ImportRefusedError, match=reason) as info:
        import_paths(journal, [path])
    assert str(info.value).endswith("nothing was imported")
    assert path.read_bytes() == content
    assert unchanged(journal)


def test_a_json_item_problem_names_the_item(journal: Journal, tmp_path: Path) -> None:
    data = {"format": JSON_FORMAT, "format_version": 1, "episodes": [
        {"started_at": "2024-03-05T09:00+01:00", "location": "eyelid"},
        {"started_at": "2024-03-05T10:00+01:00", "location": "eyelid", "kind": "tic"}]}
    with pytest.raises(ImportRefusedError, match=r"episodes\[1\], field kind: 'tic'"):
        import_paths(journal, [write(tmp_path / "j.json", json.dumps(data))])
    assert unchanged(journal)


def test_paths_must_exist_and_folders_must_hold_exports(journal: Journal,
                                                       tmp_path: Path) -> None:
    with pytest.raises(ImportRefusedError, match="no such file"):
        import_paths(journal, [tmp_path / "missing.csv"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(ImportRefusedError, match=r"no \.csv or \.json"):
        import_paths(journal, [tmp_path / "empty"])
