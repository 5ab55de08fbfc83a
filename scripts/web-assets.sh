#!/usr/bin/env bash
# Builds the web app's vendored front-end files: installs web/'s npm
# dependencies exactly as web/package-lock.json pins them (npm ci) and copies
# their dist files into http/assets/vendor/, which the armsflow binary embeds.
# Run it before 'go build' for a binary whose pages draw charts; without it
# the binary builds and the pages say that charts are unavailable.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "web-assets.sh: installing Debian's nodejs and npm" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "web-assets.sh: npm not found; install Node.js and npm (Debian: apt-get install nodejs npm), then run again" >&2
    exit 1
  fi
fi
(cd web && npm ci --no-audit --no-fund --loglevel=error)
cp web/node_modules/chart.js/dist/chart.umd.js http/assets/vendor/chart.umd.js
cp web/node_modules/chart.js/LICENSE.md http/assets/vendor/chart.js.LICENSE.md
echo "web-assets.sh: http/assets/vendor/ holds chart.js $(node -p "require('./web/node_modules/chart.js/package.json').version")"
