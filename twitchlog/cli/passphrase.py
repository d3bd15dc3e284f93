"""Getting a passphrase on the command line: from the terminal without echo, or from a
file named by an environment variable (for scripts); never from an argument, which
other users can read in the process list and the shell's history."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from twitchlog.cli.common import CommandError
from twitchlog.store import JournalError, cipher

PASSPHRASE_FILE_ENV = "TWITCHLOG_PASSPHRASE_FILE"
NEW_PASSPHRASE_FILE_ENV = "TWITCHLOG_NEW_PASSPHRASE_FILE"


def ask(prompt: str, env: str = PASSPHRASE_FILE_ENV) -> str:
    """The passphrase from the file named by ``env``, else typed without echo."""
    named = os.environ.get(env)
    if named:
        return _from_file(Path(named).expanduser(), env)
    if not sys.stdin.isatty():
        raise CommandError(f"a passphrase is needed: run this in a terminal, or set {env} "
                           "to a file holding it")
    import getpass

    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise CommandError("no passphrase was given; nothing was changed") from None


def ask_new(env: str) -> str:
    """A new passphrase: from the file named by ``env``, or typed twice (they must match)."""
    if os.environ.get(env):
        passphrase = ask("", env)
    else:
        passphrase = ask("New passphrase: ", env)
        if ask("The same passphrase again: ", env) != passphrase:
            raise CommandError("the two passphrases differ; nothing was changed")
    if not passphrase:
        raise CommandError("the passphrase is empty; nothing was changed")
    return passphrase


def _from_file(path: Path, env: str) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise CommandError(f"cannot read the passphrase file {path} (named by {env}): "
                           f"{reason}") from None
    passphrase = text[:-1] if text.endswith("\n") else text
    passphrase = passphrase[:-1] if passphrase.endswith("\r") else passphrase
    if not passphrase:
        raise CommandError(f"the passphrase file {path} (named by {env}) is empty")
    return passphrase


def unlock(path: Path) -> None:
    """Before a command reads a protected journal: ask for its passphrase and check it."""
    if not cipher.is_protected_file(path) or cipher.passphrase_for(path) is not None:
        return
    if not cipher.available():
        raise CommandError(f"{path} is protected with a passphrase (or is not a TwitchLog "
                           f"journal). {cipher.INSTALL_HINT}")
    passphrase = ask(f"Passphrase for {path.name}: ")
    try:
        cipher.unlock(path, passphrase)
    except JournalError as exc:
        raise CommandError(str(exc)) from None
