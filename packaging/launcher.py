"""The bundle's entry point: the same as the installed ``twitchlog`` command."""

import sys

from twitchlog.cli import main

if __name__ == "__main__":
    sys.exit(main())
