"""The tools that keep the layers apart stay switched on, and their exemptions only shrink.

``make test`` runs ``lint-imports`` and ``mypy``; these tests keep their configuration
from being loosened quietly.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"

#: Modules mypy may skip. Lower this when one is fixed; never raise it.
MAX_MYPY_EXEMPTIONS = 0
STRICT_PACKAGES = {"twitchlog.domain", "twitchlog.validation", "twitchlog.store.*",
                   "twitchlog.analysis.*", "twitchlog.exchange.*"}


def _tool(name: str) -> Any:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"][name]


def _overrides() -> list[dict[str, Any]]:
    overrides: list[dict[str, Any]] = _tool("mypy").get("overrides", [])
    return overrides


def _modules(override: dict[str, Any]) -> list[str]:
    modules = override["module"]
    return [modules] if isinstance(modules, str) else list(modules)


def test_mypy_exemptions_only_shrink() -> None:
    exempt = [m for o in _overrides() if o.get("ignore_errors") for m in _modules(o)]
    assert len(exempt) <= MAX_MYPY_EXEMPTIONS, f"new mypy exemptions: {exempt}"
    assert not [m for m in exempt if not m.startswith("twitchlog.ui.")], (
        "only Qt modules may be exempt (where PySide6's stubs fall short)")


def test_pure_packages_are_strict_and_every_ignore_names_its_code() -> None:
    config = _tool("mypy")
    strict = {m for o in _overrides() if o.get("strict") for m in _modules(o)}
    assert strict >= STRICT_PACKAGES
    assert config["disallow_untyped_defs"] and config["warn_unused_ignores"]
    assert "ignore-without-code" in config["enable_error_code"]


def test_layer_contracts_cover_every_top_level_part() -> None:
    """A new package or module under ``twitchlog/`` must be placed in the layers."""
    contracts = _tool("importlinter")["contracts"]
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    placed = {part.strip() for layer in layers for part in layer.split("|")}
    package = PYPROJECT.parent / "twitchlog"
    parts = {f"twitchlog.{p.stem}" for p in package.iterdir()
             if (p.is_dir() and (p / "__init__.py").exists())
             or (p.suffix == ".py" and not p.stem.startswith("__"))}
    assert parts <= placed, f"not in any layer: {sorted(parts - placed)}"
    qt_free = next(c for c in contracts if "PySide6" in c.get("forbidden_modules", [])
                   and not c.get("allow_indirect_imports"))
    assert set(qt_free["source_modules"]) == placed - {"twitchlog.ui", "twitchlog.cli"}


def test_no_method_is_left_to_raise_not_implemented() -> None:
    """Interfaces are protocols that the type checker holds implementations to (for
    example ``ui.reminder_controller.Notifier``), never base methods that fail at run time."""
    package = PYPROJECT.parent / "twitchlog"
    stubs = [str(path.relative_to(package.parent)) for path in sorted(package.rglob("*.py"))
             if "raise NotImplementedError" in path.read_text(encoding="utf-8")]
    assert stubs == []
