"""The bundle's entry point: the same as the installed ``twitchlog`` command."""

import os
import sys

from twitchlog.cli import main

if __name__ == "__main__":
    if not any(os.environ.get(name) for name in ("LC_ALL", "LC_CTYPE", "LANG")):
        # What Python's own start-up does for an unset locale (PEP 538), which a frozen
        # interpreter skips; Qt would otherwise warn that "C" is not UTF-8.
        os.environ["LC_CTYPE"] = "C.UTF-8"
    sys.exit(main())
