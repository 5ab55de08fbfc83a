#!/usr/bin/env bash
# Updates or checks the web app's vendored charting library.
#
# http/assets/vendor/ holds chart.js's dist file and its MIT license,
# committed, so that 'go install' alone gives a binary whose pages draw
# charts. This script is only needed to move to another version (edit
# web/package.json, run 'npm install --package-lock-only' in web/, then this
# script) or to check the committed files (--check). Either way it fetches
# the tarball that web/package-lock.json pins from the npm registry, checks
# it against the lock file's integrity hash (sha512, base64) and takes the
# files from it; chart.js.pin records the version, the tarball's integrity
# and each file's own sha512, which http's tests check the embedded file
# against without the network.
#
#   scripts/web-assets.sh          update http/assets/vendor/ from the lock file
#   scripts/web-assets.sh --check  fail if the committed files differ from the pinned tarball's
set -euo pipefail
cd "$(dirname "$0")/.."
mode=update
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  *) echo "usage: scripts/web-assets.sh [--check]" >&2; exit 2 ;;
esac
for tool in npm node; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "web-assets.sh: $tool not found; install Node.js and npm (Debian: apt-get install nodejs npm), then run again." >&2
    echo "web-assets.sh: building armsflow does not need it: the chart library is committed in http/assets/vendor/." >&2
    exit 1
  fi
done

lock=web/package-lock.json
version=$(node -p "require('./$lock').packages['node_modules/chart.js'].version")
integrity=$(node -p "require('./$lock').packages['node_modules/chart.js'].integrity")
case "$integrity" in
  sha512-*) ;;
  *) echo "web-assets.sh: $lock: chart.js has no sha512 integrity ($integrity)" >&2; exit 1 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent --pack-destination "$tmp" "chart.js@$version" >/dev/null)
tarball=$(ls "$tmp"/chart.js-*.tgz)
got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$got" != "$integrity" ]; then
  echo "web-assets.sh: the registry's chart.js@$version tarball has integrity $got, but $lock pins $integrity: not using it" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$tmp" package/dist/chart.umd.js package/LICENSE.md

sri() { echo "sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"; }
{
  echo "# chart.js as pinned by web/package-lock.json; written by scripts/web-assets.sh."
  echo "# The tarball's integrity is the lock file's; each file's sha512 is over the file"
  echo "# as taken from that tarball. http's tests check the embedded files against it."
  echo "package chart.js"
  echo "version $version"
  echo "tarball $integrity"
  echo "file chart.umd.js $(sri "$tmp/package/dist/chart.umd.js")"
  echo "file chart.js.LICENSE.md $(sri "$tmp/package/LICENSE.md")"
} >"$tmp/chart.js.pin"

vendor=http/assets/vendor
if [ "$mode" = check ]; then
  status=0
  for f in chart.umd.js:package/dist/chart.umd.js chart.js.LICENSE.md:package/LICENSE.md chart.js.pin:chart.js.pin; do
    if ! cmp -s "$vendor/${f%%:*}" "$tmp/${f#*:}"; then
      echo "web-assets.sh: $vendor/${f%%:*} differs from chart.js@$version as pinned; run scripts/web-assets.sh to update it" >&2
      status=1
    fi
  done
  [ $status = 0 ] && echo "web-assets.sh: $vendor/ holds chart.js $version exactly as $lock pins it"
  exit $status
fi
cp "$tmp/package/dist/chart.umd.js" "$vendor/chart.umd.js"
cp "$tmp/package/LICENSE.md" "$vendor/chart.js.LICENSE.md"
cp "$tmp/chart.js.pin" "$vendor/chart.js.pin"
echo "web-assets.sh: $vendor/ holds chart.js $version (tarball integrity checked against $lock); commit it"
