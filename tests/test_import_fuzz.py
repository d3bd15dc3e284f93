"""Fuzzed imports: whatever bytes a file holds, an import either succeeds or is refused
with a clear message (``ImportRefusedError``) – never another exception – and a refused
import leaves the journal byte-for-byte unchanged. An accepted file imported a second
time adds nothing. Every property holds for a protected (SQLCipher) journal too."""

from __future__ import annotations

import json
import sqlite3
import string
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from trust_support import add_entries

from twitchlog.domain import PORTABLE_SETTINGS
from twitchlog.exchange import (
    DAY_COLUMNS,
    EPISODE_COLUMNS,
    JSON_FORMAT,
    ImportRefusedError,
    import_paths,
)
from twitchlog.store import Journal, cipher

FUZZ = settings(max_examples=150, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])
STATS = {"cases": 0, "refused": 0, "accepted": 0}


@pytest.fixture(scope="module", params=[
    "plain",
    pytest.param("protected", marks=pytest.mark.skipif(
        not cipher.available(), reason="needs SQLCipher (the encryption extra)")),
])
def fuzz_journal(request, tmp_path_factory) -> Iterator[Journal]:
    path = tmp_path_factory.mktemp("fuzz") / "journal" / "fuzz.twitchlog"
    if request.param == "protected":
        cipher.remember(path, "fuzz passphrase")
    journal = Journal.open(path)
    assert cipher.is_protected_file(path) == (request.param == "protected")
    add_entries(journal, 5, 5)
    yield journal
    journal.close()
    cipher.forget(path)
    print(f"import fuzz ({request.param}): {STATS}")


def _main_file_and_dump(journal: Journal) -> tuple[bytes, dict]:
    """The main file's bytes and every row, read through the journal's own connection."""
    conn = journal.db.conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    rows = {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"').fetchall()))
            for t in tables}
    return journal.path.read_bytes(), rows


def check_import(journal: Journal, folder: Path, name: str, data: bytes) -> None:
    """The property: refused cleanly and unchanged, or accepted and then idempotent."""
    STATS["cases"] += 1
    target = folder / f"{uuid.uuid4().hex}-{name}"
    target.write_bytes(data)
    before = _main_file_and_dump(journal)
    try:
        import_paths(journal, [target])
    except ImportRefusedError as exc:
        STATS["refused"] += 1
        message = str(exc)
        assert message.endswith("nothing was imported") and "\n" not in message.strip()
        assert not journal.in_transaction
        assert _main_file_and_dump(journal) == before
        return
    STATS["accepted"] += 1
    assert not journal.in_transaction
    again = import_paths(journal, [target])
    assert not again.changed, f"re-import changed the journal: {again.summary()}"


# --- CSV ---------------------------------------------------------------------------------

ISOISH = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),
    st.dates().map(str),
    st.sampled_from(["2025-03-01T08:00:00+01:00", "2025-03-01T08:00", "03/04/2024",
                     "2025-02-30", "2025-13-01T00:00:00", "", " ", "now", "2025-03-01T25:61"]),
)
NUMBERISH = st.one_of(st.integers(-5, 3000).map(str), st.floats(allow_nan=True).map(str),
                      st.sampled_from(["", "1,5", "1e309", "-0", "0x10", "١٢", "yes", "n"]))
NASTY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
NOTES = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
            max_size=40),
    st.sampled_from(["=SUM(A1:A9)", "+1", "-2", "@cmd", "'=quoted", "''=x", "\ttab", '"q"']))
ZONES = [timezone(timedelta(hours=h))
         for h in (-8, 0, 1, 5.5)]
CELL = st.one_of(ISOISH, NUMBERISH, NASTY_TEXT,
                 st.sampled_from(["eyelid", "calf", "left", "both", "twitch", "cramp", "=1+1",
                                  "'=x", '"', '""', "a\"b", "\r", "\n", "\x00", ",", ";"]),
                 st.uuids().map(str))


