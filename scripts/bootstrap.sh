#!/usr/bin/env bash
# Everything a fresh machine with only Node 20 and npm needs before Phungpao runs:
# pnpm at the pinned version, the workspace's dependencies, and a build of every package.
# Safe to run again: each step is quick when there is nothing to do.
set -euo pipefail
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
cd "$(dirname "$0")/.."

pnpm_version=12.4.2
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm -v 2>/dev/null)" != "$pnpm_version" ]; then
  echo "bootstrap: installing pnpm $pnpm_version" >&2
  npm install --global --no-fund --no-audit "pnpm@$pnpm_version" >&2
fi

# Native addons (better-sqlite3) build against Node's own headers.
export npm_config_nodedir="${npm_config_nodedir:-$(dirname "$(dirname "$(command -v node)")")}"

# The dashboard's browser tests drive Debian's Chromium (`--browser`, as `npm test` asks);
# installed with apt-get when missing and this user may.
if [ "${1:-}" = "--browser" ] && [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "bootstrap: installing Debian's chromium for the browser tests" >&2
    apt-get install -y --no-install-recommends chromium >&2 || { apt-get update >&2 && apt-get install -y --no-install-recommends chromium >&2; }
  else
    echo "bootstrap: the browser tests need Chromium: apt-get install -y chromium (as root), or set CHROMIUM_PATH" >&2
  fi
fi

pnpm install --frozen-lockfile >&2
pnpm exec turbo run build --output-logs=errors-only >&2
