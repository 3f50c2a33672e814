/**
 * The worker on real engines: real worker processes killed with SIGKILL mid-job, two
 * workers sharing a job on PostgreSQL, retries of a passing failure, a poison task, and
 * cancel. Each PostgreSQL test has a database of its own (graphile-worker's queue is one
 * schema a database).
 */
import SqliteDatabase from "better-sqlite3"
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { Actor, type Idempotency, Jobs, JobStore, Kinds } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { start } from "../src/Worker.js"

const workerMain = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const cliMain = fileURLToPath(new URL("../../cli/dist/main.js", import.meta.url))
const pgBase = process.env["PHUNGPAO_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/phungpao_test"
const dir = mkdtempSync(join(tmpdir(), "phungpao-jobs-"))
const records = join(dir, "round.ndjson")

// A worker is taken for dead after 4 s without a report: short for a test, long enough that
// a live one on a loaded machine (the suite shares two cores) is not.
const staleMs = 4000
const fast = { PHUNGPAO_WORKER_HEARTBEAT_MS: "200", PHUNGPAO_WORKER_STALE_MS: String(staleMs), PHUNGPAO_WORKER_POLL_MS: "50", PHUNGPAO_WORKER_REMINDERS: "off" }

const cli = (url: string, ...args: Array<string>) => {
  const r = spawnSync(process.execPath, [cliMain, ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, DATABASE_URL: url } })
  if (r.status !== 0) throw new Error(`cli ${args.join(" ")}: ${r.stderr}`)
  return r.stdout.trim()
}

const spawnWorker = (url: string, extra: Record<string, string> = {}): ChildProcess =>
  spawn(process.execPath, [workerMain, "--concurrency", "2"], { cwd: dir, env: { ...process.env, DATABASE_URL: url, ...fast, ...extra }, stdio: ["ignore", "pipe", "pipe"] })

const stopped = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())))

/** SQL on either engine, for the test's own looks at the tables. */
const query = async (url: string, text: string, params: Array<unknown> = []): Promise<Array<Record<string, unknown>>> => {
  if (url.startsWith("sqlite:")) {
    const db = new SqliteDatabase(url.slice(7), { readonly: true })
    try {
      return db.prepare(text.replace(/\$\d+/g, "?")).all(...params) as Array<Record<string, unknown>>
    } finally {
      db.close()
    }
  }
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(text, params)).rows
  } finally {
    await client.end()
  }
}

const jobState = async (url: string, id: string) => {
  const [row] = await query(url, "select status, tasks_done, tasks_total, rows from job where id = $1", [id])
  return { status: String(row?.["status"]), done: Number(row?.["tasks_done"]), total: Number(row?.["tasks_total"]), rows: Number(row?.["rows"]) }
}

