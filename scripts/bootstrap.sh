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

pnpm install --frozen-lockfile >&2
pnpm exec turbo run build --output-logs=errors-only >&2
