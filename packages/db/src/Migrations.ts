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

/**
 * The fund's books: settings, contributors, pledges, receipts, requests, the ledger's
 * movements and postings (append-only: triggers refuse UPDATE, DELETE and, on PostgreSQL,
 * TRUNCATE), the stored balance of every account, idempotency entries and sequences.
 * Records are JSON in a `record` column beside the columns queries use; money is integer
 * satang in `bigint` columns.
 */
const fund: Migration = Object.freeze({
  async up(db: Kysely<any>) {
    const postgres = isPostgres(db)
    // The order things were added in: a rowid on SQLite, an identity on PostgreSQL, both
    // assigned by the database so that concurrent writers never pick the same one.
    const position = postgres ? "bigserial" : "integer"

    await db.schema
      .createTable("fund_settings")
      .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn("settings", "text", (c) => c.notNull())
      .execute()

    await db.schema
      .createTable("fund_contributor")
      .addColumn("position", position, (c) => c.primaryKey())
      .addColumn("id", "text", (c) => c.notNull().unique())
      .addColumn("record", "text", (c) => c.notNull())
      .execute()

    // Pledges, receipts and requests: the id (P-1, RC-1, R-1), its number for their order,
    // the columns queries look things up by, and the record.
    const numbered = (table: string) =>
      db.schema
        .createTable(table)
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("number", "integer", (c) => c.notNull().unique())
    await numbered("fund_pledge")
      .addColumn("contributor", "text", (c) => c.notNull())
      .addColumn("record", "text", (c) => c.notNull())
      .execute()
    await numbered("fund_receipt")
      .addColumn("bank_reference", "text", (c) => c.notNull())
      .addColumn("value_date", "text", (c) => c.notNull())
      .addColumn("record", "text", (c) => c.notNull())
      .execute()
    await numbered("fund_request")
      .addColumn("house_code", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("record", "text", (c) => c.notNull())
      .execute()
    await db.schema.createIndex("fund_pledge_contributor").on("fund_pledge").column("contributor").execute()
    await db.schema.createIndex("fund_receipt_bank_reference").on("fund_receipt").column("bank_reference").execute()
    await db.schema.createIndex("fund_request_house_code").on("fund_request").column("house_code").execute()

    await db.schema
      .createTable("fund_movement")
      .addColumn("position", position, (c) => c.primaryKey())
      .addColumn("id", "text", (c) => c.notNull().unique())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("reverses", "text", (c) => c.references("fund_movement.id"))
      .addColumn("at", "text", (c) => c.notNull())
      .execute()

    await db.schema
      .createTable("fund_posting")
      .addColumn("movement_id", "text", (c) => c.notNull().references("fund_movement.id"))
      .addColumn("line", "integer", (c) => c.notNull())
      .addColumn("account", "text", (c) => c.notNull())
      .addColumn("side", "text", (c) => c.notNull().check(sql`side in ('debit', 'credit')`))
      .addColumn("amount", "bigint", (c) => c.notNull().check(sql`amount > 0`))
      .addPrimaryKeyConstraint("fund_posting_pk", ["movement_id", "line"])
      .execute()
    await db.schema.createIndex("fund_posting_account").on("fund_posting").column("account").execute()

    await db.schema
      .createTable("fund_balance")
      .addColumn("account", "text", (c) => c.primaryKey())
      .addColumn("debits", "bigint", (c) => c.notNull())
      .addColumn("credits", "bigint", (c) => c.notNull())
      .execute()

    await db.schema
      .createTable("fund_entry")
      .addColumn("position", position, (c) => c.primaryKey())
      .addColumn("key", "text", (c) => c.notNull().unique())
      .addColumn("command", "text", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .addColumn("result", "text", (c) => c.notNull())
      .addColumn("at", "text", (c) => c.notNull())
      .execute()

    await db.schema
      .createTable("fund_sequence")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("value", "integer", (c) => c.notNull())
      .execute()

    const appendOnly = ["fund_movement", "fund_posting", "fund_entry"]
    if (postgres) {
      await sql`create function fund_append_only() returns trigger language plpgsql as $$
        begin
          raise exception '% is append-only: a correction is a reversing movement', tg_table_name;
        end $$`.execute(db)
      for (const table of appendOnly) {
        await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
          for each row execute function fund_append_only()`.execute(db)
        await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
          for each statement execute function fund_append_only()`.execute(db)
      }
    } else {
      for (const table of appendOnly) {
        for (const event of ["update", "delete"]) {
          await sql`create trigger ${sql.raw(`${table}_no_${event}`)} before ${sql.raw(event)} on ${sql.table(table)}
            begin select raise(abort, ${sql.lit(`${table} is append-only: a correction is a reversing movement`)}); end`.execute(db)
        }
      }
    }
  }
})

/** Every migration this program knows, by name. */
export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  "2026-11-29-001-registry": registry,
  "2026-11-29-002-fund": fund
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
