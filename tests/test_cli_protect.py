"""``twitchlog protect``/``unprotect``/``rekey`` and every command on a protected journal:
passphrases from a file or the terminal (never an argument), one-line refusals."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from attack_support import run as run_command

from twitchlog.store import cipher

pytestmark = pytest.mark.skipif(not cipher.available(),
                                reason="needs SQLCipher (the encryption extra)")


@pytest.fixture(autouse=True)
def _forget_passphrases(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("TWITCHLOG_PASSPHRASE_FILE", raising=False)
    monkeypatch.delenv("TWITCHLOG_NEW_PASSPHRASE_FILE", raising=False)
    cipher.forget_all()
    yield
    cipher.forget_all()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    cipher.forget_all()  # each command is a new process
    return run_command(capsys, *argv)


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


def secret_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


@pytest.fixture
def protected(tmp_path: Path, capsys: pytest.CaptureFixture[str],
              monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "journal.twitchlog"
    assert run(capsys, "--db", str(db), "log", "calf", "--note", "private words")[0] == 0
    monkeypatch.setenv("TWITCHLOG_NEW_PASSPHRASE_FILE",
                       str(secret_file(tmp_path, "new.txt", "first phrase")))
    code, out, err = run(capsys, "--db", str(db), "protect")
    assert (code, err) == (0, "")
    assert "no way to recover" in out and f"Protected {db}" in out
    monkeypatch.delenv("TWITCHLOG_NEW_PASSPHRASE_FILE")
    assert b"private words" not in db.read_bytes()
    return db


def test_commands_need_the_passphrase(protected: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    before = hashlib.sha256(protected.read_bytes()).digest()
    code, _, err = run(capsys, "--db", str(protected), "list")
    assert code == 2 and "TWITCHLOG_PASSPHRASE_FILE" in one_line(err)
    monkeypatch.setenv("TWITCHLOG_PASSPHRASE_FILE", str(secret_file(tmp_path, "w", "wrong")))
    code, _, err = run(capsys, "--db", str(protected), "log", "eyelid")
    assert code == 2 and "passphrase is wrong" in one_line(err)
    assert hashlib.sha256(protected.read_bytes()).digest() == before
    monkeypatch.setenv("TWITCHLOG_PASSPHRASE_FILE",
                       str(secret_file(tmp_path, "ok", "first phrase")))
    assert run(capsys, "--db", str(protected), "log", "eyelid")[0] == 0
    code, out, _ = run(capsys, "--db", str(protected), "list")
    assert code == 0 and "private words" in out and "2 episodes;" in out


def test_exports_say_once_that_they_are_plain(protected: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWITCHLOG_PASSPHRASE_FILE",
                       str(secret_file(tmp_path, "ok", "first phrase")))
    out_file = tmp_path / "all.json"
    code, _, err = run(capsys, "--db", str(protected), "export", "--format", "json",
                       "--out", str(out_file))
    assert code == 0 and "is not protected" in one_line(err)
    assert "private words" in out_file.read_text(encoding="utf-8")


def test_rekey_then_unprotect(protected: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWITCHLOG_PASSPHRASE_FILE",
                       str(secret_file(tmp_path, "old", "first phrase")))
    monkeypatch.setenv("TWITCHLOG_NEW_PASSPHRASE_FILE",
                       str(secret_file(tmp_path, "new2", "second phrase")))
    code, out, err = run(capsys, "--db", str(protected), "rekey")
    assert (code, err) == (0, "") and "Changed the passphrase" in out
    code, _, err = run(capsys, "--db", str(protected), "list")
    assert code == 2 and "passphrase is wrong" in one_line(err)
    monkeypatch.setenv("TWITCHLOG_PASSPHRASE_FILE",
                       str(secret_file(tmp_path, "cur", "second phrase")))
    code, out, _ = run(capsys, "--db", str(protected), "unprotect")
    assert code == 0 and "plain SQLite files again" in out
    assert b"private words" in protected.read_bytes()
    monkeypatch.delenv("TWITCHLOG_PASSPHRASE_FILE")
    assert run(capsys, "--db", str(protected), "list")[0] == 0


def test_protect_asks_twice_on_the_terminal(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass
    import sys

    db = tmp_path / "journal.twitchlog"
    assert run(capsys, "--db", str(db), "log", "thumb")[0] == 0
    before = db.read_bytes()
    answers = iter(["one", "two"])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    code, _, err = run(capsys, "--db", str(db), "protect")
    assert code == 2 and "differ" in one_line(err)
    assert db.read_bytes() == before
    answers = iter(["same", "same", "same"])
    assert run(capsys, "--db", str(db), "protect")[0] == 0
    code, out, _ = run(capsys, "--db", str(db), "list")  # asks once more, without echo
    assert code == 0 and "1 episode;" in out


def test_no_passphrase_on_the_command_line(protected: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(protected), "unprotect", "--passphrase", "x")
    assert code == 2 and "unrecognized arguments" in one_line(err)


def test_protect_explains_what_to_install_without_sqlcipher(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "journal.twitchlog"
    assert run(capsys, "--db", str(db), "log", "thumb")[0] == 0
    monkeypatch.setattr(cipher, "available", lambda: False)
    code, _, err = run(capsys, "--db", str(db), "protect")
    assert code == 2 and "twitchlog[encryption]" in one_line(err)


def test_restore_asks_for_the_backups_passphrase(protected: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other" / "j.twitchlog"
    other.parent.mkdir()
    assert run(capsys, "--db", str(other), "log", "jaw", "--note", "from the other")[0] == 0
    monkeypatch.setenv("TWITCHLOG_NEW_PASSPHRASE_FILE",
                       str(secret_file(tmp_path, "bk", "backup phrase")))
    assert run(capsys, "--db", str(other), "protect")[0] == 0
    monkeypatch.setenv("TWITCHLOG_PASSPHRASE_FILE",
                       str(secret_file(tmp_path, "ok", "first phrase")))
    code, _, err = run(capsys, "--db", str(protected), "restore", str(other))
    assert code == 2 and "passphrase is wrong" in one_line(err)
