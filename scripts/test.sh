#!/usr/bin/env bash
# Runs armsflow's whole test suite on a fresh machine: installs what the tests
# need (Debian's chromium for the browser tests, node and npm for the web
# app's chart library), builds the embedded web assets, then go test with the
# race detector. Tests that read SIPRI's real files find them at ../shared/data and
# skip with a message when they are absent.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${need[*]} from Debian for the browser tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "test.sh: ${need[*]} missing and cannot be installed here (not root): browser tests will skip" >&2
  fi
fi

# The web app embeds chart.js, pinned by web/package-lock.json; the browser
# tests read chart values from it.
if command -v npm >/dev/null 2>&1; then
  scripts/web-assets.sh
else
  echo "test.sh: npm missing: the web app's charts are not built and its browser tests will fail" >&2
fi

go test -race -count=1 "$@" ./...
