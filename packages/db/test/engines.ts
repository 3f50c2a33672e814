/**
 * The engines every suite runs on, as in Kysely's own test setup: the same tests against
 * an SQLite file and a PostgreSQL schema, each made fresh for one test and removed after.
 */
import type { Registry } from "@phungpao/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { sql } from "kysely"
import pg from "pg"
import { type Config, Database, Migrations, RegistrySql } from "../src/index.js"

export const postgresUrl = process.env["PHUNGPAO_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/phungpao_test"

export const redact = (url: string) => url.replace(/\/\/[^@/]*@/, "//***@")

/** A new SQLite file in a new temporary folder, removed with the scope. */
const sqlite: Effect.Effect<Config, never, Scope.Scope> = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "phungpao-db-"))),
  (folder) => Effect.sync(() => rmSync(folder, { recursive: true, force: true }))
).pipe(Effect.map((folder): Config => ({ engine: "sqlite", file: join(folder, "registry", "phungpao.db") })))

let schemas = 0

const admin = <A>(f: (client: pg.Client) => Promise<A>): Effect.Effect<A> =>
  Effect.promise(async () => {
    const client = new pg.Client({ connectionString: postgresUrl })
    await client.connect()
    try {
      return await f(client)
    } finally {
      await client.end()
    }
  })

/**
 * A new schema of the test database, dropped with the scope: the returned URL puts it
 * first on the search path, so test files can run side by side.
 */
const postgres: Effect.Effect<Config, never, Scope.Scope> = Effect.acquireRelease(
  Effect.sync(() => `t_${process.pid}_${++schemas}_${Math.random().toString(36).slice(2, 8)}`).pipe(
    Effect.tap((schema) => admin((client) => client.query(`create schema ${schema}`)))
  ),
  (schema) => admin((client) => client.query(`drop schema ${schema} cascade`))
).pipe(
  Effect.map((schema): Config => {
    const url = new URL(postgresUrl)
    url.searchParams.set("options", `-c search_path=${schema}`)
    return { engine: "postgres", url: url.toString() }
  })
)

export const engines = { sqlite, postgres } as const
export type EngineName = keyof typeof engines

/** A fresh, empty database on an engine (not migrated). */
export const freshDatabase = (engine: EngineName): Layer.Layer<Database.Database> =>
  Layer.unwrapScoped(Effect.map(engines[engine], Database.layer))

/** A fresh database at the latest schema with the registry's ports over it. */
export const registry = (
  engine: EngineName
): Layer.Layer<Registry.HouseholdRegistry | Registry.DecisionStore | Registry.AreaDirectory | Database.Database> =>
  Layer.mergeAll(RegistrySql.layer, Migrations.layer).pipe(Layer.orDie, Layer.provideMerge(freshDatabase(engine)))

/** The database's answer to a raw statement: its error message, or "done" (for the tests of what the database itself refuses). */
export const attempt = (statement: string) =>
  Effect.flatMap(Database.Database, (database) =>
    database.use((db) =>
      sql.raw(statement).execute(db).then(
        () => "done",
        (error: Error) => error.message
      )
    ))
