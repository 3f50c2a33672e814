import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import { Migrator, sql } from "kysely"
import { describe, expect, it } from "vitest"
import { Database, Migrations } from "../src/index.js"
import { type EngineName, freshDatabase } from "./engines.js"

const kysely = Effect.flatMap(Database.Database, (database) => database.use(async (db) => db))

describe.each<[string, EngineName]>([
  ["SQLite", "sqlite"],
  ["PostgreSQL", "postgres"]
])("Migrations on %s", (_, engine) => {
  const run = <A, E>(program: Effect.Effect<A, E, Database.Database>) =>
    Effect.runPromiseExit(Effect.provide(program, freshDatabase(engine)))

  it("brings a new database to the latest schema, and a second run does nothing", async () => {
    const exit = await run(
      Effect.gen(function* () {
        const db = yield* kysely
        const first = yield* Migrations.migrateToLatest(db)
        const second = yield* Migrations.migrateToLatest(db)
        const tables = yield* Effect.forEach(["area", "household", "member", "decision", "evaluation"], (table) =>
          Effect.promise(() => sql`select * from ${sql.table(table)}`.execute(db).then((r) => r.rows))
        )
        return { first, second, tables }
      })
    )
    const { first, second, tables } = Exit.getOrElse(exit, (cause) => expect.fail(Cause.pretty(cause)))
    expect(first).toEqual(Object.keys(Migrations.migrations).sort())
    expect(first.at(-1)).toBe(Migrations.latest)
    expect(second).toEqual([])
    expect(tables).toEqual([[], [], [], [], []])
  })

  it("gives existing receipts their normalised reference, keeping a repeated one apart, then refuses a repeat", async () => {
    const exit = await run(
      Effect.gen(function* () {
        const db = yield* kysely
        const before = Object.fromEntries(Object.entries(Migrations.migrations).filter(([name]) => name < "2026-12-03-010-receipt-reference"))
        yield* Effect.promise(() => new Migrator({ db, provider: { getMigrations: async () => before } }).migrateToLatest())
        for (const [n, reference] of [[1, "KTB-0001"], [2, " ktb-0001"], [3, "SCB-7"]] as const) {
          yield* Effect.promise(() =>
            sql`insert into fund_receipt (id, number, bank_reference, value_date, record) values (${`RC-${n}`}, ${n}, ${reference}, '2022-01-05', '{}')`.execute(db))
        }
        const ran = yield* Migrations.migrateToLatest(db)
        const rows = yield* Effect.promise(() => sql<{ id: string; reference_key: string }>`select id, reference_key from fund_receipt order by number`.execute(db))
        const repeat = yield* Effect.promise(() =>
          sql`insert into fund_receipt (id, number, bank_reference, reference_key, value_date, record) values ('RC-4', 4, 'SCB-7', 'scb-7', '2022-01-05', '{}')`
            .execute(db)
            .then(() => "stored", () => "refused"))
        return { ran, rows: rows.rows, repeat }
      })
    )
    const { ran, rows, repeat } = Exit.getOrElse(exit, (cause) => expect.fail(Cause.pretty(cause)))
    expect(ran).toContain("2026-12-03-010-receipt-reference")
    expect(rows).toEqual([
      { id: "RC-1", reference_key: "ktb-0001" },
      { id: "RC-2", reference_key: "ktb-0001#RC-2" },
      { id: "RC-3", reference_key: "scb-7" }
    ])
    expect(repeat).toBe("refused")
  })

  it("accepts a new, empty database", async () => {
    expect(await run(Effect.flatMap(kysely, Migrations.checkSchema))).toEqual(Exit.void)
  })

  it("refuses a database that a newer program migrated, saying so", async () => {
    const newer = "2099-01-05-001-fund-ledger"
    const exit = await run(
      Effect.gen(function* () {
        const db = yield* kysely
        yield* Migrations.migrateToLatest(db)
        yield* Effect.promise(() => sql`insert into kysely_migration (name, timestamp) values (${newer}, ${new Date().toISOString()})`.execute(db))
        const checked = yield* Effect.either(Migrations.checkSchema(db))
        const migrated = yield* Effect.either(Migrations.migrateToLatest(db))
        const layered = yield* Effect.either(Layer.build(Migrations.layer).pipe(Effect.scoped))
        return { checked, migrated, layered }
      })
    )
    const { checked, migrated, layered } = Exit.getOrElse(exit, (cause) => expect.fail(Cause.pretty(cause)))
    for (const result of [checked, migrated, layered] as ReadonlyArray<Either.Either<unknown, Migrations.SchemaTooNew>>) {
      expect(result).toMatchObject({ _tag: "Left", left: { _tag: "SchemaTooNew", migration: newer, latest: Migrations.latest } })
      expect(Either.isLeft(result) && result.left.message).toBe(
        `database schema ${newer} is newer than this program (latest ${Migrations.latest}): upgrade Phungpao`
      )
    }
  })
})
