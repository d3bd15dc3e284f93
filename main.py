"""Run TwitchLog from a source checkout: ``python main.py`` (same as ``twitchlog``)."""

import sys

from twitchlog.cli import main

if __name__ == "__main__":
    sys.exit(main())
