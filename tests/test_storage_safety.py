"""Risky places for a journal: cloud-sync folders and network file systems, warned once."""

from __future__ import annotations

from pathlib import Path

import pytest

from twitchlog.store import Journal
from twitchlog.store.safety import (
    network_fs_type,
    remember_storage_warning,
    storage_risk,
    storage_warning_due,
    sync_service,
)

MOUNTS = """\
sysfs /sys sysfs rw,nosuid 0 0
/dev/sda1 / ext4 rw,relatime 0 0
server:/export/home /home nfs4 rw,vers=4.2 0 0
//nas/share /mnt/nas cifs rw,vers=3.0 0 0
me@box:/data /mnt/box\\040files fuse.sshfs rw 0 0
/dev/sdb1 /home/me/local ext4 rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.mark.parametrize(("path", "service"), [
    ("/home/me/Dropbox/health/journal.twitchlog", "Dropbox"),
    ("/Users/me/Dropbox (Personal)/journal.twitchlog", "Dropbox"),
    ("C:/Users/me/OneDrive/Documents/journal.twitchlog", "OneDrive"),
    ("C:/Users/me/OneDrive - Contoso/journal.twitchlog", "OneDrive"),
    ("/Users/me/Library/CloudStorage/GoogleDrive-me@example.com/My Drive/j.twitchlog",
     "Google Drive"),
    ("G:/My Drive/journal.twitchlog", "Google Drive"),
    ("/Users/me/Library/Mobile Documents/com~apple~CloudDocs/j.twitchlog", "iCloud Drive"),
    ("C:/Users/me/iCloudDrive/journal.twitchlog", "iCloud Drive"),
    ("/home/me/Nextcloud/journal.twitchlog", "Nextcloud"),
])
def test_sync_folders_are_recognised(path: str, service: str) -> None:
    assert sync_service(path) == service


@pytest.mark.parametrize("path", [
    "/home/me/.local/share/TwitchLog/journal.twitchlog",
    "/home/me/Documents/dropbox-notes.txt/../journal.twitchlog",
    "/home/me/Dropbox.twitchlog",  # the file's own name is not a folder
    "/home/me/Boxes/journal.twitchlog",
])
def test_ordinary_folders_are_not_sync_folders(path: str) -> None:
    assert sync_service(path) is None


@pytest.mark.parametrize(("path", "fs_type"), [
    ("/home/me/journal.twitchlog", "nfs4"),
    ("/mnt/nas/j.twitchlog", "cifs"),
    ("/mnt/box files/j.twitchlog", "fuse.sshfs"),
    ("/home/me/local/j.twitchlog", None),  # a local disk mounted inside the NFS home
    ("/tmp/j.twitchlog", None),
    ("/var/j.twitchlog", None),
])
def test_network_file_systems_from_the_mount_table(path: str, fs_type: str | None) -> None:
    assert network_fs_type(path, mounts_text=MOUNTS) == fs_type


def test_this_machines_test_folder_is_local(tmp_path: Path) -> None:
    assert storage_risk(tmp_path / "journal.twitchlog") is None


def test_risk_message_explains_and_suggests_backups_there() -> None:
    risk = storage_risk("/home/me/Dropbox/journal.twitchlog", mounts_text="")
    assert risk is not None and risk.kind == "sync"
    text = risk.message(Path("/home/me/Dropbox/journal.twitchlog"))
    assert "Dropbox" in text and "backups there" in text and "local folder" in text
    network = storage_risk("/mnt/nas/j.twitchlog", mounts_text=MOUNTS)
    assert network is not None and "network drive (cifs)" in network.message(Path("/x"))


def test_warning_is_due_once_per_location(tmp_path: Path) -> None:
    path = tmp_path / "Dropbox" / "journal.twitchlog"
    with Journal.open(path) as journal:
        assert storage_warning_due(journal) is not None
        remember_storage_warning(journal)
        assert storage_warning_due(journal) is None
    moved = tmp_path / "OneDrive" / "journal.twitchlog"
    moved.parent.mkdir()
    path.rename(moved)
    with Journal.open(moved) as journal:  # a new risky place: warned again
        risk = storage_warning_due(journal)
        assert risk is not None and risk.service == "OneDrive"


def test_cli_warns_once_on_stderr(tmp_path: Path, capsys) -> None:
    from twitchlog.cli import main

    db = str(tmp_path / "Google Drive" / "journal.twitchlog")
    assert main(["--db", db, "log", "calf"]) == 0
    assert "Google Drive" in capsys.readouterr().err
    assert main(["--db", db, "log", "calf"]) == 0
    assert "Google Drive" not in capsys.readouterr().err
