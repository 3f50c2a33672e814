/**
 * What every program does with its database before anything else: bring the schema to
 * the latest migration and, when that made it new (or the directory is empty), seed the
 * area directory from the shipped geography. The CLI, the API and the worker all start so.
 */
import { Registry } from "@phungpao/domain"
import * as Geography from "@phungpao/domain/geography"
import * as Effect from "effect/Effect"
import * as Database from "./Database.js"
import * as Migrations from "./Migrations.js"
import * as Queue from "./Queue.js"

/** Migrates the database and seeds the directory; the names of the migrations run. */
export const prepare = Effect.gen(function* () {
  const database = yield* Database.Database
  const db = yield* database.use(async (db) => db)
  const ran = yield* Migrations.migrateToLatest(db)
  // PostgreSQL's job queue keeps its own schema, brought up to date with ours.
  const pgPool = database.pgPool
  if (pgPool !== undefined) yield* Effect.promise(() => Queue.install(pgPool))
  const directory = yield* Registry.AreaDirectory
  const known = yield* directory.get("10")
  if (ran.length > 0 || known._tag === "None") {
    yield* directory.upsert(Geography.all().map(({ code, level, nameTh, nameEn }) => ({ code, level, nameTh, nameEn })))
  }
  return ran
})
