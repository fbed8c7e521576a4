#!/usr/bin/env bash
# Regenerates the hash-locked requirements from pyproject.toml's ranges:
#   requirements/app.lock   what `pip install .` needs (plus the build backend)
#   requirements/test.lock  the same with the `test` extra
# Run it after changing a dependency, or with --upgrade to move every pin to the newest release
# the ranges allow (then run the suite: packaging/scripts/check_latest.sh does both in a throwaway
# environment). Needs pip-tools; the script installs it into a temporary environment.
set -euo pipefail
cd "$(dirname "$0")/../.."

tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools/venv"
"$tools/venv/bin/pip" install -q "pip-tools>=7.4,<8"

compile() {
  "$tools/venv/bin/pip-compile" -q --generate-hashes --allow-unsafe --strip-extras \
    --no-emit-find-links --no-emit-index-url --no-emit-trusted-host "$@"
}
compile "${@}" -o requirements/app.lock pyproject.toml requirements/build.in
compile "${@}" --extra test -o requirements/test.lock pyproject.toml requirements/build.in
echo "requirements/app.lock and requirements/test.lock written"