def _csv_field(cell: str, quote: bool) -> str:
    if quote:
        return '"' + cell.replace('"', '""') + '"'
    return cell


@st.composite
def csv_files(draw) -> bytes:
    header = draw(st.one_of(
        st.just(list(EPISODE_COLUMNS)),
        st.just(list(DAY_COLUMNS)),
        st.lists(st.sampled_from([*EPISODE_COLUMNS, *DAY_COLUMNS, "mood", "", "ID", "Date"]),
                 min_size=1, max_size=10),
    ))
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        width = draw(st.sampled_from([len(header), len(header), len(header) + 1,
                                      max(len(header) - 1, 0)]))
        cells = [_csv_field(draw(CELL), draw(st.booleans())) for _ in range(width)]
        rows.append(delimiter.join(cells))
    text = newline.join([delimiter.join(header), *rows]) + draw(st.sampled_from(["", newline]))
    data = text.encode("utf-8", errors="surrogatepass")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 9)) == 0:  # corrupt a few bytes
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        data = data[:position] + draw(st.binary(min_size=1, max_size=4)) + data[position:]
    return data


@FUZZ
@given(data=csv_files())
def test_fuzzed_csv_is_accepted_or_refused_cleanly(fuzz_journal, tmp_path_factory,
                                                   data: bytes) -> None:
    check_import(fuzz_journal, tmp_path_factory.mktemp("csv"), "episodes.csv", data)


@settings(FUZZ, max_examples=80)
@given(data=st.binary(max_size=300),
       prefix=st.sampled_from([b"", b"id,started_at,location\n", b"date,notes\n", b"{",
                               b'{"format": "TwitchLog journal", "format_version": 1, ',
                               b"\xef\xbb\xbf", b"SQLite format 3\x00"]))
def test_random_bytes_are_refused_cleanly(fuzz_journal, tmp_path_factory, data: bytes,
                                          prefix: bytes) -> None:
    check_import(fuzz_journal, tmp_path_factory.mktemp("bin"), "file.csv", prefix + data)


# --- JSON ----------------------------------------------------------------------------------

JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                         st.floats(allow_nan=False, allow_infinity=False), NASTY_TEXT, ISOISH,
                         NUMBERISH)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8)


def _item(keys: list[str]) -> st.SearchStrategy:
    return st.dictionaries(st.sampled_from([*keys, "extra"]), st.one_of(CELL, JSON_VALUES),
                           max_size=len(keys) + 1)


@st.composite
def json_files(draw) -> bytes:
    document = {
        "format": draw(st.sampled_from([JSON_FORMAT, JSON_FORMAT, "other", None])),
        "format_version": draw(st.sampled_from([1, 1, 2, 2, 3, 0, "1", True, None, 1.5])),
    }
    for key, keys in (("episodes", [*EPISODE_COLUMNS, "created_at", "updated_at"]),
                      ("days", [*DAY_COLUMNS, "factors", "sleep_source", "caffeine_source"]),
                      ("device_values", ["date", "field", "value", "source"]),
                      ("factors", ["name", "kind", "unit", "archived"]),
                      ("medications", ["name", "dose", "start_date", "end_date", "notes"]),
                      ("locations", ["name", "builtin"])):
        if draw(st.booleans()):
            document[key] = draw(st.one_of(st.lists(_item(keys), max_size=4), JSON_VALUES))
    if draw(st.booleans()):
        document["unremembered_days"] = draw(st.one_of(st.lists(ISOISH, max_size=3),
                                                       JSON_VALUES))
    if draw(st.booleans()):
        document["settings"] = draw(st.one_of(_item(list(PORTABLE_SETTINGS)), JSON_VALUES))
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    if draw(st.integers(0, 5)) == 0:
        cut = draw(st.integers(0, len(text)))
        text = text[:cut]
    return text.encode("utf-8", errors="surrogatepass")


