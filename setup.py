"""Packaging that pyproject.toml alone cannot say: ``resources/`` ships as ``twitchlog.resources``.

The repository keeps the app's pictures in one top-level ``resources/`` folder (the README
shows its screenshots). Mapping it to the package ``twitchlog.resources`` puts it inside the
wheel, the sdist, an editable install (setuptools maps the name to this folder) and a frozen
bundle alike, where :mod:`twitchlog.assets` finds it with ``importlib.resources``.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["twitchlog", "twitchlog.*"]),
              "twitchlog.resources", "twitchlog.resources.desktop", "twitchlog.resources.icons",
              "twitchlog.resources.icons.hicolor"],
    package_dir={"twitchlog.resources": "resources"},
)
