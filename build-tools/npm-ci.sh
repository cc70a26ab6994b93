#!/bin/sh
# Installs a folder's npm packages exactly as its committed package-lock.json says (npm ci); run by
# the Maven builds of crdt, server and web-client. Skips `npm ci` while node_modules is newer than the
# lockfile.
#
#   sh build-tools/npm-ci.sh DIR WHY
#
# WHY completes "node and npm are needed to ..." in the error shown when they are missing.
set -e
dir="$1"
why="$2"
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "ERROR: node and npm are needed to $why." >&2
  echo "Install Node.js 20+ with npm (e.g. apt-get install nodejs npm)." >&2
  exit 1
fi
cd "$dir"
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "$dir: node_modules is up to date with package-lock.json"
  exit 0
fi
exec npm ci --no-audit --no-fund
