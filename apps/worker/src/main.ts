/**
 * The background worker. Jobs (chunked, resumable, from a PostgreSQL-backed queue) come
 * with the registry; for now it starts, says so, and stops cleanly on SIGINT/SIGTERM.
 * `--once` starts and stops at once, for health checks.
 */
import { RuleSet } from "@phungpao/domain"

process.stdout.write(`phungpao worker ready (rule set ${RuleSet.resolve().key}); no job queue is configured yet\n`)

if (process.argv.includes("--once")) {
  process.exit(0)
}

const timer = setInterval(() => undefined, 60_000)
const stop = () => {
  clearInterval(timer)
  process.stdout.write("phungpao worker stopped\n")
  process.exit(0)
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
