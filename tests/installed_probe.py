"""Run by an installed TwitchLog's own Python: open the window offscreen, report what loaded.

Used by ``test_package.py`` (fresh virtual environment) and ``test_dist.py`` (the bundle's
interpreter is not reachable, so it runs the bundle instead). Prints one JSON line.
"""

import json
import sys

from PySide6.QtCore import QSettings

QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])

import twitchlog  # noqa: E402
from twitchlog.ui import app_settings  # noqa: E402
from twitchlog.ui.app import create_application, open_main_window  # noqa: E402
from twitchlog.ui.body_map_widget import BodyMapWidget  # noqa: E402
from twitchlog.ui.resources import icon  # noqa: E402

application = create_application(["twitchlog"])
app_settings.set_value(app_settings.WELCOME_DONE, True)
window = open_main_window(sys.argv[1])
for _ in range(5):
    application.processEvents()
maps = window.findChildren(BodyMapWidget) if window is not None else []
print(json.dumps({
    "package_file": twitchlog.__file__,
    "version": twitchlog.__version__,
    "shown": window is not None and window.isVisible(),
    "body_map_regions": max((len(m.element_ids()) for m in maps), default=0),
    "app_icon_sizes": sorted(s.width() for s in application.windowIcon().availableSizes()),
    "window_icon": window is not None and not window.windowIcon().isNull(),
    "view_icons": [name for name in ("today", "journal", "insights", "report")
                   if not icon(name).isNull()],
    "desktop_file_name": application.desktopFileName(),
}))
if window is not None:
    window.close()
