// The background worker on PostgreSQL, each figure beside a baseline measured in the same
// run, on a database of its own (dropped and created: --worker-pg-url, default
// postgres://postgres@127.0.0.1:5432/phungpao_bench_worker):
//  0. set-up: a generated round of --worker-households households (default 2,000,000;
//     `phungpao generate`, cached in bench/.work) imported by `phungpao import`;
//  1. the baseline: `phungpao evaluate --round R` in one process (on PostgreSQL its
//     default: one thread), households/s;
//  2. an `evaluate-round` job run by one `pnpm worker` process, households/s from the
//     submit (`job submit`) to the job's success in the job table; target ≥ 0.85× 1;
//  3. the same job (a fresh key: the stored decisions are replaced) run by two worker
//     processes side by side; target ≥ 1.3× 2.
// Each run stores its decisions into an emptied decision table (truncated, vacuumed,
// analysed) just after a checkpoint, so that none pays for what the one before stored. --worker-reuse
// keeps a database that already holds the round's households (no set-up).
// The workers are started, and idle, before the submit: their start-up is not timed. Each
// job's parts are --worker-part-size households (default the kind's own) and each worker
// runs --worker-concurrency steps at once (default 1). The PostgreSQL settings that bear
// on the writes are printed, and each figure says how busy the machine was.
import { spawn } from "node:child_process"
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync } from "node:fs"
import { createRequire } from "node:module"
import { availableParallelism, loadavg } from "node:os"
import { fileURLToPath } from "node:url"
import { count, measure, report as printReport } from "./lib.mjs"

const report = (...args) => {
  printReport(...args)
  console.log(`  (load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} on ${availableParallelism()} cores)`)
}

const root = fileURLToPath(new URL("..", import.meta.url))
const work = fileURLToPath(new URL("./.work/", import.meta.url))
const cli = `${root}apps/cli/dist/main.js`
const workerMain = `${root}apps/worker/dist/main.js`
const round = 2564
const seed = 2565

const dbRequire = createRequire(new URL("../packages/db/package.json", import.meta.url))
const pg = dbRequire("pg")

export const defaults = {
  workerHouseholds: 2_000_000,
  workerPgUrl: "postgres://postgres@127.0.0.1:5432/phungpao_bench_worker"
}

const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9
const s = (x) => `${x.toFixed(1)} s`
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Drops and creates the database the URL names (through the server's `postgres` database). */
const freshDatabase = async (url) => {
  const name = new URL(url).pathname.slice(1)
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`--worker-pg-url: database name ${name} must be lower-case letters, digits and _`)
  const admin = new URL(url)
  admin.pathname = "/postgres"
  const client = new pg.Client({ connectionString: admin.toString() })
  await client.connect()
  try {
    await client.query(`drop database if exists ${name} with (force)`)
    await client.query(`create database ${name}`)
  } finally {
    await client.end()
  }
}

/** Runs the CLI on the database; resolves with its wall time and what it printed. */
const runCli = async (args, url, name) => {
  const out = `${work}${name}.out`
  const fd = openSync(out, "w")
  const before = process.env.DATABASE_URL
  process.env.DATABASE_URL = url
  try {
    const r = await measure(process.execPath, [cli, ...args], { stdout: fd })
    const text = readFileSync(out, "utf8")
    if (r.code !== 0) throw new Error(`phungpao ${args.join(" ")} exited ${r.code}: ${text.slice(0, 2000)}`)
    return { ...r, text }
  } finally {
    closeSync(fd)
    if (before === undefined) delete process.env.DATABASE_URL
    else process.env.DATABASE_URL = before
  }
}

/** The generated province as NDJSON (`phungpao generate`), cached. */
const surveyFile = async (households) => {
  mkdirSync(work, { recursive: true })
  const file = `${work}sisaket-${households}-${seed}.ndjson`
  if (!existsSync(file)) {
    const start = process.hrtime.bigint()
    const part = `${file}.part`
    await runCli(["generate", "--province", "33", "--households", String(households), "--seed", String(seed), "--survey-year", String(round), "--out", part], "", "worker-generate")
    renameSync(part, file)
    console.log(`generated ${file} (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB) in ${s(seconds(start))}`)
  }
  return file
}

/** The households of the round in the database, or undefined when it has none (or no such table). */
const held = async (url) => {
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
    return Number((await client.query("select count(*) as n from household where round = $1", [round])).rows[0].n)
  } catch {
    return undefined
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** Starts `pnpm worker` processes and waits until each says it is ready; their lines go to a file each. */
const startWorkers = async (n, url, concurrency, name) => {
  const workers = []
  for (let i = 0; i < n; i++) {
    const log = `${work}${name}-${i}.log`
    const fd = openSync(log, "w")
    const child = spawn(process.execPath, [workerMain, "--concurrency", String(concurrency)], {
      stdio: ["ignore", fd, "inherit"],
      env: { ...process.env, DATABASE_URL: url, PHUNGPAO_WORKER_REMINDERS: "off" }
    })
    closeSync(fd)
    const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)))
    workers.push({ child, log, exited })
  }
  for (const w of workers) {
    for (;;) {
      if (readFileSync(w.log, "utf8").includes("phungpao worker ready")) break
      if (w.child.exitCode !== null) throw new Error(`a worker exited ${w.child.exitCode} before it was ready: ${readFileSync(w.log, "utf8")}`)
      await sleep(100)
    }
  }
  return {
    /** The tasks each worker ran to the end (its log's lines of outcome "done", the plan aside). */
    tasks: () => workers.map((w) => readFileSync(w.log, "utf8").split("\n").filter((l) => l.includes(`"outcome":"done"`) && !l.includes(`"step":"plan"`)).length),
    stop: async () => {
      for (const w of workers) w.child.kill("SIGTERM")
      const codes = await Promise.all(workers.map((w) => w.exited))
      if (codes.some((c) => c !== 0)) throw new Error(`workers exited ${codes.join(", ")}`)
    }
  }
}

