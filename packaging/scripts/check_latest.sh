#!/usr/bin/env bash
# Tries the newest releases that pyproject.toml's ranges allow, in a throwaway environment, and runs
# the whole suite on them. Nothing in the checkout changes: if the suite passes, move the lock on
# deliberately with `bash packaging/scripts/lock.sh --upgrade` and commit it; if not, the failures say
# what an upgrade would break.
#
#   bash packaging/scripts/check_latest.sh [pytest arguments, e.g. -m "not slow"]
set -euo pipefail
cd "$(dirname "$0")/../.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --upgrade pip
# --upgrade-strategy eager: the newest of everything, dependencies of dependencies included.
"$work/venv/bin/pip" install -q --upgrade --upgrade-strategy eager ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
echo "Newest releases installed:"
"$work/venv/bin/pip" freeze | grep -iE "^(pyside6-essentials|sqlalchemy|alembic|reportlab|python-docx|cryptography|sqlcipher3|psycopg|pytest)==" | sed 's/^/  /'
echo "Differences from requirements/test.lock:"
"$work/venv/bin/pip" freeze | tr 'A-Z_' 'a-z-' | sort > "$work/latest.txt"
grep -E '^[a-z0-9]' requirements/test.lock | sed 's/ .*//' | tr 'A-Z_' 'a-z-' | sort > "$work/locked.txt"
comm -13 "$work/locked.txt" "$work/latest.txt" | grep -v "^inspector-app" | sed 's/^/  /' || true
# The suite runs against the checkout's code with the newest dependencies.
"$work/venv/bin/python" -m pytest -p no:cacheprovider "$@"
