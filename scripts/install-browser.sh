#!/usr/bin/env bash
# Install Debian's chromium for the end-to-end browser tests (Playwright drives it through
# executable_path; it never downloads a browser). Needs root and apt-get; idempotent.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
else
  echo "chromium is missing: install Debian's package (sudo apt-get install chromium);" \
       "the browser tests skip without it (and fail under CI)" >&2
fi
