/**
 * `pnpm worker [--concurrency N] [--once]`: the background worker on the database
 * `DATABASE_URL` names (the embedded SQLite file by default). It migrates the database,
 * verifies the books (it will not start on books that do not verify: exit status 3), then
 * runs the steps of jobs until SIGTERM or SIGINT, when it lets the running steps finish.
 * One JSON line a step on standard output (job, step, attempt, outcome, time: never a
 * record). `--once` starts and stops at once, for health checks.
 */
import { fromEnv } from "@phungpao/db"
import { RuleSet } from "@phungpao/domain"
import { parseArgs } from "node:util"
import { BooksDoNotVerify, start, WorkerRunning } from "./Worker.js"

const usage = "usage: pnpm worker [--concurrency N] [--once]"
let values: { concurrency?: string; once?: boolean; help?: boolean }
try {
  values = parseArgs({ options: { concurrency: { type: "string" }, once: { type: "boolean" }, help: { type: "boolean", short: "h" } } }).values
} catch (error) {
  process.stderr.write(`phungpao worker: ${(error as Error).message}\n${usage}\n`)
  process.exit(2)
}
if (values.help === true) {
  process.stdout.write(`${usage}\n`)
  process.exit(0)
}
const concurrency = values.concurrency === undefined ? 1 : Number(values.concurrency)
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
  process.stderr.write(`phungpao worker: --concurrency must be a whole number from 1 to 64\n`)
  process.exit(2)
}
const number = (name: string) => {
  const v = process.env[name]
  return v === undefined || v === "" ? undefined : Number(v)
}

let worker: Awaited<ReturnType<typeof start>>
try {
  const heartbeatMs = number("PHUNGPAO_WORKER_HEARTBEAT_MS")
  const staleMs = number("PHUNGPAO_WORKER_STALE_MS")
  const pollMs = number("PHUNGPAO_WORKER_POLL_MS")
  worker = await start({
    config: fromEnv(process.env),
    concurrency,
    ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
    ...(staleMs === undefined ? {} : { staleMs }),
    ...(pollMs === undefined ? {} : { pollMs }),
    reminders: process.env["PHUNGPAO_WORKER_REMINDERS"] !== "off",
    log: (line) => process.stdout.write(`${line}\n`)
  })
} catch (error) {
  if (error instanceof BooksDoNotVerify) {
    const findings = error.findings.map((f) => `phungpao worker: ${JSON.stringify(f)}`)
    process.stderr.write(`${[`phungpao worker: ${error.message}`, ...findings].join("\n")}\n`)
    process.exit(3)
  }
  process.stderr.write(`phungpao worker: ${error instanceof WorkerRunning ? error.message : (error as Error).message.split("\n")[0]}\n`)
  process.exit(2)
}

process.stdout.write(`phungpao worker ready (rule set ${RuleSet.resolve().key}; ${worker.engine}; concurrency ${concurrency}; id ${worker.id})\n`)

let stopping: Promise<void> | undefined
const stop = () => {
  stopping ??= worker.stop().then(
    () => {
      process.stdout.write("phungpao worker stopped\n")
      process.exit(0)
    },
    (error: Error) => {
      process.stderr.write(`phungpao worker: ${error.message.split("\n")[0]}\n`)
      process.exit(1)
    }
  )
}
if (values.once === true) stop()
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
