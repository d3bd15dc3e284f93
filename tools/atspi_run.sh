#!/bin/sh
# Start TwitchLog on a demo journal under Xvfb + openbox with accessibility on, and print
# what AT-SPI (a screen reader's view) sees: tools/atspi_check.py. Debian packages:
# xvfb openbox at-spi2-core python3-pyatspi dbus-x11. Usage: dbus-run-session -- tools/atspi_run.sh
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
export TWITCHLOG_DB="$work/journal.twitchlog" DISPLAY="${ATSPI_DISPLAY:-:91}"
mkdir -p "$HOME"
"$here/.venv/bin/twitchlog" demo --days 60 > /dev/null
Xvfb "$DISPLAY" -screen 0 1366x768x24 > /dev/null 2>&1 & xvfb=$!
sleep 1
openbox > /dev/null 2>&1 & wm=$!
/usr/libexec/at-spi-bus-launcher --launch-immediately > /dev/null 2>&1 & bus=$!
sleep 1
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_QPA_PLATFORM=xcb "$here/.venv/bin/twitchlog" \
    > "$work/app.log" 2>&1 & app=$!
status=0
/usr/bin/python3 "$here/tools/atspi_check.py" twitchlog || status=$?
kill "$app" "$bus" "$wm" "$xvfb" 2> /dev/null || true
rm -rf "$work"
exit "$status"
