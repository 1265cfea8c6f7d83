#!/usr/bin/env bash
# Create .venv and install tieup with locked, hash-checked dependencies. Idempotent.
#   scripts/setup.sh          runtime dependencies
#   scripts/setup.sh --dev    runtime + test tools (pytest, hypothesis, jsonschema, ruff, mypy,
#                             playwright) and Debian's chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
lock=requirements/requirements.txt
[ "${1:-}" = "--dev" ] && lock=requirements/requirements-dev.txt
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum "$lock" requirements/pip.txt pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/pip.txt
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r "$lock"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . \
    || .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
  touch "$stamp"
fi
if [ "${1:-}" = "--dev" ]; then
  scripts/install-browser.sh
fi
