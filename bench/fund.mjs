// The fund's books under concurrency, on SQLite and PostgreSQL, each figure beside a
// baseline measured in the same run:
//  1. Approvals and payments per second: clients in worker threads, each with its own
//     database handle (on SQLite also one process with one handle, as an application
//     serves its users: the figure held to the target), approve (the approval that reaches the quorum and reserves the
//     money) and then pay their share of `--fund-requests` requests, through the domain's
//     commands under idempotency keys and `FundSql`'s write lock (commands that arrive
//     together in one process share a transaction, each in its savepoint); one operation in twenty
//     is sent twice. The invariants are checked afterwards (none may be broken). Baseline:
//     a loop of single conditional UPDATEs (`UPDATE pool SET available = available - ?
//     WHERE id = ? AND available >= ?`), as many as the operations that took effect, on a
//     fresh table of the same engine: the least any locked write can cost.
//  2. The concurrency suite's harness over `--fund-seeds` seeds (more than the tests run):
//     broken invariants must be none, and the naive books must be caught.
// SQLite files live in bench/.work and are removed; PostgreSQL uses the schema fund_bench
// of the bench database (created when missing), dropped and made afresh.
import { mkdirSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { benchPlan, check, plan, prepare, race } from "../packages/db/test/FundHarness.mjs"
import { count, report } from "./lib.mjs"

const work = fileURLToPath(new URL("./.work/", import.meta.url))
const dbRequire = createRequire(new URL("../packages/db/package.json", import.meta.url))
const SqliteDatabase = dbRequire("better-sqlite3")
const pg = dbRequire("pg")

export const defaults = { fundRequests: 1_000, fundSeeds: 10, clients: 4 }

const targets = { sqlite: 500, postgres: 300 }

// ---------------------------------------------------------------------------------------
// Fresh databases.

const sqliteFiles = []
const freshSqlite = (name) => {
  mkdirSync(work, { recursive: true })
  const file = join(work, `fund-${process.pid}-${name}.db`)
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true })
  sqliteFiles.push(file)
  return { engine: "sqlite", file }
}

const withClient = async (url, f) => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await f(client)
  } finally {
    await client.end()
  }
}

/** The bench database (created when missing), with the schema fund_bench made afresh, first on the search path. */
const freshPostgres = async (pgUrl) => {
  const admin = new URL(pgUrl)
  const name = decodeURIComponent(admin.pathname.slice(1))
  admin.pathname = "/postgres"
  await withClient(admin.toString(), async (c) => {
    const { rowCount } = await c.query("select 1 from pg_database where datname = $1", [name])
    if (rowCount === 0) await c.query(`create database "${name}"`)
  })
  await withClient(pgUrl, (c) => c.query("drop schema if exists fund_bench cascade; create schema fund_bench"))
  const url = new URL(pgUrl)
  url.searchParams.set("options", "-c search_path=fund_bench")
  return { engine: "postgres", url: url.toString() }
}

const fresh = (engine, name, pgUrl) => (engine === "sqlite" ? freshSqlite(name) : freshPostgres(pgUrl))

// ---------------------------------------------------------------------------------------
// The baseline: single conditional UPDATEs in a loop.

const baselineSqlite = (operations) => {
  const { file } = freshSqlite("baseline")
  const db = new SqliteDatabase(file)
  // The pragmas of `Database.open`.
  db.pragma("journal_mode = WAL")
  db.pragma("synchronous = NORMAL")
  db.exec("create table pool (id integer primary key, available bigint not null)")
  db.prepare("insert into pool (id, available) values (1, ?), (2, ?)").run(operations * 1_000, operations * 1_000)
  const update = db.prepare("update pool set available = available - ? where id = ? and available >= ?")
  const start = process.hrtime.bigint()
  let changed = 0
  for (let i = 0; i < operations; i++) changed += update.run(100, 1 + (i % 2), 100).changes
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  db.close()
  if (changed !== operations) throw new Error(`baseline changed ${changed} rows of ${operations}`)
  return seconds
}

