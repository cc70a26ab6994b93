#!/bin/sh
# Installs the stock Yjs clients (package-lock.json) for the server's end-to-end tests; run by the
# Maven build (server/pom.xml, phase generate-test-resources). Skips `npm ci` while node_modules is
# newer than the lockfile.
set -e
case "$0" in */*) cd "${0%/*}" ;; esac
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "ERROR: node and npm are needed to test the server module (its end-to-end tests drive the server" >&2
  echo "with stock Yjs clients run by Node.js 20+). Install Node.js (e.g. apt-get install nodejs npm) or build with -DskipTests." >&2
  exit 1
fi
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "server/src/test/js: node_modules is up to date with package-lock.json"
  exit 0
fi
exec npm ci --no-audit --no-fund
