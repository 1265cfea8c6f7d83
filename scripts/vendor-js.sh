#!/usr/bin/env bash
# Re-vendor the network graph library from the npm registry: scripts/vendor-js.sh [VERSION]
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-3.34.4}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "cytoscape@$version" >/dev/null && tar xzf "cytoscape-$version.tgz")
cp "$tmp/package/dist/cytoscape.min.js" tieup/web/static/vendor/cytoscape.min.js
cp "$tmp/package/LICENSE" tieup/web/static/vendor/cytoscape.LICENSE
sha256sum tieup/web/static/vendor/cytoscape.min.js
echo "update the version and sha256 in tieup/web/static/vendor/README.md"
