#!/bin/sh
# Makes sure a Chromium is there for the browser tests: $PROMPTCARDS_CHROMIUM or Debian's
# /usr/bin/chromium; installs the `chromium` package through apt (as root, or `sudo -n`) when absent.
# Run by BrowserEditingTest before the tests; playwright-core never downloads a browser.
set -e
chromium="${PROMPTCARDS_CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "$chromium" ]; then
  if [ -n "$PROMPTCARDS_CHROMIUM" ]; then
    echo "ERROR: PROMPTCARDS_CHROMIUM=$PROMPTCARDS_CHROMIUM is not an executable file." >&2
    exit 1
  fi
  if [ "$(id -u)" = 0 ]; then
    as_root=
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo -n"
  else
    echo "ERROR: the browser tests need Chromium and $chromium is missing. Install it" >&2
    echo "(apt-get install chromium), point PROMPTCARDS_CHROMIUM at a Chromium binary, or build" >&2
    echo "with -DskipTests. Installing it here needs root or password-less sudo." >&2
    exit 1
  fi
  echo "Chromium is missing: installing Debian's chromium package"
  export DEBIAN_FRONTEND=noninteractive
  $as_root apt-get update
  $as_root apt-get install -y --no-install-recommends chromium
  if [ ! -x "$chromium" ]; then
    echo "ERROR: apt-get installed the chromium package, but $chromium is still missing." >&2
    exit 1
  fi
fi
"$chromium" --version