@FUZZ
@given(data=json_files())
def test_fuzzed_json_is_accepted_or_refused_cleanly(fuzz_journal, tmp_path_factory,
                                                    data: bytes) -> None:
    check_import(fuzz_journal, tmp_path_factory.mktemp("json"), "journal.json", data)


def test_deeply_nested_json_is_refused_cleanly(fuzz_journal, tmp_path) -> None:
    check_import(fuzz_journal, tmp_path, "deep.json", b"[" * 200_000 + b"]" * 200_000)
    check_import(fuzz_journal, tmp_path, "deep2.json",
                 b'{"format": "TwitchLog journal", "format_version": 1, "episodes": '
                 + b"[" * 100_000 + b"]" * 100_000 + b"}")


def test_valid_files_of_every_kind_are_accepted(fuzz_journal, tmp_path) -> None:
    """The fuzzers' accept branch is reachable: well-formed files do import."""
    accepted = STATS["accepted"]
    day = "date," + ",".join(DAY_COLUMNS[1:]) + "\n2025-04-01,7.5,4,100,3,30,0,0,1,0,0,0,0,0,ok\n"
    check_import(fuzz_journal, tmp_path, "days.csv", day.encode())
    episodes = ("id,started_at,location,side,duration_s,intensity,kind,notes\n"
                f"{uuid.uuid4()},2025-04-01T09:30:00+02:00,calf,left,12,3,twitch,hello\n")
    before = fuzz_journal.counts()["episodes"]
    check_import(fuzz_journal, tmp_path, "episodes.csv", episodes.encode())
    assert fuzz_journal.counts()["episodes"] == before + 1
    carried = {"format": JSON_FORMAT, "format_version": 2,
               "days": [{"date": "2025-04-03", "sleep_hours": 7.2, "sleep_source": "Fitbit"}],
               "device_values": [{"date": "2025-04-04", "field": "caffeine_mg", "value": 80,
                                  "source": "Apple Health"}],
               "unremembered_days": ["2025-04-05"],
               "settings": {"patient_name": "Fuzz", "caffeine_drinks": [["mate", 40]],
                            "quick_log_places": [{"location": "calf", "side": "left",
                                                  "pinned": True}]}}
    check_import(fuzz_journal, tmp_path, "carried.json", json.dumps(carried).encode())
    assert fuzz_journal.devices.sources(date(2025, 4, 3)) == {"sleep_hours": "Fitbit"}
    assert STATS["accepted"] == accepted + 3


@st.composite
def valid_csv_files(draw) -> bytes:
    """Well-formed exports with hostile text: quotes, formulas, line breaks, any script."""
    if draw(st.booleans()):
        lines = [",".join(EPISODE_COLUMNS)]
        for _ in range(draw(st.integers(1, 5))):
            moment = draw(st.datetimes(min_value=datetime(2000, 1, 1),
                                       max_value=datetime(2030, 1, 1),
                                       timezones=st.sampled_from(ZONES)))
            cells = [str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1)), version=4)),
                     moment.isoformat(), draw(st.sampled_from(["calf", "eyelid", "thumb"])),
                     draw(st.sampled_from(["left", "right", "both", "unspecified"])),
                     draw(st.sampled_from(["", "0", "12", "12.5", "3600"])),
                     draw(st.sampled_from(["", "1", "10"])),
                     draw(st.sampled_from(["twitch", "cramp"])), draw(NOTES)]
            lines.append(",".join(_csv_field(c, True) for c in cells))
    else:
        # A fresh factor name each time: the shared journal keeps the kind (yes/no or
        # number) a factor got when first imported, and refusing "2" for a yes/no
        # factor is right, not a fault of the file.
        stem = draw(st.sampled_from(["mood", "screen time", "Coffee cups"]))
        factor = f"{stem} {uuid.uuid4().hex[:8]}"
        lines = [",".join([*DAY_COLUMNS, factor])]
        for offset in draw(st.lists(st.integers(0, 400), min_size=1, max_size=5, unique=True)):
            day = date(2024, 1, 1) + timedelta(days=offset)
            values = [str(day), draw(st.sampled_from(["", "7", "7.5"])),
                      draw(st.sampled_from(["", "1", "5"])), "", draw(st.sampled_from(["", "3"])),
                      "", "", "", draw(st.sampled_from(["", "0", "1"])), "", "", "", "", "",
                      draw(NOTES), draw(st.sampled_from(["", "0", "2", "7.25"]))]
            lines.append(",".join(_csv_field(c, True) for c in values))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


