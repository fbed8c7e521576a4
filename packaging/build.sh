#!/usr/bin/env bash
# Builds the desktop app with PyInstaller into dist/inspector-app/ and runs its self-test.
# Linux (Debian 12); the same spec builds on Windows and macOS: see docs/packaging.md.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/debian/install-deps.sh
python3 -m venv .venv-build
.venv-build/bin/pip install -q --upgrade pip
.venv-build/bin/pip install -q . "pyinstaller>=6.10"

start=$(date +%s)
.venv-build/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/pyinstaller/inspector-app.spec
echo "Built dist/inspector-app in $(( $(date +%s) - start )) s; size $(du -sh dist/inspector-app | cut -f1)."

QT_QPA_PLATFORM=offscreen dist/inspector-app/inspector-app --self-test