/** Submits an evaluate-round job and waits for its end (polling the job table); the wall time from the submit. */
const evaluateJob = async (client, url, key, partSize) => {
  const start = process.hrtime.bigint()
  const args = ["job", "submit", "evaluate-round", "--round", String(round), "--key", key, "--format", "json", ...(partSize === undefined ? [] : ["--part-size", String(partSize)])]
  const submitted = JSON.parse((await runCli(args, url, `worker-submit-${key}`)).text)
  for (;;) {
    const { rows } = await client.query("select status, tasks_done, tasks_total, rows, failure from job where id = $1", [submitted.id])
    const job = rows[0]
    if (job.status === "succeeded") return { seconds: seconds(start), tasks: Number(job.tasks_total), rows: Number(job.rows) }
    if (job.status === "failed" || job.status === "cancelled") throw new Error(`job ${submitted.id} ${job.status}: ${job.failure}`)
    await sleep(100)
  }
}

/** The server's settings that bear on a bulk write, as `show` gives them. */
const settings = async (client) => {
  const names = ["server_version", "shared_buffers", "work_mem", "maintenance_work_mem", "max_wal_size", "checkpoint_timeout", "synchronous_commit", "fsync", "wal_level", "wal_compression", "max_connections", "effective_io_concurrency", "autovacuum"]
  const out = []
  for (const name of names) out.push(`${name}=${(await client.query(`show ${name}`)).rows[0][name]}`)
  return out.join(", ")
}

export const run = async (options) => {
  const households = options.workerHouseholds
  const url = options.workerPgUrl
  const partSize = options.workerPartSize
  const concurrency = options.workerConcurrency ?? 1
  console.log(`\n== worker: evaluate-round of ${count(households)} households on PostgreSQL (${new URL(url).pathname.slice(1)}; part size ${partSize ?? "the kind's default"}, concurrency ${concurrency}) ==`)
  if (!(options.workerReuse && (await held(url)) === households)) {
    const file = await surveyFile(households)
    await freshDatabase(url)
    const imported = await runCli(["import", file, "--round", String(round), "--format", "json"], url, "worker-import")
    const summary = JSON.parse(imported.text)
    if (summary.inserted !== households) throw new Error(`import: ${imported.text}`)
    console.log(`set-up: imported ${count(households)} households in ${s(imported.seconds)} (${count(households / imported.seconds)} households/s, load average ${loadavg()[0].toFixed(2)})`)
  } else console.log(`set-up: the database's round ${round} of ${count(households)} households reused (--worker-reuse)`)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  // Every run stores its decisions into an empty table, so that none pays for replacing
  // (and bloating) what the run before stored; and starts just after a checkpoint, so that
  // none pays for the one the run before's WAL (about 1 GB a run at 2,000,000 households,
  // max_wal_size's default) makes due, nor for the full-page images that follow it.
  const clear = async () => {
    await client.query("truncate decision")
    await client.query("delete from evaluation")
    await client.query("vacuum analyze decision")
    await client.query("analyze")
    await client.query("checkpoint")
  }
  try {
    console.log(`PostgreSQL: ${await settings(client)}`)
    await clear()

    const inProcess = await runCli(["evaluate", "--round", String(round)], url, "worker-evaluate")
    const baseline = households / inProcess.seconds
    console.log(`in-process \`evaluate --round ${round}\`: ${count(baseline)} households/s (${s(inProcess.seconds)}, peak RSS ${inProcess.peakMb.toFixed(0)} MB; load average ${loadavg()[0].toFixed(2)})`)

    const figures = []
    for (const n of [1, 2]) {
      await clear()
      const workers = await startWorkers(n, url, concurrency, `worker-${n}`)
      let job
      try {
        job = await evaluateJob(client, url, `bench-${n}-${Date.now()}`, partSize)
      } finally {
        await workers.stop()
      }
      if (job.rows !== households) throw new Error(`the job with ${n} worker(s) evaluated ${job.rows} households, not ${households}`)
      const rate = households / job.seconds
      figures.push(rate)
      console.log(`evaluate-round job, ${n} worker(s): ${count(rate)} households/s (${s(job.seconds)} submit to succeeded; ${job.tasks} tasks, by worker ${workers.tasks().join(" + ")})`)
    }
    report("1 worker vs in-process evaluate --round, households/s", count(figures[0]), count(baseline), figures[0] / baseline, { text: "≥ 0.85", met: figures[0] / baseline >= 0.85 })
    report("2 workers vs 1 worker, households/s", count(figures[1]), count(figures[0]), figures[1] / figures[0], { text: "≥ 1.3", met: figures[1] / figures[0] >= 1.3 })
  } finally {
    await client.end()
  }
}
