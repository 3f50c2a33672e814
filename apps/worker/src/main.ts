/**
 * The background worker. Jobs (chunked, resumable, from a PostgreSQL-backed queue) come
 * with the registry; for now it brings the database (DATABASE_URL) to this program's
 * schema, verifies the books (see `Verify`: it will not start on books that do not
 * verify, exit status 3), says it is ready, and stops cleanly on SIGINT/SIGTERM.
 * `--once` starts and stops at once, for health checks.
 */
import { Database, fromEnv, Migrations, Verify } from "@phungpao/db"
import { RuleSet } from "@phungpao/domain"
import * as Effect from "effect/Effect"

const checked = await Effect.runPromise(
  Effect.gen(function* () {
    const database = yield* Database.Database
    yield* Migrations.migrateToLatest(yield* database.use(async (db) => db))
    return yield* Verify.verify
  }).pipe(Effect.either, Effect.provide(Database.layer(fromEnv(process.env))))
)
if (checked._tag === "Left") {
  process.stderr.write(`phungpao worker: ${checked.left.message}\n`)
  process.exit(2)
}
if (checked.right.findings.length > 0) {
  const findings = checked.right.findings.map((f) => `phungpao worker: ${JSON.stringify(f)}`)
  process.stderr.write(`${[`phungpao worker: the books do not verify (${findings.length} finding(s)); run 'db verify'`, ...findings].join("\n")}\n`)
  process.exit(3)
}

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
