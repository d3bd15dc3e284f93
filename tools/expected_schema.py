"""Regenerate ``twitchlog/store/expected_schema.py`` from the migrations (``make schema``).

Run it after adding a migration; ``tests/test_expected_schema.py`` fails until you do.
"""

from __future__ import annotations

import sys
from pathlib import Path

from twitchlog.store.schema_check import expected_schema_source

TARGET = Path(__file__).resolve().parents[1] / "twitchlog" / "store" / "expected_schema.py"


def main() -> int:
    TARGET.write_text(expected_schema_source(), encoding="utf-8")
    print(f"Wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
