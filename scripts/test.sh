#!/usr/bin/env bash
# Set up .venv with the test tools, lint, type-check, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
.venv/bin/ruff check tieup tests benchmarks scripts train
.venv/bin/mypy
.venv/bin/python scripts/audit.py
.venv/bin/python -m pytest -q "$@"
