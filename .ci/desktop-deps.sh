#!/usr/bin/env bash
# The launcher files are checked with the freedesktop validators (desktop-file-utils,
# appstream). Install them from Debian only when they are missing and we are allowed to.
set -uo pipefail
need=()
command -v desktop-file-validate >/dev/null || need+=(desktop-file-utils)
command -v appstreamcli >/dev/null || need+=(appstream)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${need[*]} from Debian" >&2
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
    echo "Please install: ${need[*]} (the desktop-entry tests need them)" >&2
fi
