"""TwitchLog: a private desktop journal for muscle twitches."""

from __future__ import annotations

from functools import cache

APP_NAME = "TwitchLog"
#: The reverse-DNS id: the desktop entry's and AppStream file's name, and the desktop file
#: name the app announces so that docks group its windows under its launcher.
APP_ID = "io.github.twitchlog.TwitchLog"


@cache
def version() -> str:
    """The installed package's version: ``pyproject.toml`` is its one source.

    Read from the package metadata (wheel, editable install and frozen bundle all carry it);
    a bare source tree that was never installed says so rather than guessing.
    """
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as metadata_version

    try:
        return metadata_version("twitchlog")
    except PackageNotFoundError:
        return "0+unknown"


def __getattr__(name: str) -> str:
    """``twitchlog.__version__``, read lazily so start-up does not pay for the metadata."""
    if name == "__version__":
        return version()
    raise AttributeError(f"module 'twitchlog' has no attribute {name!r}")
