#!/usr/bin/env bash
# The whole test suite (what `npm test` and .ci/run run): every package's typecheck and
# tests, two at a time. When any fails, the failures of each package that failed are
# printed again at the end, so the last lines of a long run say what went wrong.
set -uo pipefail
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
cd "$(dirname "$0")/.."

pnpm exec turbo run typecheck test --concurrency=2 --continue --output-logs=new-only
status=$?
if [ "$status" -ne 0 ]; then
  for log in packages/*/.turbo/turbo-test.log apps/*/.turbo/turbo-test.log packages/*/.turbo/turbo-typecheck.log apps/*/.turbo/turbo-typecheck.log; do
    [ -f "$log" ] || continue
    # vitest's summary of failures, or tsc's errors.
    if grep -q "Failed Tests\|FAIL \|error TS" "$log"; then
      echo
      echo "==== failed: ${log%%/.turbo/*} ($(basename "$log" .log | sed 's/^turbo-//'))"
      sed -n '/Failed Tests\|error TS/,$p' "$log" | head -120
    fi
  done
fi
exit "$status"
