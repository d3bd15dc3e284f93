"""Protected journals in the store: encrypted at rest, refused unchanged without the right
passphrase, and protection switched on, off and re-keyed without losing a row."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from trust_support import add_entries, make_journal, make_old_journal

from twitchlog.store import (
    SCHEMA_VERSION,
    DamagedJournalError,
    Journal,
    NotAJournalError,
    cipher,
    dbapi,
    protection,
)
from twitchlog.store.backups import (
    backup_files,
    create_backup,
    list_backups,
    open_with_backups,
    restore_backup,
    validate_backup,
)
from twitchlog.store.errors import PassphraseNeededError, WrongPassphraseError

pytestmark = pytest.mark.skipif(not cipher.available(),
                                reason="needs SQLCipher (the encryption extra)")

SECRET = "correct horse battery staple"
PLAIN_MARKERS = (b"SQLite format 3", b"eyelid", b"CREATE TABLE", b"entry 1")


@pytest.fixture(autouse=True)
def _forget_passphrases() -> Iterator[None]:
    cipher.forget_all()
    yield
    cipher.forget_all()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def readable(path: Path) -> bool:
    data = path.read_bytes()
    return any(marker in data for marker in PLAIN_MARKERS)


def episode_notes(path: Path) -> list[str]:
    with Journal.open(path, create=False) as journal:
        return sorted(e.notes or "" for e in journal.episodes.find())


def test_protecting_encrypts_the_journal_and_every_backup(tmp_path: Path) -> None:
    path = make_journal(tmp_path / "journal.twitchlog", episodes=30, days=10)
    before = episode_notes(path)
    older = create_backup(path, "manual")
    assert readable(path) and readable(older)

    result = protection.protect(path, SECRET)

    assert result.journal_converted and result.backups_converted == 1
    assert not readable(path) and protection.is_protected(path)
    assert [f.path for f in backup_files(path)] == [older]  # the safety copy is gone
    assert not readable(older)
    assert sorted(p.name for p in tmp_path.iterdir() if "lock" not in p.name) == [
        "backups", "journal.twitchlog"]
    cipher.forget_all()
    cipher.unlock(path, SECRET)
    assert episode_notes(path) == before
    assert [(i.episodes, i.problem) for i in list_backups(path)] == [(30, None)]


def test_without_the_passphrase_the_journal_is_refused_unchanged(tmp_path: Path) -> None:
    path = make_journal(tmp_path / "journal.twitchlog")
    protection.protect(path, SECRET)
    cipher.forget_all()
    before = digest(path)
    with pytest.raises(PassphraseNeededError, match="protected with a passphrase"):
        Journal.open(path)
    with pytest.raises(WrongPassphraseError, match="passphrase is wrong"):
        cipher.unlock(path, "not it")
    with pytest.raises(PassphraseNeededError):
        Journal.open(path)  # a wrong passphrase is not remembered
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "lock" not in p.name) == [
        "backups", "journal.twitchlog"]


def test_a_protected_journal_takes_writes_and_encrypted_backups(tmp_path: Path) -> None:
    path = make_journal(tmp_path / "journal.twitchlog", episodes=3)
    protection.protect(path, SECRET)
    with Journal.open(path) as journal:
        add_entries(journal, 2, start=50)
        made = create_backup(journal, "manual")
    outside = create_backup(path, "manual", out=tmp_path / "copy.twitchlog")
    assert not readable(path) and not readable(made) and not readable(outside)
    assert validate_backup(made).episodes == 5
    cipher.forget_all()
    cipher.unlock(outside, SECRET)  # the same passphrase opens a copy anywhere
    assert validate_backup(outside).episodes == 5


def test_rekey_changes_the_passphrase_of_the_journal_and_backups(tmp_path: Path) -> None:
    path = make_journal(tmp_path / "journal.twitchlog", episodes=4)
    protection.protect(path, SECRET)
    with Journal.open(path) as journal:
        backup = create_backup(journal, "manual")

    result = protection.rekey(path, SECRET, "a new one")

    assert result.backups_converted == 1
    cipher.forget_all()
    for target in (path, backup):
        with pytest.raises(WrongPassphraseError):
            cipher.check_passphrase(target, SECRET)
        cipher.check_passphrase(target, "a new one")
    cipher.unlock(path, "a new one")
    assert len(episode_notes(path)) == 4


def test_unprotect_gives_plain_files_with_the_same_rows(tmp_path: Path) -> None:
    path = make_journal(tmp_path / "journal.twitchlog", episodes=6, days=3)
    protection.protect(path, SECRET)
    notes = episode_notes(path)
    with Journal.open(path) as journal:
        backup = create_backup(journal, "manual")

    result = protection.unprotect(path, SECRET)

    assert result.backups_converted == 1
    cipher.forget_all()
    assert readable(path) and readable(backup)
    assert episode_notes(path) == notes
    with Journal.open(path) as journal:
        assert journal.counts()["checkins"] == 3


def test_a_wrong_passphrase_changes_nothing_when_switching(tmp_path: Path) -> None:
    path = make_journal(tmp_path / "journal.twitchlog")
    protection.protect(path, SECRET)
    cipher.forget_all()
    before = digest(path)
    for action in (lambda: protection.unprotect(path, "nope"),
                   lambda: protection.rekey(path, "nope", "other")):
        with pytest.raises(WrongPassphraseError):
            action()
    assert digest(path) == before
    with pytest.raises(protection.ProtectionError, match="another passphrase"):
        protection.protect(path, "yet another")
    assert digest(path) == before


def test_a_failed_conversion_leaves_the_plain_journal_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_journal(tmp_path / "journal.twitchlog", episodes=5)
    notes = episode_notes(path)

    def broken(*_args: object) -> tuple[int, int, dict[str, int]]:
        return (0, 0, {"episodes": -1})

    monkeypatch.setattr(protection, "_fingerprint_of", broken)
    with pytest.raises(protection.ProtectionError, match="did not match"):
        protection.protect(path, SECRET)
    assert readable(path) and episode_notes(path) == notes
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.undo()
    protection.protect(path, SECRET)  # the safety copy left by the failure is encrypted too
    assert all(not readable(f.path) for f in backup_files(path))


def test_protect_again_finishes_an_interrupted_switch(tmp_path: Path) -> None:
    path = make_journal(tmp_path / "journal.twitchlog")
    protection.protect(path, SECRET)
    cipher.forget_all()  # a plain copy left behind by a switch cut short
    plain_left = make_journal(tmp_path / "backups" / "journal-2025-01-01T000000Z-open"
                              ".twitchlog")
    assert readable(plain_left)
    result = protection.protect(path, SECRET)
    assert not result.journal_converted and result.backups_converted == 1
    assert not readable(plain_left)


def test_damaged_and_foreign_files_are_refused_unchanged(tmp_path: Path) -> None:
    path = make_journal(tmp_path / "journal.twitchlog", episodes=40)
    protection.protect(path, SECRET)
    data = bytearray(path.read_bytes())
    data[len(data) - 2000] ^= 0xFF  # flip a bit on the last page
    path.write_bytes(bytes(data))
    before = digest(path)
    cipher.forget_all()
    cipher.remember(path, SECRET)
    with pytest.raises(DamagedJournalError):
        Journal.open(path)
    assert digest(path) == before

    noise = tmp_path / "noise.twitchlog"
    noise.write_bytes(hashlib.sha512(b"x").digest() * 64)
    with pytest.raises(PassphraseNeededError):
        Journal.open(noise)
    with pytest.raises(WrongPassphraseError):
        cipher.unlock(noise, SECRET)
    text = tmp_path / "notes.twitchlog"
    text.write_text("shopping list\n")
    with pytest.raises(NotAJournalError):
        Journal.open(text)
    assert noise.read_bytes() == hashlib.sha512(b"x").digest() * 64


def test_an_old_protected_journal_is_backed_up_encrypted_before_migrating(
        tmp_path: Path) -> None:
    path = make_old_journal(tmp_path / "journal.twitchlog", episodes=3)
    protection.protect(path, SECRET)
    with open_with_backups(path, daily=False) as journal:
        assert journal.counts()["episodes"] == 3
    [backup] = [f for f in backup_files(path) if f.reason == "migration"]
    assert not readable(backup.path)
    assert validate_backup(backup.path).schema_version == 1
    with Journal.open(path) as journal:
        assert journal.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_restoring_a_protected_backup_uses_its_passphrase(tmp_path: Path) -> None:
    source = make_journal(tmp_path / "other" / "old.twitchlog", episodes=2)
    protection.protect(source, "backup phrase")
    path = make_journal(tmp_path / "journal.twitchlog", episodes=7)
    cipher.forget_all()
    with pytest.raises(Exception, match="passphrase"):
        restore_backup(path, source)
    assert len(episode_notes(path)) == 7
    cipher.unlock(source, "backup phrase")
    result = restore_backup(path, source)
    assert result.safety_backup is not None and readable(result.safety_backup)
    assert len(episode_notes(path)) == 2  # opens with the backup's passphrase
    assert not readable(path)


def test_keys_follow_sqlcipher_defaults(tmp_path: Path) -> None:
    """Our cached raw keys equal SQLCipher's own derivation (PBKDF2-HMAC-SHA512, 256,000)."""
    path = make_journal(tmp_path / "journal.twitchlog")
    protection.protect(path, SECRET)
    module = cipher.require()
    conn = module.connect(str(path))
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = '{SECRET}'")
    assert conn.execute("PRAGMA kdf_iter").fetchone()[0] == "256000"
    assert conn.execute("PRAGMA cipher_kdf_algorithm").fetchone()[0] == "PBKDF2_HMAC_SHA512"
    assert conn.execute("SELECT count(*) FROM episodes").fetchone()[0] == 3
    conn.close()


def test_both_bindings_errors_are_caught(tmp_path: Path) -> None:
    path = make_journal(tmp_path / "journal.twitchlog")
    protection.protect(path, SECRET)
    with Journal.open(path) as journal:
        with pytest.raises(dbapi.sql_error()):
            journal.db.execute("SELECT nothing FROM nowhere")
        assert not isinstance(journal.db.conn, __import__("sqlite3").Connection)
