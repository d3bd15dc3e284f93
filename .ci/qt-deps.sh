#!/usr/bin/env bash
# Offscreen Qt needs a few shared libraries that a bare machine may lack.
# Install them from Debian only when they are missing and we are allowed to.
set -uo pipefail
missing=()
for lib in libEGL.so.1 libfontconfig.so.1 libxkbcommon.so.0 libglib-2.0.so.0 libdbus-1.so.3 libGL.so.1; do
    ldconfig -p 2>/dev/null | grep -q "$lib" || missing+=("$lib")
done
# The reminder's desktop-notification tests start a private session bus.
command -v dbus-daemon >/dev/null || missing+=("dbus-daemon")
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Qt needs: ${missing[*]}; installing from Debian" >&2
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq --no-install-recommends \
        libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3 dbus-daemon fonts-dejavu-core >/dev/null
else
    echo "Please install: libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3 dbus-daemon" >&2
fi