@FUZZ
@given(data=valid_csv_files())
def test_well_formed_files_with_hostile_text_import_exactly_once(fuzz_journal,
                                                                 tmp_path_factory,
                                                                 data: bytes) -> None:
    accepted = STATS["accepted"]
    check_import(fuzz_journal, tmp_path_factory.mktemp("ok"), "file.csv", data)
    assert STATS["accepted"] == accepted + 1, "a well-formed file was refused"


def test_refused_import_in_the_middle_of_writing_changes_nothing(fuzz_journal, tmp_path,
                                                                 monkeypatch) -> None:
    """A failure inside the import transaction (after validation) rolls everything back."""
    rows = "\n".join(f"{uuid.uuid4()},2025-05-0{1 + i % 9}T10:00:00+00:00,thumb,left,,,"
                     f"twitch,row {i}" for i in range(50))
    data = ("id,started_at,location,side,duration_s,intensity,kind,notes\n" + rows).encode()
    before = _main_file_and_dump(fuzz_journal)
    original = fuzz_journal.imports._import_episodes

    def fail_half_way(*args, **kwargs):
        original(*args, **kwargs)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(fuzz_journal.imports, "_import_episodes", fail_half_way)
    target = tmp_path / "episodes.csv"
    target.write_bytes(data)
    with pytest.raises(Exception, match="disk is full"):
        import_paths(fuzz_journal, [target])
    assert not fuzz_journal.in_transaction
    assert _main_file_and_dump(fuzz_journal) == before


def test_names_that_look_like_formulas_survive(fuzz_journal, tmp_path) -> None:
    notes = "".join(string.punctuation)
    episodes = ("id,started_at,location,side,duration_s,intensity,kind,notes\n"
                f'{uuid.uuid4()},2025-06-01T09:30:00+02:00,calf,left,,,twitch,"{notes}"\n')
    check_import(fuzz_journal, tmp_path, "episodes.csv", episodes.encode())


# --- hostile shapes (issue 16): extreme dates, clock changes, surrogates, huge numbers ----

HOSTILE_STAMPS = st.sampled_from([
    "0001-01-01", "0001-01-01T00:00+05:00", "0001-01-01T00:00-05:00",
    "9999-12-31T23:59:59-05:00", "9999-12-31", "1899-12-31T23:59", "1900-01-01T00:00Z",
    "2026-03-08T02:30", "2026-11-01T01:30", "2026-11-01T01:30-05:00", "2025-04-01T09:00Z"])
HOSTILE_DAYS = st.sampled_from(["0001-01-01", "9999-12-31", "1899-12-31", "1900-01-01",
                                "2025-04-02"])
HUGE = st.sampled_from(["9" * 4000, "-" + "9" * 4000, "1e999", "-1e999", "9" * 400 + ".5",
                        "12", ""])
HOSTILE_TEXT = st.one_of(
    st.sampled_from(["a\x00b", "\x00", "tab\there", "line\nbreak", "esc\x1b[31m", "ok",
                     "y" * 61, "y" * 201, "y" * 10_001]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))


