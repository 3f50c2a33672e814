/**
 * The registry's schema as frozen migrations, named by the day they were written and run
 * in name order by Kysely's `Migrator`. A migration is never edited once released: a
 * change is a new migration. Each takes `Kysely<any>` (the schema of its own day, not
 * today's table types), imports no domain code and runs on SQLite and PostgreSQL alike.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { type Kysely, type Migration, Migrator, PostgresAdapter, sql } from "kysely"
import * as Database from "./Database.js"

/** Households with members, decisions with their evaluation, and the area directory. */
const registry: Migration = Object.freeze({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("area")
      .addColumn("code", "text", (c) => c.primaryKey())
      .addColumn("level", "text", (c) => c.notNull())
      .addColumn("parent", "text")
      .addColumn("name_th", "text", (c) => c.notNull())
      .addColumn("name_en", "text", (c) => c.notNull())
      .execute()
    await db.schema.createIndex("area_parent").on("area").column("parent").execute()

    await db.schema
      .createTable("household")
      .addColumn("round", "integer", (c) => c.notNull())
      .addColumn("house_code", "text", (c) => c.notNull())
      .addColumn("village_code", "text", (c) => c.notNull())
      .addColumn("house_number", "text")
      .addColumn("survey_year", "integer", (c) => c.notNull())
      .addColumn("surveyed_on", "text", (c) => c.notNull())
      .addColumn("welfare_card", "text", (c) => c.notNull())
      .addColumn("persons", "integer", (c) => c.notNull())
      .addColumn("record", "text", (c) => c.notNull())
      .addColumn("content_hash", "text", (c) => c.notNull())
      .addColumn("imported_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("household_pk", ["round", "house_code"])
      .execute()
    await db.schema.createIndex("household_village").on("household").columns(["round", "village_code"]).execute()

    await db.schema
      .createTable("member")
      .addColumn("round", "integer", (c) => c.notNull())
      .addColumn("house_code", "text", (c) => c.notNull())
      .addColumn("ordinal", "integer", (c) => c.notNull())
      .addColumn("citizen_id", "text", (c) => c.notNull())
      .addColumn("title", "text")
      .addColumn("first_name", "text", (c) => c.notNull())
      .addColumn("last_name", "text", (c) => c.notNull())
      .addColumn("sex", "text", (c) => c.notNull())
      .addColumn("birth_date", "text", (c) => c.notNull())
      .addColumn("relation", "text", (c) => c.notNull())
      .addColumn("answers", "text", (c) => c.notNull())
      .addColumn("extra", "text")
      .addPrimaryKeyConstraint("member_pk", ["round", "house_code", "ordinal"])
      .addForeignKeyConstraint("member_household", ["round", "house_code"], "household", ["round", "house_code"], (c) =>
        c.onDelete("cascade")
      )
      .execute()
    await db.schema.createIndex("member_citizen").on("member").column("citizen_id").execute()

    await db.schema
      .createTable("evaluation")
      .addColumn("round", "integer", (c) => c.notNull())
      .addColumn("rule_set_key", "text", (c) => c.notNull())
      .addColumn("rule_set_id", "text", (c) => c.notNull())
      .addColumn("parameters", "text", (c) => c.notNull())
      .addColumn("evaluated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("evaluation_pk", ["round", "rule_set_key"])
      .execute()

    await db.schema
      .createTable("decision")
      .addColumn("round", "integer", (c) => c.notNull())
      .addColumn("rule_set_key", "text", (c) => c.notNull())
      .addColumn("house_code", "text", (c) => c.notNull())
      .addColumn("rule_set_id", "text", (c) => c.notNull())
      .addColumn("survey_year", "integer", (c) => c.notNull())
      .addColumn("statuses", "text", (c) => c.notNull())
      .addColumn("members", "text")
      .addColumn("survey_poor", "integer", (c) => c.notNull())
      .addColumn("target", "integer", (c) => c.notNull())
      .addColumn("failed_dimensions", "integer", (c) => c.notNull())
      .addColumn("reasons", "text")
      .addColumn("village_code", "text", (c) => c.notNull())
      .addColumn("persons", "integer", (c) => c.notNull())
      .addColumn("evaluated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("decision_pk", ["round", "rule_set_key", "house_code"])
      .execute()
    await db.schema
      .createIndex("decision_village")
      .on("decision")
      .columns(["round", "rule_set_key", "village_code"])
      .execute()
  }
})

/** Every migration this program knows, by name. */
export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  "2026-11-29-001-registry": registry
})

