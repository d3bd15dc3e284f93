"""What a screen reader sees of a running TwitchLog, read over AT-SPI.

Run with the system Python that has pyatspi (Debian: python3-pyatspi), inside the same
D-Bus session as the app, which must be started with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1.
``tools/atspi_run.sh`` does all of that under Xvfb. Prints the focusable controls with
their role, name and description, then the body map's regions, and exits 1 when a
focusable control has no name.
"""

from __future__ import annotations

import sys
import time

import pyatspi  # type: ignore[import-not-found]


def find_app(name: str, timeout: float = 30.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and name.lower() in (app.name or "").lower():
                return app
        time.sleep(0.5)
    raise SystemExit(f"no application named {name!r} on the accessibility bus")


def walk(node: object, depth: int = 0) -> list[tuple[int, object]]:
    out = [(depth, node)]
    try:
        count = node.childCount  # type: ignore[attr-defined]
    except Exception:  # a node that vanished while walking
        return out
    for i in range(min(count, 400)):
        child = node.getChildAtIndex(i)  # type: ignore[attr-defined]
        if child is not None:
            out.extend(walk(child, depth + 1))
    return out


def main() -> int:
    app = find_app(sys.argv[1] if len(sys.argv) > 1 else "twitchlog")
    unnamed = 0
    shown = 0
    for depth, node in walk(app):
        states = node.getState()  # type: ignore[attr-defined]
        if not states.contains(pyatspi.STATE_FOCUSABLE) or \
                not states.contains(pyatspi.STATE_SHOWING):
            continue
        role = node.getRoleName()  # type: ignore[attr-defined]
        name = node.name or ""  # type: ignore[attr-defined]
        description = node.description or ""  # type: ignore[attr-defined]
        if role in ("table cell", "list item", "page tab", "menu item"):
            continue  # items of a named list or table
        shown += 1
        if not name.strip():
            unnamed += 1
        print(f"{'  ' * min(depth, 6)}{role}: {name!r} — {description[:70]!r}")
    for _depth, node in walk(app):
        if (node.name or "") == "Body map":  # type: ignore[attr-defined]
            regions = [node.getChildAtIndex(i).name  # type: ignore[attr-defined]
                       for i in range(node.childCount)]  # type: ignore[attr-defined]
            print(f"Body map ({node.getRoleName()}): {len(regions)} regions: "  # type: ignore[attr-defined]
                  + ", ".join(regions[:12]) + ", …")
            break
    print(f"{shown} focusable controls shown, {unnamed} without a name")
    return 1 if unnamed else 0


if __name__ == "__main__":
    sys.exit(main())
