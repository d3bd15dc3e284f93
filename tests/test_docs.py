"""The README's command-line section names every sub-command and option the parser has.

A new option that nobody documented fails here, as sqlite-utils' ``test_docs.py`` does.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from twitchlog.cli import build_parser

README = Path(__file__).resolve().parents[1] / "README.md"


def _command_line_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Command line\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> list[str]:
    """Long options (``--db``), and short ones that have no long spelling; not ``--help``."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction) or not action.option_strings:
            continue
        long = [o for o in action.option_strings if o.startswith("--")]
        found.extend(long or action.option_strings[:1])
    return found


def _registered() -> list[tuple[str, str]]:
    """(sub-command, option) pairs; the sub-command is "" for the program's own options."""
    parser = build_parser()
    pairs = [("", option) for option in _options(parser)]
    for name, sub in _subcommands(parser).items():
        pairs.append((name, ""))
        pairs.extend((name, option) for option in _options(sub))
    return pairs


def _mentioned(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def _usage(section: str) -> dict[str, str]:
    """Each sub-command's usage in the code block, continuation lines included."""
    block = section.split("```")[1]
    usage: dict[str, str] = {}
    command = ""
    for line in block.splitlines():
        match = re.match(r"twitchlog (?:\[--db PATH\] ?)?([a-z][\w-]*)?", line)
        if match:
            command = match.group(1) or ""
        usage[command] = usage.get(command, "") + line + "\n"
    return usage


def _bullets(section: str, command: str) -> str:
    """The bullets below the usage that speak of ``command`` (`` `log` ``, `` `restore PATH` ``)."""
    paragraphs = re.split(r"^- ", section.split("```")[2], flags=re.MULTILINE)
    return "\n".join(p for p in paragraphs if re.search(rf"`{re.escape(command)}[` ]", p))


def test_the_parser_has_the_commands_users_rely_on() -> None:
    names = {name for name, option in _registered() if not option}
    assert {"log", "day", "list", "export", "import", "stats", "report", "backup",
            "restore", "demo"} <= names


@pytest.mark.parametrize(("command", "option"), _registered(),
                         ids=[f"{c} {o}".strip() for c, o in _registered()])
def test_documented_in_readme(command: str, option: str) -> None:
    section = _command_line_section()
    usage = _usage(section)
    where = f"twitchlog {command} {option}".replace("  ", " ").strip()
    if not option:
        assert command in usage, f"`{where}` is missing from README.md's Command line usage"
        return
    text = section if not command else usage.get(command, "") + _bullets(section, command)
    assert _mentioned(option, text), f"`{where}` is missing from README.md's Command line"