/** The name of the newest migration: the schema version this program writes. */
export const latest: string = Object.keys(migrations).sort().at(-1)!

/** The database was migrated by a newer Phungpao than this one. */
export class SchemaTooNew extends Schema.TaggedError<SchemaTooNew>()("SchemaTooNew", {
  /** The newest migration the database has and this program does not know. */
  migration: Schema.String,
  latest: Schema.String
}) {
  override get message(): string {
    return `database schema ${this.migration} is newer than this program (latest ${this.latest}): upgrade Phungpao`
  }
}

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter

/**
 * The schema the migration table lives in on PostgreSQL. Kysely looks for its table in
 * every schema of the database, so without this a second registry in another schema
 * (as the tests make) would be taken for this one.
 */
const schemaOf = async (db: Kysely<any>): Promise<string | undefined> => {
  if (!isPostgres(db)) return undefined
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)
  return rows[0]?.schema ?? undefined
}

/** Names of the migrations the database has run (none for a new database). */
const executed = async (db: Kysely<any>): Promise<ReadonlyArray<string>> => {
  const { rows } = isPostgres(db)
    ? await sql<{ n: string }>`select count(*) as n from information_schema.tables where table_schema = current_schema() and table_name = 'kysely_migration'`.execute(db)
    : await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(db)
  if (Number(rows[0]?.n ?? 0) === 0) return []
  const names = await db.selectFrom("kysely_migration").select("name").execute()
  return names.map((row) => row.name as string)
}

/**
 * Fails with `SchemaTooNew` when the database has migrations this program does not know,
 * before anything reads or writes tables whose shape it cannot trust.
 */
export const checkSchema = (db: Kysely<any>): Effect.Effect<void, SchemaTooNew> =>
  Effect.promise(() => executed(db)).pipe(
    Effect.flatMap((names) => {
      const unknown = names.filter((name) => !(name in migrations)).sort()
      return unknown.length === 0 ? Effect.void : Effect.fail(new SchemaTooNew({ migration: unknown.at(-1)!, latest }))
    })
  )

/**
 * Runs the migrations the database has not run yet, in name order, and returns their
 * names (none when it is up to date).
 *
 * @example yield* Migrations.migrateToLatest(db) // ["2026-11-29-001-registry"] on a new database
 */
export const migrateToLatest = (db: Kysely<any>): Effect.Effect<ReadonlyArray<string>, SchemaTooNew> =>
  Effect.zipRight(
    checkSchema(db),
    Effect.promise(async () => {
      const migrationTableSchema = await schemaOf(db)
      const migrator = new Migrator({
        db,
        provider: { getMigrations: async () => migrations },
        ...(migrationTableSchema === undefined ? {} : { migrationTableSchema })
      })
      const { error, results = [] } = await migrator.migrateToLatest()
      if (error !== undefined) {
        const failed = results.find((r) => r.status === "Error")?.migrationName ?? "(before any migration)"
        throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
      }
      return results.map((r) => r.migrationName)
    })
  )

/** Brings the database of the `Database` service to the latest schema when the layer is built. */
export const layer: Layer.Layer<never, SchemaTooNew, Database.Database> = Layer.effectDiscard(
  Database.Database.pipe(
    Effect.flatMap((database) => database.use(async (db) => db)),
    Effect.flatMap(migrateToLatest)
  )
)
