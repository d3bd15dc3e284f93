"""Where a journal is stored, and whether that place is risky for a live SQLite file.

Cloud-sync clients (Dropbox, OneDrive, Google Drive, iCloud Drive, ...) copy files while
they are being written and may bring back an old copy or split the file from its
``-wal``; network file systems often get SQLite's locking wrong. Both can silently damage
a journal, so the app warns once per journal location and suggests keeping only the
backups there. Also here: the single-instance lock file's location and whether the
app holding it still runs (the command line checks it before a restore).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from twitchlog.store.journal import Journal

#: Folder names that sync clients create, lower-cased, with the service they belong to.
SYNC_FOLDER_NAMES: dict[str, str] = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
    "box": "Box",
    "box sync": "Box",
    "pcloud drive": "pCloud",
    "mega": "MEGA",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "seafile": "Seafile",
    "sync": "Sync.com",
    "yandex.disk": "Yandex Disk",
}
#: Prefixes used by sync clients for per-account folders ("OneDrive - Contoso",
#: "GoogleDrive-me@example.com" under macOS's ~/Library/CloudStorage).
SYNC_FOLDER_PREFIXES: tuple[tuple[str, str], ...] = (
    ("dropbox (", "Dropbox"),
    ("dropbox-", "Dropbox"),
    ("onedrive - ", "OneDrive"),
    ("onedrive-", "OneDrive"),
    ("googledrive-", "Google Drive"),
    ("box-", "Box"),
)

#: Linux file system types that live on another machine.
NETWORK_FS_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "fuse.sshfs", "sshfs",
    "afs", "ncpfs", "9p", "ceph", "glusterfs", "fuse.glusterfs", "fuse.rclone",
    "davfs", "fuse.davfs2", "webdav", "fuse.s3fs", "lustre", "gpfs", "fuse.gvfsd-fuse",
})
#: macOS/BSD ``mount`` type names of network volumes.
BSD_NETWORK_FS_TYPES = frozenset({"smbfs", "nfs", "afpfs", "webdav", "osxfuse", "macfuse"})

WARNING_SETTING = "storage_warning_shown_for"


@dataclass(frozen=True, slots=True)
class StorageRisk:
    """Why the journal's folder is risky: ``kind`` is ``"sync"`` or ``"network"``."""

    kind: str
    service: str  # "Dropbox", "a network drive (nfs4)", ...

    @property
    def title(self) -> str:
        if self.kind == "sync":
            return f"Your journal is in a {self.service} folder"
        return "Your journal is on a network drive"

    def message(self, journal_path: Path) -> str:
        where = f"{self.service} folder" if self.kind == "sync" else self.service
        return (
            f"The journal {journal_path} is stored in a {where}. "
            "Sync services and network drives can copy a journal while TwitchLog is "
            "writing it, bring back an older copy, or separate it from its companion "
            "files, and that can damage it or lose recent entries.\n\n"
            "Keep the journal in a local folder (the default location is safest) and, "
            "if you want a copy in the cloud, put the backups there instead: "
            "\"twitchlog backup --out PATH\" writes a consistent copy anywhere."
        )


def sync_service(path: Path | str) -> str | None:
    """The sync service whose folder contains ``path`` (by folder names), if any."""
    for part in PurePath(os.path.abspath(os.fspath(path))).parts[:-1]:
        name = part.strip().lower()
        if name in SYNC_FOLDER_NAMES:
            return SYNC_FOLDER_NAMES[name]
        for prefix, service in SYNC_FOLDER_PREFIXES:
            if name.startswith(prefix):
                return service
    return None


def network_fs_type(path: Path | str, *, mounts_text: str | None = None) -> str | None:
    """The network file system type holding ``path``, or ``None`` for local storage.

    Linux reads ``/proc/mounts`` (``mounts_text`` lets tests pass their own);
    macOS and the BSDs parse ``mount``; Windows asks ``GetDriveTypeW``.
    """
    target = os.path.realpath(os.path.abspath(os.fspath(path)))
    if os.name == "nt":
        return _windows_network_type(target)
    if mounts_text is None and sys.platform.startswith("linux"):
        try:
            with open("/proc/mounts", encoding="utf-8", errors="replace") as handle:
                mounts_text = handle.read()
        except OSError:
            return None
        return _linux_fs_type(target, mounts_text)
    if mounts_text is not None:
        return _linux_fs_type(target, mounts_text)
    return _bsd_network_type(target)


def _linux_fs_type(target: str, mounts_text: str) -> str | None:
    best, best_type = "", None
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = _unescape_mount(fields[1])
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, best_type = mount_point, fields[2]
    if best_type is None:
        return None
    fs_type = best_type.lower()
    if fs_type in NETWORK_FS_TYPES or fs_type.startswith(("nfs", "smb", "cifs")):
        return fs_type
    return None


