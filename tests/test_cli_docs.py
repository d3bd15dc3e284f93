"""The README's command-line section names every sub-command and option (docs cannot drift)."""

from __future__ import annotations

import argparse
from pathlib import Path

from twitchlog.cli import build_parser

README = Path(__file__).resolve().parent.parent / "README.md"


def _command_line_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Command line")
    return text[start:text.index("\n## ", start + 1)]


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {flag for action in parser._actions for flag in action.option_strings
            if flag.startswith("--") and flag != "--help"}


def test_every_command_and_option_is_in_the_readme() -> None:
    section = _command_line_section()
    parser = build_parser()
    missing = [f"twitchlog {flag}" for flag in sorted(_options(parser))
               if f"twitchlog {flag}" not in section and f"`{flag}" not in section]
    subparsers = next(a for a in parser._actions
                      if isinstance(a, argparse._SubParsersAction))
    for name, sub in subparsers.choices.items():
        usage = next((line for line in section.splitlines()
                      if line.startswith(f"twitchlog {name}")), None)
        if usage is None:
            missing.append(f"twitchlog {name}")
            continue
        block = section[section.index(usage):].split("\ntwitchlog ", 1)[0]
        missing += [f"{name} {flag}" for flag in sorted(_options(sub)) if flag not in block]
    assert missing == []