@st.composite
def hostile_csv_files(draw) -> bytes:
    if draw(st.booleans()):
        rows = [",".join(["", draw(HOSTILE_STAMPS), draw(HOSTILE_TEXT), "", draw(HUGE),
                          draw(HUGE), "twitch", draw(HOSTILE_TEXT)])
                for _ in range(draw(st.integers(1, 3)))]
        lines = [",".join(EPISODE_COLUMNS), *rows]
    else:
        lines = ["date,sleep_hours,notes," + draw(HOSTILE_TEXT).replace(",", ";")]
        lines += [f"{draw(HOSTILE_DAYS)},{draw(HUGE)},{draw(HOSTILE_TEXT)},{draw(HUGE)}"
                  for _ in range(draw(st.integers(1, 3)))]
    return ("\n".join(_csv_line(line) for line in lines) + "\n").encode("utf-8")


def _csv_line(line: str) -> str:
    return line.replace("\n", " ").replace("\r", " ")


@st.composite
def hostile_json_files(draw) -> bytes:
    lone = draw(st.sampled_from(["\\ud800", "\\udcff", "\\udfff", "ok"]))
    number = draw(st.sampled_from(["9" * 4000, "9" * 4301, "-1", "1e999", "3"]))
    parts = [
        f'{{"started_at": "{draw(HOSTILE_STAMPS)}", "location": "calf", "notes": "x{lone}", '
        f'"duration_s": {number}, "intensity": {number}}}',
        f'{{"date": "{draw(HOSTILE_DAYS)}", "sleep_hours": {number}, '
        f'"factors": {{"steps": {number}}}}}',
        f'{{"name": "Pill{lone}", "start_date": "{draw(HOSTILE_DAYS)}", '
        f'"dose": {json.dumps(draw(HOSTILE_TEXT))}}}',
        f'{{"name": {json.dumps(draw(HOSTILE_TEXT))}, '
        f'"kind": "{draw(st.sampled_from(["number", "text", "yesno"]))}", '
        f'"unit": {json.dumps(draw(HOSTILE_TEXT))}}}',
    ]
    text = json.dumps(draw(HOSTILE_TEXT))
    carried = {
        "device_values": f'[{{"date": "{draw(HOSTILE_DAYS)}", "field": '
                         f'"{draw(st.sampled_from(["sleep_hours", "caffeine_mg", "stress"]))}", '
                         f'"value": {number}, "source": {text}}}]',
        "unremembered_days": f'["{draw(HOSTILE_DAYS)}", "x{lone}"]',
        "settings": draw(st.sampled_from([
            f'{{"patient_name": {text}, "patient_dob": "{lone}"}}',
            f'{{"report_questions": {json.dumps("q" * 4001)}}}',
            f'{{"caffeine_drinks": [[{text}, {number}]]}}',
            f'{{"quick_log_places": [{{"location": {text}, "side": "left", "pinned": true}}]}}',
            f'{{{text}: "x"}}'])),
        "days": f'[{{"date": "{draw(HOSTILE_DAYS)}", "caffeine_mg": {number}, '
                f'"caffeine_source": {text}}}]',
    }
    names = ["episodes", "days", "medications", "factors", *carried]
    key = draw(st.sampled_from(names))
    if key in carried and draw(st.booleans()):
        value = carried[key]
        version = 2
    else:
        value = f"[{parts[min(names.index(key), 3)]}]"
        version = draw(st.sampled_from([1, 2]))
    return (f'{{"format": "{JSON_FORMAT}", "format_version": {version}, "{key}": {value}}}'
            ).encode("utf-8", "surrogatepass")


@settings(FUZZ, max_examples=60)
@given(data=st.one_of(hostile_csv_files(), hostile_json_files()))
def test_hostile_shapes_are_accepted_or_refused_cleanly(fuzz_journal, tmp_path_factory,
                                                        data: bytes) -> None:
    name = "journal.json" if data.startswith(b"{") else "file.csv"
    check_import(fuzz_journal, tmp_path_factory.mktemp("hostile"), name, data)