def _unescape_mount(text: str) -> str:
    """``/proc/mounts`` writes spaces and tabs in mount points as octal escapes."""
    return (text.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n")
            .replace("\\134", "\\"))


def _bsd_network_type(target: str) -> str | None:
    import subprocess  # only on macOS and BSD, and only here: kept out of start-up

    try:
        out = subprocess.run(["mount"], capture_output=True, text=True, timeout=2,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    best, best_type = "", None
    for line in out.splitlines():
        # "//me@server/share on /Volumes/share (smbfs, nodev, nosuid, mounted by me)"
        if " on " not in line or "(" not in line:
            continue
        mount_point = line.split(" on ", 1)[1].rsplit(" (", 1)[0]
        fs_type = line.rsplit("(", 1)[1].split(",")[0].strip(" )").lower()
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, best_type = mount_point, fs_type
    return best_type if best_type in BSD_NETWORK_FS_TYPES else None


def _windows_network_type(target: str) -> str | None:
    if target.startswith("\\\\"):
        return "network share"
    try:
        import ctypes

        drive_remote = 4
        root = os.path.splitdrive(target)[0] + "\\"
        kind = ctypes.windll.kernel32.GetDriveTypeW(root)  # type: ignore[attr-defined]
    except (OSError, AttributeError):
        return None
    return "network drive" if kind == drive_remote else None


def storage_risk(path: Path | str, *, mounts_text: str | None = None) -> StorageRisk | None:
    """The reason to warn about where ``path`` is stored, or ``None`` if it looks local."""
    service = sync_service(path)
    if service is not None:
        return StorageRisk("sync", service)
    fs_type = network_fs_type(Path(path).parent, mounts_text=mounts_text)
    if fs_type is not None:
        return StorageRisk("network", f"a network drive ({fs_type})")
    return None


def storage_warning_due(journal: Journal, *, mounts_text: str | None = None
                        ) -> StorageRisk | None:
    """The risk to warn about now, once per journal location (remembered in the journal)."""
    risk = storage_risk(journal.path, mounts_text=mounts_text)
    if risk is None:
        return None
    where = _location_key(journal.path)
    if journal.settings.get(WARNING_SETTING) == where:
        return None
    return risk


def remember_storage_warning(journal: Journal) -> None:
    """Record that the warning for this location was shown (best effort)."""
    from twitchlog.store.errors import JournalError

    with contextlib.suppress(JournalError):
        journal.settings.set(WARNING_SETTING, _location_key(journal.path))


FOLDER_WARNING_SETTING = "open_folder_warning_shown_for"


def folder_warning_due(journal: Journal) -> str | None:
    """Once per journal location: the folder holding it may be read by other users.

    TwitchLog never changes the mode of a folder it did not create (it may be shared
    on purpose), but the journal inside is private; the user should know."""
    from twitchlog.paths import folder_open_to_others

    folder = journal.path.parent
    if not folder_open_to_others(folder):
        return None
    if journal.settings.get(FOLDER_WARNING_SETTING) == _location_key(journal.path):
        return None
    return (f"the folder {folder} can be listed by other users of this computer; the "
            "journal and its backups are private (0600), but their names show. Keep the "
            "journal in a private folder, such as the default one.")


def remember_folder_warning(journal: Journal) -> None:
    """Record that the folder warning was shown (best effort)."""
    from twitchlog.store.errors import JournalError

    with contextlib.suppress(JournalError):
        journal.settings.set(FOLDER_WARNING_SETTING, _location_key(journal.path))


def _location_key(path: Path) -> str:
    return os.path.realpath(os.path.abspath(os.fspath(path)))


# --- the single-instance lock ------------------------------------------------------------


def instance_lock_path(journal_path: Path | str) -> Path:
    """The app's lock file for a journal: ``.<journal name>.lock`` in its folder."""
    path = Path(journal_path)
    return path.with_name(f".{path.name}.lock")


def instance_server_name(journal_path: Path | str) -> str:
    """A local-socket name unique to this user and journal file."""
    key = _location_key(Path(journal_path))
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = hashlib.sha256(f"{user}\0{key}".encode()).hexdigest()[:24]
    return f"twitchlog-{digest}"


def running_app_pid(journal_path: Path | str) -> int | None:
    """The pid of a live TwitchLog app holding this journal's lock, or ``None``.

    Reads the lock file Qt's ``QLockFile`` writes (pid, app name, host on separate
    lines); a lock left by a crashed app (dead pid) does not count.
    """
    try:
        lines = instance_lock_path(journal_path).read_text(errors="replace").splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None
    host = lines[2] if len(lines) > 2 else ""
    if host and host != platform.node():
        return pid  # held from another machine (shared folder): assume it is alive
    if pid <= 0 or pid == os.getpid():
        return None
    if os.name == "nt":
        return pid if _windows_process_alive(pid) else None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    except OSError:
        return None
    return pid


def _windows_process_alive(pid: int) -> bool:
    import ctypes

    still_active = 259
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return bool(ok) and code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
