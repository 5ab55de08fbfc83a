#!/usr/bin/env bash
# Runs armsflow's whole test suite on a fresh machine: installs what the tests
# need (Debian's chromium for the browser tests), then go test with the race
# detector. The web app's chart library is committed (http/assets/vendor/),
# so the tests need no npm; when npm is present, bench/'s DuckDB package is
# installed for the test that reads the panel export back with DuckDB.
# Tests that read SIPRI's real files find them at ../shared/data and skip
# with a message when they are absent.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
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

# DuckDB (the benchmarks' peer) reads the panel's Parquet back in a test;
# without it that test skips with a message.
if command -v npm >/dev/null 2>&1 && [ ! -d bench/node_modules/@duckdb/node-api ]; then
  npm ci --prefix bench --no-audit --no-fund --loglevel=error || echo "test.sh: npm ci in bench/ failed: the DuckDB read-back test will skip" >&2
fi

go test -race -count=1 "$@" ./...
