/**
 * How fast the registry stores and reads a province: upserts synthetic households in
 * batches (new, then unchanged), then pages through them, on SQLite and PostgreSQL.
 * Run after `pnpm --filter @phungpao/db build`:
 *   node bench/registry.mjs [households=50000] [batch=2000] [page=2000]
 * PostgreSQL is PHUNGPAO_PG_URL (default the test database), in a schema dropped after.
 */
import { Registry, SurveyRecord } from "@phungpao/domain"
import { generate } from "@phungpao/synthetic"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import { hash } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import pg from "pg"
import { Database, Migrations, RegistrySql } from "../dist/index.js"

const [households = 50_000, batch = 2000, pageSize = 2000] = process.argv.slice(2).map(Number)
const pgUrl = process.env.PHUNGPAO_PG_URL ?? "postgres://postgres@127.0.0.1:5432/phungpao_test"

const records = [...generate({ province: "33", households, seed: 1 })].map((r) => Either.getOrThrow(SurveyRecord.decode(r)))
const members = records.reduce((n, r) => n + r.members.length, 0)
console.log(`${households} households, ${members} members; batches of ${batch}, pages of ${pageSize}`)
{
  // What the content hash alone costs here (the record's JSON and its sha1, as the adapter
  // stores them): the floor of a re-run that changes nothing.
  const t = performance.now()
  for (const r of records) hash("sha1", JSON.stringify(r), "base64")
  console.log(`JSON + sha1: ${(((performance.now() - t) * 1000) / households).toFixed(1)} µs/household`)
}

const measure = async (name, config) => {
  const handle = Database.open(config)
  try {
    await Effect.runPromise(Migrations.migrateToLatest(handle.db))
    const ports = RegistrySql.layer.pipe(Layer.provide(Layer.succeed(Database.Database, Database.make(handle))))
    const run = (effect) => Effect.runPromise(Effect.provide(effect, ports))
    const upsertAll = () =>
      run(
        Effect.gen(function* () {
          const registry = yield* Registry.HouseholdRegistry
          for (let i = 0; i < records.length; i += batch) yield* registry.upsert(2564, records.slice(i, i + batch))
        })
      )
    // CPU seconds of this process as well as wall time: on a shared machine the wall
    // clock also counts other programs' turns (PostgreSQL's own work is not in it).
    let cpu = process.cpuUsage()
    const cpuSeconds = () => {
      const { user, system } = process.cpuUsage(cpu)
      cpu = process.cpuUsage()
      return (user + system) / 1e6
    }
    let t = performance.now()
    await upsertAll()
    const insertSeconds = (performance.now() - t) / 1000
    const insertCpu = cpuSeconds()
    t = performance.now()
    await upsertAll()
    const unchangedSeconds = (performance.now() - t) / 1000
    const unchangedCpu = cpuSeconds()
    t = performance.now()
    const read = await run(
      Effect.gen(function* () {
        const registry = yield* Registry.HouseholdRegistry
        let after
        let n = 0
        for (;;) {
          const page = yield* registry.page(2564, after === undefined ? { limit: pageSize } : { after, limit: pageSize })
          if (page.length === 0) return n
          n += page.length
          after = page.at(-1).houseCode
        }
      })
    )
    const readSeconds = (performance.now() - t) / 1000
    const readCpu = cpuSeconds()
    if (read !== households) throw new Error(`read ${read} households, stored ${households}`)
    const rates = (n, wall, cpuTime) =>
      `${Math.round(n / wall).toLocaleString("en")}/s (${Math.round(n / cpuTime).toLocaleString("en")}/s of CPU)`
    console.log(`${name}:`)
    console.log(`  insert     ${insertSeconds.toFixed(2)} s, member rows ${rates(members, insertSeconds, insertCpu)}`)
    console.log(`  unchanged  ${unchangedSeconds.toFixed(2)} s, households ${rates(households, unchangedSeconds, unchangedCpu)}`)
    console.log(`  page read  ${readSeconds.toFixed(2)} s, households ${rates(households, readSeconds, readCpu)}`)
  } finally {
    await handle.close()
  }
}

const folder = mkdtempSync(join(tmpdir(), "phungpao-bench-"))
try {
  await measure("SQLite", { engine: "sqlite", file: join(folder, "phungpao.db") })
} finally {
  rmSync(folder, { recursive: true, force: true })
}

const schema = `bench_${process.pid}`
const admin = new pg.Client({ connectionString: pgUrl })
await admin.connect()
await admin.query(`create schema ${schema}`)
try {
  const url = new URL(pgUrl)
  url.searchParams.set("options", `-c search_path=${schema}`)
  await measure("PostgreSQL", { engine: "postgres", url: url.toString() })
} finally {
  await admin.query(`drop schema ${schema} cascade`)
  await admin.end()
}
