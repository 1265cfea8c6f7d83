#!/usr/bin/env bash
# Set up .venv, ingest the bundled example corpus into tieup-demo.db and print the briefing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/tieup ingest --db tieup-demo.db examples/
.venv/bin/tieup brief --db tieup-demo.db