const baselinePostgres = (config, operations) =>
  withClient(config.url, async (c) => {
    await c.query("create table pool (id integer primary key, available bigint not null)")
    await c.query("insert into pool (id, available) values (1, $1), (2, $1)", [operations * 1_000])
    const start = process.hrtime.bigint()
    let changed = 0
    for (let i = 0; i < operations; i++) {
      changed += (await c.query("update pool set available = available - $1 where id = $2 and available >= $1", [100, 1 + (i % 2)])).rowCount
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    if (changed !== operations) throw new Error(`baseline changed ${changed} rows of ${operations}`)
    return seconds
  })

// ---------------------------------------------------------------------------------------

const label = { sqlite: "SQLite", postgres: "PostgreSQL" }

/**
 * Approvals and payments per second with `clients` worker threads, each with its own
 * handle running `concurrency` commands at a time, checked after and set beside the
 * baseline; `target` (per second) when the figure is held to one.
 */
const throughput = async (engine, { fundRequests, pgUrl }, { clients, concurrency, target }) => {
  const config = await fresh(engine, `throughput-${clients}`, pgUrl)
  const thePlan = benchPlan({ seed: 2565, requests: fundRequests, clients })
  await prepare(config, thePlan)
  const { outcomes, seconds } = await race(config, thePlan, { concurrency })
  const checked = await check(config, outcomes)
  const effective = new Set(outcomes.filter((o) => o.outcome === "ok").map((o) => o.key)).size
  const rate = effective / seconds
  const baseline = engine === "sqlite" ? baselineSqlite(effective) : await baselinePostgres(config, effective)
  const baselineRate = effective / baseline
  const invariants = checked.broken.length === 0 ? "invariants hold" : `BROKEN: ${checked.broken.map((b) => b.name).join(", ")}`
  const who = clients === 1 ? `one process, ${concurrency} commands at once` : `${clients} worker threads with their own ${label[engine]} handles, ${concurrency} at once each`
  console.log(
    `${label[engine]} (${who}): ${count(outcomes.length)} operations sent, ${count(effective)} took effect ` +
      `(${checked.approved} reservations, ${checked.paid} payments; ${JSON.stringify(checked.tally)}); ${invariants}`
  )
  report(
    `approvals+payments on ${label[engine]}, ${clients === 1 ? "one process" : `${clients} clients`}`,
    `${count(rate)}/s`,
    `${count(baselineRate)}/s single conditional UPDATEs`,
    rate / baselineRate,
    target === undefined ? undefined : { text: `≥ ${target}/s, invariants hold`, met: rate >= target && checked.broken.length === 0 }
  )
}

const seeds = async (engine, { fundSeeds, pgUrl }) => {
  let broken = 0
  let naiveCaught = 0
  for (let seed = 1; seed <= fundSeeds; seed++) {
    for (const naive of [false, true]) {
      const config = await fresh(engine, `seed-${seed}-${naive}`, pgUrl)
      const thePlan = plan({ seed })
      await prepare(config, thePlan)
      const { outcomes } = await race(config, thePlan, { naive })
      const checked = await check(config, outcomes)
      if (naive) naiveCaught += checked.broken.length > 0 ? 1 : 0
      else {
        broken += checked.broken.length
        for (const b of checked.broken) console.log(`  seed ${seed}: ${b.name}: ${b.example}`)
      }
    }
  }
  console.log(
    `${label[engine]} concurrency suite, ${fundSeeds} seeds: ${broken === 0 ? "no invariant broken" : `${broken} BROKEN`}; ` +
      `naive books caught in ${naiveCaught} of ${fundSeeds} seeds${naiveCaught === 0 ? " (HARNESS FAILED TO CATCH)" : ""}`
  )
}

export const run = async (options) => {
  const o = { ...defaults, ...options }
  console.log(`\n== the fund under concurrency: ${count(o.fundRequests)} requests, ${o.clients} clients; ${o.fundSeeds} seeds ==`)
  try {
    // SQLite has one writer: an application serves its clients from one process and one
    // handle, which is the figure held to the target; clients in other processes (worker
    // threads here) wait for the lock in SQLite's busy handler, which sleeps 1, 2, 5, 10 ms…
    await throughput("sqlite", o, { clients: 1, concurrency: 8, target: targets.sqlite })
    await throughput("sqlite", o, { clients: o.clients, concurrency: 1 })
    await seeds("sqlite", o)
    // PostgreSQL: one process serving 16 commands at once (an API server over its pool) is
    // the figure held to the target, as on SQLite; 4 processes' worth of clients (worker
    // threads with their own pools, 4 at once each), whose batches contend for the fund's
    // lock, is printed beside it.
    await throughput("postgres", o, { clients: 1, concurrency: 16, target: targets.postgres })
    await throughput("postgres", o, { clients: o.clients, concurrency: 4 })
    await seeds("postgres", o)
  } finally {
    for (const file of sqliteFiles) for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true })
  }
}
