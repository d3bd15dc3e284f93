"""Load the heavy libraries behind Insights and Report while the user is still on Today.

The window opens without numpy, scipy, matplotlib or fpdf2 (start-up stays quick); a
couple of seconds later a plain background thread imports them, so the first visit to
Insights takes a fraction of a second instead of well over one. The thread touches no
Qt object, so closing the window while it runs is harmless.
"""

from __future__ import annotations

import sys
import threading

# Long enough for the window to paint and the user to start logging first.
IDLE_DELAY_MS = 2000
HEAVY_MODULES = ("scipy.special", "matplotlib.figure", "matplotlib.backends.backend_qtagg")

_started = threading.Event()


def import_heavy_modules() -> None:
    """Import what the first analysis, chart and report need."""
    import matplotlib.figure  # noqa: F401
    import scipy.special  # noqa: F401  (what the statistics use; scipy.stats is not needed)
    from matplotlib.backends import backend_qtagg  # noqa: F401

    import twitchlog.analysis.associations
    import twitchlog.charts.gallery  # noqa: F401


def needs_warm_up() -> bool:
    """True while any of the heavy modules is still unloaded."""
    return any(name not in sys.modules for name in HEAVY_MODULES)


def start_warm_up() -> bool:
    """Begin the background imports once per process; False if nothing was started."""
    if _started.is_set() or not needs_warm_up():
        return False
    _started.set()
    threading.Thread(target=_import_quietly, name="twitchlog-warm-up", daemon=True).start()
    return True


def _import_quietly() -> None:
    # A failure here only means the first visit imports again and reports it there.
    try:
        import_heavy_modules()
    except Exception:
        return
