#!/usr/bin/env bash
# Builds armsflow's release archives: linux, darwin and windows, each for
# amd64 and arm64, pure Go (CGO_ENABLED=0: the SQLite driver and everything
# else are Go), into dist/ (git-ignored):
#
#   dist/armsflow_<version>_<os>_<arch>.tar.gz   (.zip for windows)
#   dist/SHA256SUMS                              sha256sum -c dist/SHA256SUMS checks them
#
# Each archive holds the binary, README.md and LICENSE files. The version is
# the tag on HEAD (git describe), else armsflow's own version plus the short
# revision; the binary's 'armsflow version' prints the revision and commit
# date even where the build info has no VCS stamp (-buildvcs=false).
#
#   scripts/release.sh                 all six targets
#   scripts/release.sh linux/amd64     only the targets named
#
# It builds, it does not publish.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64)

base=$(sed -n 's/^const version = "\(.*\)"$/\1/p' cmd/armsflow/version.go)
rev=unknown date=unknown
if git rev-parse --git-dir >/dev/null 2>&1; then
  rev=$(git rev-parse HEAD)
  date=$(TZ=UTC git show -s --date=format-local:%Y-%m-%dT%H:%M:%SZ --format=%cd HEAD)
fi
version=$(git describe --tags --exact-match 2>/dev/null || echo "v$base-${rev:0:12}")
version=${version#v}

dist=dist
rm -rf "$dist"
mkdir -p "$dist"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

ldflags="-s -w -X main.linkRevision=$rev -X main.linkTime=$date"
for t in "${targets[@]}"; do
  os=${t%/*} arch=${t#*/}
  name="armsflow_${version}_${os}_${arch}"
  dir="$stage/$name"
  mkdir -p "$dir"
  exe=armsflow
  [ "$os" = windows ] && exe=armsflow.exe
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -ldflags "$ldflags" -o "$dir/$exe" ./cmd/armsflow
  cp README.md "$dir/"
  cp http/assets/vendor/chart.js.LICENSE.md "$dir/"
  [ -f LICENSE ] && cp LICENSE "$dir/"
  if [ "$os" = windows ]; then
    # Fixed mtimes, no extra attributes: the same tree gives the same zip.
    find "$dir" -exec touch -d "${date/unknown/1970-01-01T00:00:00Z}" {} +
    (cd "$stage" && zip -qr -X "$OLDPWD/$dist/$name.zip" "$name")
  else
    # Sorted names, fixed owner and mtime: the same tree gives the same archive.
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="${date/unknown/1970-01-01T00:00:00Z}" \
      -C "$stage" -cf - "$name" | gzip -n >"$dist/$name.tar.gz"
  fi
  echo "release.sh: $dist/$(ls "$dist" | grep -F "$name")"
done
shopt -s nullglob
(cd "$dist" && sha256sum -- *.tar.gz *.zip >SHA256SUMS)
echo "release.sh: $dist/SHA256SUMS"
