#!/usr/bin/env bash
# Everything `npm test` needs beyond npm ci, installed when missing (runs as npm's `pretest`, so the README's
# test command does all set-up on a fresh Debian machine): Chromium and a font for the report's browser test
# and PNG figures, Debian's Jupyter and the Deno kernel for the notebook tests. Fast when all is present.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
if ! command -v chromium >/dev/null 2>&1 || [ ! -d /usr/share/fonts/truetype/dejavu ]; then
  echo "test-setup: installing chromium fonts-dejavu-core (apt)" >&2
  ("${SUDO[@]}" apt-get update -qq && "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null) \
    || echo "test-setup: could not install chromium/fonts; the report's browser test will fail" >&2
fi
bash "$ROOT/notebooks/setup.sh" || echo "test-setup: notebooks/setup.sh failed; the notebook tests will fail" >&2
exit 0
