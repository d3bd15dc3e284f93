"""``python -m twitchlog``: the same as the ``twitchlog`` command."""

from twitchlog.cli import main

raise SystemExit(main())
