#!/usr/bin/env bash
# Installs the Debian packages Inspector App needs on a fresh Debian 12 machine:
# Qt's shared libraries (also for offscreen use), a font, X11/Xvfb for a real window, and
# poppler-utils to look at exported PDFs; LibreOffice (headless) to open exported .docx files as
# Word users will; PostgreSQL for the regional store and its tests; AT-SPI and a session bus for
# the screen-reader tests. Uses sudo when not run as root (minimal Debian has no sudo: run it as root).
set -euo pipefail

packages=(
  python3-venv
  libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 xvfb xauth
  poppler-utils binutils
  libreoffice-writer-nogui
  postgresql postgresql-contrib
  at-spi2-core python3-pyatspi dbus-x11
  locales
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "This needs root: run packaging/debian/install-deps.sh as root (there is no sudo here)." >&2
    exit 1
  fi
}

# A non-English locale, so the tests can show dates stay English whatever the machine's language.
ensure_test_locale() {
  if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
    as_root localedef -i de_DE -f UTF-8 de_DE.UTF-8
  fi
}

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  ensure_test_locale
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq
as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
ensure_test_locale
