"""Nothing reads without a bound: devices, FIFOs, folders and growing files named as a
questions file or an import are refused in one line, quickly, with the journal untouched;
folders an export creates are private."""

from __future__ import annotations

import os
import signal
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from attack_support import assert_refused, journal_files, run

from twitchlog import bounded_read
from twitchlog.bounded_read import ReadRefusedError, read_capped
from twitchlog.exchange import ImportRefusedError, csvstream
from twitchlog.exchange.csvstream import CsvStream

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev are POSIX")


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "j" / "journal.twitchlog"
    assert run(capsys, "--db", str(path), "log", "eyelid", "--at", "2025-05-01T08:00Z")[0] == 0
    return path


@pytest.fixture
def no_hang() -> Iterator[None]:
    """A read that blocks fails the test instead of hanging the suite."""
    if sys.platform == "win32":
        yield
        return

    def hung(*_: object) -> None:
        raise TimeoutError("a read blocked")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    return path


SPECIAL = {
    "/dev/zero": "is a device, not a regular file",
    "/dev/urandom": "is a device, not a regular file",
    "fifo": "is a named pipe (FIFO), not a regular file",
    "folder": "is a folder, not a regular file",
    "link to /dev/zero": "is a device, not a regular file",
}


def _special(name: str, tmp_path: Path, fifo: Path) -> str:
    if name == "fifo":
        return str(fifo)
    if name == "folder":
        return str(tmp_path)
    if name == "link to /dev/zero":
        link = tmp_path / "questions.txt"
        link.symlink_to("/dev/zero")
        return str(link)
    return name


@posix_only
@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_a_special_questions_file_is_refused(capsys, no_hang, db: Path, tmp_path: Path,
                                             fifo: Path, name: str) -> None:
    target = _special(name, tmp_path, fifo)
    before = journal_files(db)
    out = tmp_path / "r.pdf"
    line = assert_refused(run(capsys, "--db", str(db), "report", "--out", str(out),
                              "--questions-file", target), before, db, SPECIAL[name])
    assert line == f"twitchlog: error: {target} {SPECIAL[name]}"
    assert not out.exists()


@posix_only
@pytest.mark.parametrize("name", ["/dev/zero", "/dev/urandom", "fifo", "link to /dev/zero"])
def test_a_special_import_file_is_refused(capsys, no_hang, db: Path, tmp_path: Path,
                                          fifo: Path, name: str) -> None:
    target = _special(name, tmp_path, fifo)
    before = journal_files(db)
    line = assert_refused(run(capsys, "--db", str(db), "import", target), before, db)
    assert line == f"twitchlog: error: {target}: {SPECIAL[name]}; nothing was imported"


@posix_only
def test_a_fifo_in_an_import_folder_is_not_opened(capsys, no_hang, db: Path, tmp_path: Path,
                                                  fifo: Path) -> None:
    before = journal_files(db)
    assert_refused(run(capsys, "--db", str(db), "import", str(tmp_path)), before, db,
                   "this folder holds no .csv or .json export files")


def test_a_questions_file_over_the_cap_is_refused(capsys, db: Path, tmp_path: Path) -> None:
    big = tmp_path / "q.txt"
    big.write_bytes(b"?" * (64 * 1024 + 1))
    before = journal_files(db)
    assert_refused(run(capsys, "--db", str(db), "report", "--out", str(tmp_path / "r.pdf"),
                       "--questions-file", str(big)), before, db,
                   f"{big} is larger than 64 kB; the questions belong on one page")


def test_the_cap_holds_whatever_size_the_file_claims(tmp_path: Path, monkeypatch) -> None:
    """A file that grows after its size was checked is still read only up to the cap."""
    path = tmp_path / "grows.json"
    path.write_bytes(b"x" * 5000)
    reads: list[int] = []
    real_open = bounded_read.open_regular

    def counting(p: Path):
        handle = real_open(p)
        original = handle.read

        def read(size: int = -1) -> bytes:
            reads.append(size)
            return original(size)

        handle.read = read  # type: ignore[method-assign]
        return handle

    monkeypatch.setattr(bounded_read, "open_regular", counting)
    with pytest.raises(ReadRefusedError, match="is larger than 4 kB"):
        read_capped(path, 4096)
    assert reads == [4097]
    assert read_capped(path, 5000) == b"x" * 5000


def test_a_csv_growing_past_the_import_limit_is_refused(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "episodes.csv"
    path.write_text("id,started_at,location\n" + ",2025-05-02T08:00Z,calf\n" * 200_000)
    monkeypatch.setattr(csvstream, "MAX_IMPORT_BYTES", 1024 * 1024)
    with pytest.raises(ImportRefusedError, match="is larger than 1 MB"), \
            CsvStream(path, "episodes.csv") as stream:
        for _ in stream.records():
            pass


@posix_only
def test_export_folders_are_created_private(capsys, db: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        existing = tmp_path / "shared"
        existing.mkdir(mode=0o755)
        os.chmod(existing, 0o755)
        code, _, err = run(capsys, "--db", str(db), "export", "--format", "csv", "--out",
                           str(existing / "new" / "csv"))
    finally:
        os.umask(old)
    assert (code, err) == (0, "")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o755  # not ours: left as it was
    for folder in (existing / "new", existing / "new" / "csv"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((existing / "new" / "csv" / "episodes.csv").stat().st_mode) == 0o600
