#!/usr/bin/env bash
# `make dist-check` starts the bundle on a virtual X server: Xvfb, and the X11 client
# libraries Qt's xcb plugin loads (PySide6 does not ship them). Debian packages, installed
# only when missing and when we may.
set -uo pipefail
pkgs=(xvfb x11-utils libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
      libxcb-util1 libxkbcommon-x11-0 libxcb-randr0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1
      libxcb-sync1 libxcb-shm0 libx11-xcb1)
need=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${need[*]} from Debian" >&2
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
    echo "Please install: ${need[*]}" >&2
    exit 1
fi