def test_hostile_shapes_that_must_be_refused(fuzz_journal, tmp_path) -> None:
    """Each of these is refused, not merely handled: the property above allows both."""
    refused = STATS["refused"]
    shapes = [
        ("e.csv", f"id,started_at,location\n,{stamp},calf\n")
        for stamp in ("0001-01-01", "0001-01-01T00:00-05:00", "9999-12-31T23:59:59-05:00")
    ] + [
        ("e.csv", f"id,started_at,location,duration_s\n,2025-04-01T09:00Z,calf,{'9' * 4000}\n"),
        ("e.csv", "id,started_at,location,notes\n,2025-04-01T09:00Z,calf,\"a\x00b\"\n"),
        ("d.csv", "date,sleep_hours\n0001-01-01,7\n"),
        ("j.json", f'{{"format": "{JSON_FORMAT}", "format_version": 1, "episodes": '
                   f'[{{"started_at": "2025-04-01T09:00Z", "location": "calf", '
                   f'"notes": "\\ud800"}}]}}'),
        ("j.json", f'{{"format": "{JSON_FORMAT}", "format_version": 1, "episodes": '
                   f'[{{"started_at": "2025-04-01T09:00Z", "location": "calf", '
                   f'"intensity": {"9" * 4301}}}]}}'),
        ("j.json", f'{{"format": "{JSON_FORMAT}", "format_version": 1, "medications": '
                   f'[{{"name": "Pill", "start_date": "2025-01-01", "dose": "{"x" * 201}"}}]}}'),
        ("j.json", f'{{"format": "{JSON_FORMAT}", "format_version": 1, "factors": '
                   f'[{{"name": "mood", "kind": "text"}}]}}'),
        ("j.json", f'{{"format": "{JSON_FORMAT}", "format_version": 2, "device_values": '
                   f'[{{"date": "2025-04-01", "field": "sleep_hours", "value": 7, '
                   f'"source": "Fit\\u0000bit"}}]}}'),
        ("j.json", f'{{"format": "{JSON_FORMAT}", "format_version": 2, "device_values": '
                   f'[{{"date": "0001-01-01", "field": "sleep_hours", "value": 7, '
                   f'"source": "Fitbit"}}]}}'),
        ("j.json", f'{{"format": "{JSON_FORMAT}", "format_version": 2, "device_values": '
                   f'[{{"date": "2025-04-01", "field": "sleep_hours", "value": {"9" * 4000}, '
                   f'"source": "Fitbit"}}]}}'),
        ("j.json", f'{{"format": "{JSON_FORMAT}", "format_version": 2, '
                   f'"unremembered_days": ["9999-12-31"]}}'),
        ("j.json", f'{{"format": "{JSON_FORMAT}", "format_version": 2, '
                   f'"settings": {{"patient_name": "{"y" * 121}"}}}}'),
        ("j.json", f'{{"format": "{JSON_FORMAT}", "format_version": 2, '
                   f'"settings": {{"storage_warning_shown_for": "/tmp"}}}}'),
        ("j.json", f'{{"format": "{JSON_FORMAT}", "format_version": 2, '
                   f'"settings": {{"caffeine_drinks": [["esc\\u001b[31m", 60]]}}}}'),
        ("j.json", f'{{"format": "{JSON_FORMAT}", "format_version": 2, '
                   f'"settings": {{"caffeine_drinks": [["mate", {"9" * 4000}]]}}}}'),
        ("j.json", f'{{"format": "{JSON_FORMAT}", "format_version": 2, "days": '
                   f'[{{"date": "2025-04-01", "sleep_hours": 7, "sleep_source": 5}}]}}'),
    ]
    for name, text in shapes:
        check_import(fuzz_journal, tmp_path, name, text.encode("utf-8", "surrogatepass"))
    assert STATS["refused"] == refused + len(shapes)