const waitFor = async <A>(what: string, probe: () => Promise<A | undefined>, ms = 90_000): Promise<A> => {
  const until = Date.now() + ms
  for (;;) {
    const got = await probe()
    if (got !== undefined) return got
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Every stored decision of the round but its time: what an uninterrupted evaluation must also store. */
const decisions = async (url: string) =>
  JSON.stringify(
    await query(
      url,
      "select house_code, rule_set_key, statuses, members, survey_poor, target, failed_dimensions, reasons, village_code, persons from decision where round = 2564 order by house_code"
    )
  )

let databases = 0
const freshPostgres = async (): Promise<string> => {
  const name = `${new URL(pgBase).pathname.slice(1)}_jobs_${process.pid}_${++databases}`
  const admin = new pg.Client({ connectionString: pgBase.replace(/\/[^/?]*(\?|$)/, "/postgres$1") })
  await admin.connect()
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(pgBase)
  url.pathname = `/${name}`
  return url.toString()
}

const freshSqlite = (name: string) => `sqlite:${join(dir, `${name}.db`)}`

beforeAll(() => {
  cli(freshSqlite("generate"), "generate", "--province", "33", "--households", "6000", "--seed", "7", "--out", records)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const imported = async (url: string) => {
  cli(url, "import", records, "--round", "2564")
  return url
}

/**
 * An evaluation job started on `workers`, one of them (the first) killed with SIGKILL
 * mid-way, the job finished by the others or by `restart`; its decisions against those of
 * a single evaluation in-process.
 */
const killedMidJob = async (url: string, workers: number, restart?: () => Promise<ChildProcess>) => {
  const id = cli(url, "job", "submit", "evaluate-round", "--round", "2564", "--part-size", "200", "--key", "killed")
  const running = Array.from({ length: workers }, () => spawnWorker(url))
  let after: Awaited<ReturnType<typeof jobState>>
  try {
    await waitFor("a few tasks done", async () => {
      const s = await jobState(url, id)
      return s.done >= 3 ? s : undefined
    })
    running[0]!.kill("SIGKILL")
    await stopped(running[0]!)
    const before = await jobState(url, id)
    expect(before.status).toBe("running")
    expect(before.done).toBeLessThan(before.total)
    if (restart !== undefined) running.push(await restart())
    after = await waitFor("the job to succeed", async () => {
      const s = await jobState(url, id)
      return s.status === "succeeded" ? s : undefined
    })
  } finally {
    // No worker outlives the test, whatever failed.
    for (const r of running) if (r.exitCode === null && r.signalCode === null) r.kill("SIGTERM")
    await Promise.all(running.map(stopped))
  }
  const byJob = await decisions(url)
  cli(url, "evaluate", "--round", "2564")
  expect(after).toEqual({ status: "succeeded", done: after.total, total: after.total, rows: 6000 })
  expect(byJob).toEqual(await decisions(url))
  expect(Number((await query(url, "select count(*) as n from decision where round = 2564"))[0]!["n"])).toBe(6000)
  return id
}

describe("a worker killed mid-job", () => {
  it("on SQLite: a restarted worker takes back its tasks and completes the job, with no loss and no duplicate", async () => {
    const url = await imported(freshSqlite("killed"))
    await killedMidJob(url, 1, async () => {
      // SQLite takes one worker: the next may start once the dead one is stale.
      await new Promise((r) => setTimeout(r, staleMs + 300))
      return spawnWorker(url)
    })
  })

  it("on PostgreSQL: a second worker already running takes over its locked tasks, with no loss and no duplicate", async () => {
    const url = await imported(await freshPostgres())
    await killedMidJob(url, 2)
  })
})

describe("two workers on PostgreSQL", () => {
  it("share one job's tasks, and store what one evaluation in-process stores", async () => {
    const url = await imported(await freshPostgres())
    const workers = [spawnWorker(url), spawnWorker(url)]
    // Both alive before the job comes, or the first could run it all while the second starts.
    await waitFor("two workers", async () => ((await query(url, "select id from job_worker")).length === 2 ? true : undefined))
    const id = cli(url, "job", "submit", "evaluate-round", "--round", "2564", "--part-size", "200", "--key", "shared")
    await waitFor("the job to succeed", async () => ((await jobState(url, id)).status === "succeeded" ? true : undefined))
    for (const w of workers) w.kill("SIGTERM")
    await Promise.all(workers.map(stopped))
    const ran = await query(url, "select worker, count(*) as n from job_task where job_id = $1 group by worker", [id])
    expect(ran).toHaveLength(2)
    const byJob = await decisions(url)
    cli(url, "evaluate", "--round", "2564")
    expect(byJob).toEqual(await decisions(url))
  })

  it("refuses a second worker on SQLite while the first is alive", async () => {
    const url = freshSqlite("one-writer")
    const first = spawnWorker(url)
    await waitFor("the first worker", async () => ((await query(url, "select id from job_worker").catch(() => [])).length > 0 ? true : undefined))
    const second = spawnSync(process.execPath, [workerMain], { encoding: "utf8", cwd: dir, env: { ...process.env, DATABASE_URL: url, ...fast } })
    first.kill("SIGTERM")
    await stopped(first)
    expect(second.status).toBe(2)
    expect(second.stderr).toMatch(/another worker \(.*\) runs on this SQLite database; SQLite takes one worker/)
  })
})

// The fund report's kind made the tests' own: three tasks; a public report's task 1 fails
// its first attempt (a passing failure), a committee report's task 2 fails every attempt.
const tries = new Map<string, number>()
const kinds: Kinds.Registry = {
  ...Kinds.all,
  "fund-report": {
    ...Kinds.all["fund-report"],
    attempts: 3,
    plan: () => Effect.succeed([{}, {}, {}]),
    run: (_actor, input, _spec, job, index) =>
      Effect.suspend(() => {
        const attempt = (tries.get(`${job.id}:${index}`) ?? 0) + 1
        tries.set(`${job.id}:${index}`, attempt)
        if (input.audience === "committee" && index === 2) return Effect.die(new Error("task 2 is poison"))
        if (input.audience === "public" && index === 1 && attempt === 1) return Effect.die(new Error("task 1 lost its connection"))
        return Effect.succeed({ rows: 1, result: { index } })
      }),
    combine: (_input, results) => Effect.succeed(results)
  },
  // Twenty slow tasks: time to cancel in the middle.
  export: {
    ...Kinds.all.export,
    plan: () => Effect.succeed(Array.from({ length: 20 }, () => ({}))),
    run: () => Effect.as(Effect.sleep("100 millis"), { rows: 1, result: {} }),
    combine: () => Effect.succeed({})
  }
}

describe.each([
  ["SQLite", async () => freshSqlite(`retries-${Math.random().toString(36).slice(2)}`)],
  ["PostgreSQL", freshPostgres]
])("a worker on %s", (_name, database) => {
  const config = (url: string) => (url.startsWith("sqlite:") ? { engine: "sqlite" as const, file: url.slice(7) } : { engine: "postgres" as const, url })
  const system = Actor.system("tests")
  const key = (k: string) => k as Idempotency.Key

  it("retries a passing failure after its back-off; fails a job whose task fails every attempt, with the error, while other jobs run on", async () => {
    const url = await database()
    tries.clear()
    const worker = await start({ config: config(url), concurrency: 2, heartbeatMs: 200, pollMs: 50, reminders: false, kinds })
    try {
      const run = <A, E>(e: Effect.Effect<A, E, JobStore.JobStore>) => worker.run(e)
      const flaky = await run(Jobs.submit(system, "fund-report", { audience: "public" }, key("flaky"), kinds))
      const poison = await run(Jobs.submit(system, "fund-report", { audience: "committee" }, key("poison"), kinds))
      const other = await run(Jobs.submit(system, "fund-report", { audience: "public" }, key("other"), kinds))
      const ended = (id: string) =>
        waitFor(`job ${id} to end`, async () => {
          const s = await jobState(url, id)
          return s.status === "succeeded" || s.status === "failed" ? s : undefined
        }, 90_000)
      const [a, b, c] = await Promise.all([ended(flaky.job.id), ended(poison.job.id), ended(other.job.id)])
      expect([a.status, b.status, c.status]).toEqual(["succeeded", "failed", "succeeded"])
      const shown = await run(Jobs.show(system, poison.job.id))
      expect(shown.job.failure).toEqual({ task: 2, attempts: 3, error: "task 2 is poison" })
      const flakyTasks = await run(Jobs.show(system, flaky.job.id))
      expect(flakyTasks.tasks.map((t) => [t.status, t.attempts])).toEqual([["done", 1], ["done", 2], ["done", 1]])
    } finally {
      await worker.stop()
    }
  })

  it("stops giving out a cancelled job's tasks, and gives back the first job for a key submitted again", async () => {
    const url = await database()
    const worker = await start({ config: config(url), concurrency: 1, heartbeatMs: 200, pollMs: 50, reminders: false, kinds })
    try {
      const run = <A, E>(e: Effect.Effect<A, E, JobStore.JobStore>) => worker.run(e)
      const input = { round: 2564, out: join(dir, "never.ndjson") }
      const { job } = await run(Jobs.submit(system, "export", input, key("cancel-me"), kinds))
      await waitFor("a task done", async () => ((await jobState(url, job.id)).done >= 1 ? true : undefined))
      await run(Jobs.cancel(system, job.id))
      const atCancel = await jobState(url, job.id)
      await new Promise((r) => setTimeout(r, 800))
      const later = await query(url, "select count(*) as n from job_task where job_id = $1 and status = 'done'", [job.id])
      expect(atCancel.status).toBe("cancelled")
      // A task running at the cancel may still finish; none starts after it.
      expect(Number(later[0]!["n"])).toBeLessThanOrEqual(atCancel.done + 1)
      expect(Number(later[0]!["n"])).toBeLessThan(atCancel.total)
      const again = await run(Jobs.submit(system, "export", input, key("cancel-me"), kinds))
      expect(again).toMatchObject({ created: false, job: { id: job.id, status: "cancelled" } })
    } finally {
      await worker.stop()
    }
  })
})
