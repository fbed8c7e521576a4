#!/usr/bin/env bash
# Installs the Debian packages Inspector App needs on a fresh Debian 12 machine. Installing packages
# needs root: it uses sudo when not run as root (minimal Debian has no sudo: run it as root).
#
#   install-deps.sh             everything the test suite needs (what the README's test command and
#                               .ci/run use): the app's packages and the test-only ones below
#   install-deps.sh --runtime   only what the app needs to run: Python's venv, Qt's shared libraries
#                               and a font
#   --list                      print the packages that would be checked, one a line, and install nothing
#
# Test-only: Xvfb for a virtual display, poppler-utils to look at exported PDFs, LibreOffice (headless)
# to open exported .docx files as Word users will, PostgreSQL for the regional store's tests (a laptop
# reaches a store through psycopg, with no server of its own), AT-SPI and a session bus for the
# screen-reader tests, and a German locale to show dates stay English.
set -euo pipefail

runtime=(
  python3-venv
  libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
)
test_only=(
  xvfb xauth
  poppler-utils binutils
  libreoffice-writer-nogui
  postgresql postgresql-contrib
  at-spi2-core python3-pyatspi dbus-x11
  locales
)

mode=full
list=false
for arg in "$@"; do
  case "$arg" in
    --runtime) mode=runtime ;;
    --list) list=true ;;
    *) echo "install-deps.sh: unknown option $arg: use --runtime for the app's packages only, or no option" \
            "for everything the tests need (--list prints them)." >&2
       exit 2 ;;
  esac
done
packages=("${runtime[@]}")
if [ "$mode" = full ]; then
  packages+=("${test_only[@]}")
fi
if $list; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

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
  if [ "$mode" = full ] && ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
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
