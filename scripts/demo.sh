#!/usr/bin/env bash
# Set up .venv and run tieup's main job on the bundled example corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/tieup extract examples/articles.jsonl
