import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import { sql } from "kysely"
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
