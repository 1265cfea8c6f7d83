#!/usr/bin/env bash
# Re-vendor a JavaScript library from the npm registry:
#   scripts/vendor-js.sh cytoscape [VERSION]    the network graph (served to pages)
#   scripts/vendor-js.sh axe-core [VERSION]     accessibility checks (browser tests only)
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-cytoscape}
case "$name" in
  cytoscape) version=${2:-3.34.4}; file=dist/cytoscape.min.js; out=cytoscape.min.js ;;
  axe-core) version=${2:-4.10.3}; file=axe.min.js; out=axe.min.js ;;
  *) echo "usage: $0 cytoscape|axe-core [VERSION]" >&2; exit 2 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$name@$version" >/dev/null && tar xzf "$name-$version.tgz")
cp "$tmp/package/$file" "tieup/web/static/vendor/$out"
cp "$tmp/package/LICENSE" "tieup/web/static/vendor/$name.LICENSE"
sha256sum "tieup/web/static/vendor/$out"
echo "update the version and sha256 in tieup/web/static/vendor/README.md"
