"""Import limits: an oversized file is refused before parsing; a huge field and an
unterminated quote are refused with their line number while memory stays bounded."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from trust_support import add_entries, logical_dump

from twitchlog.cli import main
from twitchlog.exchange import MAX_FIELD_CHARS, MAX_IMPORT_BYTES, ImportRefusedError, import_paths
from twitchlog.exchange import importer as importer_module
from twitchlog.store import Journal

HEADER = "id,started_at,location,side,duration_s,intensity,kind,notes\n"
ROW = "{id},2025-03-0{d}T08:00:00+01:00,calf,left,5,3,twitch,ok\n"
MB = 1024 * 1024


@pytest.fixture
def journal_with_data(journal: Journal) -> Journal:
    add_entries(journal, 3, 2)
    return journal


def _rows(n: int) -> str:
    return "".join(ROW.format(id=f"00000000-0000-4000-8000-{i:012d}", d=1 + i % 9)
                   for i in range(n))


def refused_with_peak(journal: Journal, path: Path) -> tuple[ImportRefusedError, int]:
    """Import ``path``; returns the refusal and the peak memory (bytes) while importing."""
    before = logical_dump(journal.path)
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefusedError) as caught:
            import_paths(journal, [path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert logical_dump(journal.path) == before
    return caught.value, peak


def test_a_file_over_the_limit_is_refused_before_it_is_read(journal_with_data, tmp_path,
                                                             monkeypatch) -> None:
    def must_not_parse(*_args, **_kwargs):
        raise AssertionError("the oversized file was parsed")

    monkeypatch.setattr(importer_module.CsvStream, "__enter__", must_not_parse)
    monkeypatch.setattr(importer_module._PlanBuilder, "read_json", must_not_parse)
    for name, head in (("big.csv", HEADER.encode()), ("big.json", b'{"format": ')):
        path = tmp_path / name
        with open(path, "wb") as handle:  # sparse: no real disk space is used
            handle.write(head)
            handle.truncate(MAX_IMPORT_BYTES + 1)
        error, peak = refused_with_peak(journal_with_data, path)
        assert "larger than the 200 MB an import file may be" in str(error)
        assert peak < 1 * MB


def test_cli_names_the_size_limit(journal_path: Path, tmp_path, capsys) -> None:
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.write(HEADER.encode())
        handle.truncate(MAX_IMPORT_BYTES + 10)
    assert main(["--db", str(journal_path), "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "200 MB" in err and "nothing was imported" in err


def test_a_10_mb_field_on_one_line_is_refused_with_its_line(journal_with_data, tmp_path) -> None:
    path = tmp_path / "episodes.csv"
    field = "x" * (10 * MB)
    path.write_text(HEADER + _rows(3) + f'{ROW[:-4].format(id="a", d=4)},"{field}"\n'
                    + _rows(2), encoding="utf-8")
    error, peak = refused_with_peak(journal_with_data, path)
    assert error.line == 5
    assert "longer than" in error.reason
    assert peak < 8 * MB  # far less than the 10 MB field (or the whole file) would need


def test_a_10_mb_field_over_many_lines_is_refused_with_its_line(journal_with_data,
                                                                 tmp_path) -> None:
    path = tmp_path / "episodes.csv"
    field = ("y" * 99 + "\n") * (10 * MB // 100)
    path.write_text(HEADER + _rows(6) + f'{ROW[:-4].format(id="b", d=4)},"{field}"\n',
                    encoding="utf-8")
    error, peak = refused_with_peak(journal_with_data, path)
    assert error.line == 8
    assert f"longer than {MAX_FIELD_CHARS:,} characters" in error.reason
    assert peak < 8 * MB


@pytest.mark.parametrize(("rows_after", "reason"), [
    (20, "never closed"),  # the file ends inside the quote
    (40_000, "longer than"),  # the quote swallows more than a field may hold
])
def test_an_unterminated_quote_is_refused_with_its_line(journal_with_data, tmp_path,
                                                        rows_after: int, reason: str) -> None:
    path = tmp_path / "episodes.csv"
    broken = ROW.format(id="c", d=5).replace(",ok\n", ',"the quote never closes\n')
    path.write_text(HEADER + _rows(9) + broken + _rows(rows_after), encoding="utf-8")
    error, peak = refused_with_peak(journal_with_data, path)
    assert error.line == 11
    assert reason in error.reason
    assert "line 11" in str(error)
    assert peak < 8 * MB
