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
import * as Chain from "./Chain.js"
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

/**
 * The household journey: agencies (seeded with the usual provincial offices as of this
 * day), teams and their members, users with a role and an area scope, target households
 * with their verification, five-capital scores and mentor team, problems, 4T plan
 * actions, the logbook (append-only: triggers refuse UPDATE, DELETE and, on PostgreSQL,
 * TRUNCATE), follow-up visits, district deadlines, idempotency entries (append-only too)
 * and sequences. Money is integer satang in `bigint` columns; lists are JSON text.
 */
const journey: Migration = Object.freeze({
  async up(db: Kysely<any>) {
    const postgres = isPostgres(db)
    const position = postgres ? "bigserial" : "integer"

    await db.schema
      .createTable("journey_agency")
      .addColumn("code", "text", (c) => c.primaryKey())
      .addColumn("name_th", "text", (c) => c.notNull())
      .addColumn("name_en", "text", (c) => c.notNull())
      .addColumn("abbreviation_th", "text")
      .execute()
    // The provincial offices every province has, as the domain listed them on this day
    // (a migration never imports the domain): later additions come through the commands.
    const agencies: ReadonlyArray<readonly [string, string, string, string | null]> = [
      ["cdd", "สำนักงานพัฒนาชุมชนจังหวัด", "Provincial Community Development Office", "พช.จ."],
      ["sdhs", "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด", "Provincial Office of Social Development and Human Security", "พมจ."],
      ["health", "สำนักงานสาธารณสุขจังหวัด", "Provincial Public Health Office", "สสจ."],
      ["education", "สำนักงานศึกษาธิการจังหวัด", "Provincial Education Office", "ศธจ."],
      ["labour", "สำนักงานแรงงานจังหวัด", "Provincial Labour Office", null],
      ["employment", "สำนักงานจัดหางานจังหวัด", "Provincial Employment Office", null],
      ["skills", "สำนักงานพัฒนาฝีมือแรงงาน", "Skill Development Office", null],
      ["agriculture", "สำนักงานเกษตรจังหวัด", "Provincial Agriculture Office", null],
      ["livestock", "สำนักงานปศุสัตว์จังหวัด", "Provincial Livestock Office", null],
      ["fisheries", "สำนักงานประมงจังหวัด", "Provincial Fisheries Office", null],
      ["local-government", "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด", "Provincial Local Administration Office", "สถ.จ."],
      ["interior", "ที่ทำการปกครองจังหวัด", "Provincial Administration Office", null],
      ["land", "สำนักงานที่ดินจังหวัด", "Provincial Land Office", null],
      ["commerce", "สำนักงานพาณิชย์จังหวัด", "Provincial Commerce Office", null],
      ["industry", "สำนักงานอุตสาหกรรมจังหวัด", "Provincial Industry Office", null],
      ["baac", "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร", "Bank for Agriculture and Agricultural Cooperatives", "ธ.ก.ส."],
      ["red-cross", "เหล่ากาชาดจังหวัด", "Provincial Red Cross Chapter", null]
    ]
    await db
      .insertInto("journey_agency")
      .values(agencies.map(([code, name_th, name_en, abbreviation_th]) => ({ code, name_th, name_en, abbreviation_th })))
      .execute()

    await db.schema
      .createTable("journey_team")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('subdistrictOperation', 'mentor')`))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("area", "text", (c) => c.notNull())
      .execute()
    await db.schema.createIndex("journey_team_area").on("journey_team").column("area").execute()
    await db.schema
      .createTable("journey_team_member")
      .addColumn("team_id", "text", (c) => c.notNull().references("journey_team.id").onDelete("cascade"))
      .addColumn("ordinal", "integer", (c) => c.notNull())
      .addColumn("user_id", "text")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("agency", "text", (c) => c.references("journey_agency.code"))
      .addPrimaryKeyConstraint("journey_team_member_pk", ["team_id", "ordinal"])
      .execute()

    await db.schema
      .createTable("journey_user")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("agency", "text", (c) => c.references("journey_agency.code"))
      .addColumn("team_id", "text", (c) => c.references("journey_team.id"))
      .execute()
    await db.schema
      .createTable("journey_user_scope")
      .addColumn("user_id", "text", (c) => c.notNull().references("journey_user.id").onDelete("cascade"))
      .addColumn("ordinal", "integer", (c) => c.notNull())
      .addColumn("area", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("journey_user_scope_pk", ["user_id", "ordinal"])
      .execute()

    // A target household in the journey; `failed` is JSON [{indicator, dimension}].
    await db.schema
      .createTable("journey_household")
      .addColumn("house_code", "text", (c) => c.primaryKey())
      .addColumn("village_code", "text", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('survey', 'field')`))
      .addColumn("round", "integer", (c) => c.notNull())
      .addColumn("failed", "text", (c) => c.notNull())
      .addColumn("analysed_on", "text")
      .addColumn("analysed_by", "text")
      .addColumn("agreed_on", "text")
      .addColumn("agreed_by", "text")
      .execute()
    await db.schema.createIndex("journey_household_village").on("journey_household").column("village_code").execute()

    await db.schema
      .createTable("journey_verification")
      .addColumn("house_code", "text", (c) => c.primaryKey().references("journey_household.house_code"))
      .addColumn("outcome", "text", (c) => c.notNull().check(sql`outcome in ('confirmed', 'corrected', 'added')`))
      .addColumn("verified_on", "text", (c) => c.notNull())
      .addColumn("verified_by", "text", (c) => c.notNull())
      .addColumn("note", "text")
      .execute()

    const score = (name: string) => sql.raw(`${name} is null or ${name} between 1 and 5`)
    await db.schema
      .createTable("journey_capital")
      .addColumn("house_code", "text", (c) => c.primaryKey().references("journey_household.house_code"))
      .addColumn("score_human", "integer", (c) => c.check(score("score_human")))
      .addColumn("score_physical", "integer", (c) => c.check(score("score_physical")))
      .addColumn("score_financial", "integer", (c) => c.check(score("score_financial")))
      .addColumn("score_natural", "integer", (c) => c.check(score("score_natural")))
      .addColumn("score_social", "integer", (c) => c.check(score("score_social")))
      .execute()

    await db.schema
      .createTable("journey_mentor_assignment")
      .addColumn("house_code", "text", (c) => c.primaryKey().references("journey_household.house_code"))
      .addColumn("team_id", "text", (c) => c.notNull().references("journey_team.id"))
      .execute()
    await db.schema.createIndex("journey_mentor_assignment_team").on("journey_mentor_assignment").column("team_id").execute()

    // A problem: one failed indicator of a household; `closure` is JSON (a mark or a round's pass).
    await db.schema
      .createTable("journey_problem")
      .addColumn("position", position, (c) => c.primaryKey())
      .addColumn("house_code", "text", (c) => c.notNull().references("journey_household.house_code"))
      .addColumn("indicator", "integer", (c) => c.notNull())
      .addColumn("dimension", "text", (c) => c.notNull())
      .addColumn("opened_on", "text", (c) => c.notNull())
      .addColumn("closed_as", "text")
      .addColumn("closure", "text")
      .addUniqueConstraint("journey_problem_house_indicator", ["house_code", "indicator"])
      .execute()

    await db.schema
      .createTable("journey_action")
      .addColumn("position", position, (c) => c.primaryKey())
      .addColumn("id", "text", (c) => c.notNull().unique())
      .addColumn("house_code", "text", (c) => c.notNull().references("journey_household.house_code"))
      .addColumn("part", "text", (c) => c.notNull().check(sql`part in ('attitude', 'skills', 'resources', 'wayOut')`))
      .addColumn("description", "text", (c) => c.notNull())
      .addColumn("problems", "text", (c) => c.notNull())
      .addColumn("responsible_kind", "text", (c) => c.notNull().check(sql`responsible_kind in ('agency', 'team')`))
      .addColumn("responsible", "text", (c) => c.notNull())
      .addColumn("budget_source", "text", (c) => c.notNull())
      .addColumn("planned_cost", "bigint", (c) => c.notNull().check(sql`planned_cost >= 0`))
      .addColumn("due", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('planned', 'inProgress', 'done', 'cancelled')`))
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute()
    await db.schema.createIndex("journey_action_house").on("journey_action").column("house_code").execute()

    // The logbook: never updated, never deleted; a correction is a reversal entry. No key to
    // the household: a fund payment appends for a household the journey may not hold yet.
    await db.schema
      .createTable("journey_logbook")
      .addColumn("position", position, (c) => c.primaryKey())
      .addColumn("id", "text", (c) => c.notNull().unique())
      .addColumn("house_code", "text", (c) => c.notNull())
      .addColumn("village_code", "text", (c) => c.notNull())
      .addColumn("member", "text")
      .addColumn("given_on", "text", (c) => c.notNull())
      .addColumn("giver_agency", "text")
      .addColumn("giver_team", "text")
      .addColumn("giver_person", "text")
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("value", "bigint", (c) => c.notNull())
      .addColumn("problems", "text", (c) => c.notNull())
      .addColumn("action_id", "text")
      .addColumn("budget_source", "text", (c) => c.notNull())
      .addColumn("evidence", "text")
      .addColumn("note", "text")
      .addColumn("fund_request", "text")
      .addColumn("reverses", "text", (c) => c.references("journey_logbook.id").unique())
      .addColumn("reason", "text")
      .addColumn("recorded_by", "text", (c) => c.notNull())
      .addColumn("recorded_at", "text", (c) => c.notNull())
      .addCheckConstraint("journey_logbook_reversal", sql`(reverses is null) = (reason is null)`)
      .execute()
    await db.schema.createIndex("journey_logbook_house").on("journey_logbook").column("house_code").execute()
    await db.schema.createIndex("journey_logbook_village").on("journey_logbook").column("village_code").execute()

    await db.schema
      .createTable("journey_visit")
      .addColumn("position", position, (c) => c.primaryKey())
      .addColumn("id", "text", (c) => c.notNull().unique())
      .addColumn("house_code", "text", (c) => c.notNull().references("journey_household.house_code"))
      .addColumn("visited_on", "text", (c) => c.notNull())
      .addColumn("stage", "text", (c) => c.notNull().check(sql`stage in ('survive', 'sufficient', 'sustainable')`))
      .addColumn("confirms", "text", (c) => c.notNull())
      .addColumn("note", "text")
      .addColumn("visited_by", "text", (c) => c.notNull())
      .addColumn("recorded_at", "text", (c) => c.notNull())
      .execute()
    await db.schema.createIndex("journey_visit_house").on("journey_visit").column("house_code").execute()

    await db.schema
      .createTable("journey_deadline")
      .addColumn("district", "text", (c) => c.primaryKey())
      .addColumn("due", "text", (c) => c.notNull())
      .addColumn("set_by", "text", (c) => c.notNull())
      .addColumn("set_at", "text", (c) => c.notNull())
      .execute()

    await db.schema
      .createTable("journey_entry")
      .addColumn("position", position, (c) => c.primaryKey())
      .addColumn("key", "text", (c) => c.notNull().unique())
      .addColumn("command", "text", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .addColumn("result", "text", (c) => c.notNull())
      .addColumn("at", "text", (c) => c.notNull())
      .execute()

    await db.schema
      .createTable("journey_sequence")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("value", "integer", (c) => c.notNull())
      .execute()

    const appendOnly = ["journey_logbook", "journey_entry"]
    if (postgres) {
      await sql`create function journey_append_only() returns trigger language plpgsql as $$
        begin
          raise exception '% is append-only: a correction is a reversal entry', tg_table_name;
        end $$`.execute(db)
      for (const table of appendOnly) {
        await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
          for each row execute function journey_append_only()`.execute(db)
        await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
          for each statement execute function journey_append_only()`.execute(db)
      }
    } else {
      for (const table of appendOnly) {
        for (const event of ["update", "delete"]) {
          await sql`create trigger ${sql.raw(`${table}_no_${event}`)} before ${sql.raw(event)} on ${sql.table(table)}
            begin select raise(abort, ${sql.lit(`${table} is append-only: a correction is a reversal entry`)}); end`.execute(db)
        }
      }
    }
  }
})

/**
 * The registry kept once and compact: a household's `record` is written as a layout's
 * array of values (see `RecordText`; rows written before stay readable as they are), a
 * re-import compares that text itself (`content_hash` goes), and the member table keeps
 * only what finds a person (citizen ID, as a number, to round, house and place in the
 * household; one row per person and household): the names, dates and answers it copied
 * from the record go. On SQLite the member table is its primary key alone (WITHOUT
 * ROWID): one B-tree a person instead of three. The indexes by village of households and
 * decisions go: an area's rows are asked for by a prefix of the village code
 * (`substr(village_code, 1, n)`), which no index serves, so they only cost every write.
 */
const compactRegistry: Migration = Object.freeze({
  async up(db: Kysely<any>) {
    const postgres = isPostgres(db)
    await db.schema.alterTable("household").dropColumn("content_hash").execute()
    await db.schema.dropIndex("household_village").execute()
    await db.schema.dropIndex("decision_village").execute()
    // A citizen ID is 13 digits: kept as a number, its key compares and stores in 8 bytes
    // (a 400,000-household import into PostgreSQL is ~10% faster); read back, it is padded
    // to 13 digits again. House codes compare bytewise on PostgreSQL (digits only, the
    // same order), not by the database's locale.
    const code = postgres ? sql`text collate "C"` : sql`text`
    let person = db.schema
      .createTable("member_person")
      .addColumn("citizen_id", "bigint", (c) => c.notNull())
      .addColumn("round", "integer", (c) => c.notNull())
      .addColumn("house_code", code, (c) => c.notNull())
      .addColumn("ordinal", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("member_person_pk", ["citizen_id", "round", "house_code"])
    if (!postgres) person = person.modifyEnd(sql`without rowid`)
    await person.execute()
    await sql`insert into member_person (citizen_id, round, house_code, ordinal)
      select cast(citizen_id as bigint), round, house_code, ordinal from member`.execute(db)
    await db.schema.dropTable("member").execute()
    await db.schema.alterTable("member_person").renameTo("member").execute()
  }
})

/**
 * Who may call the API and what they read: API tokens (only a hash of each secret; the
 * user it acts as; when it was made, by whom, when it expires or was revoked) and the
 * audit log of personal-data reads and writes, append-only (triggers refuse UPDATE and
 * DELETE, and on PostgreSQL TRUNCATE).
 */
const apiAccess: Migration = Object.freeze({
  async up(db: Kysely<any>) {
    const postgres = isPostgres(db)
    await db.schema
      .createTable("api_token")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull().unique())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("expires_at", "text")
      .addColumn("revoked_at", "text")
      .execute()
    await db.schema
      .createTable("api_sequence")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("value", "integer", (c) => c.notNull())
      .execute()
    await db.schema
      .createTable("audit_entry")
      .addColumn("seq", postgres ? "bigserial" : "integer", (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("actor_id", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("what", "text", (c) => c.notNull())
      .addColumn("house_codes", "text", (c) => c.notNull())
      .addColumn("reason", "text")
      .execute()
    await db.schema.createIndex("audit_entry_actor").on("audit_entry").columns(["actor_id", "at"]).execute()
    if (postgres) {
      await sql`create function audit_append_only() returns trigger language plpgsql as $$
        begin
          raise exception '% is append-only', tg_table_name;
        end $$`.execute(db)
      await sql`create trigger audit_entry_append_only before update or delete on audit_entry
        for each row execute function audit_append_only()`.execute(db)
      await sql`create trigger audit_entry_no_truncate before truncate on audit_entry
        for each statement execute function audit_append_only()`.execute(db)
    } else {
      for (const event of ["update", "delete"]) {
        await sql`create trigger ${sql.raw(`audit_entry_no_${event}`)} before ${sql.raw(event)} on audit_entry
          begin select raise(abort, 'audit_entry is append-only'); end`.execute(db)
      }
    }
  }
})

/**
 * The books made tamper-evident: the ledger's movements and the logbook gain a hash chain
 * (`prev_hash`, `hash`: see `Chain`; the rows already there are chained in their order),
 * and every table of the books refuses what the domain never does. Movements, postings,
 * the fund's idempotency entries and the audit log refuse an INSERT that would replace a row
 * (SQLite's `INSERT OR REPLACE`); requests, receipts, pledges, contributors, settings and
 * balances refuse DELETE; a request changes only by a legal transition (requested to
 * reserved or rejected, reserved to paid, cancelled or rejected), a receipt only by its
 * reversal, a balance only by adding. On PostgreSQL every trigger of the books fires
 * ALWAYS, so `session_replication_role = replica` does not skip them.
 */
const tamperEvidence: Migration = Object.freeze({
  async up(db: Kysely<any>) {
    const postgres = isPostgres(db)
    for (const table of ["fund_movement", "journey_logbook"]) {
      await db.schema.alterTable(table).addColumn("prev_hash", "text").execute()
      await db.schema.alterTable(table).addColumn("hash", "text").execute()
    }
    // The rows already there, chained in order (their UPDATE trigger stepped aside meanwhile).
    const movements = await sql<Record<string, unknown>>`select m.position, m.id, m.kind, m.reverses, m.at, p.line, p.account, p.side, p.amount
      from fund_movement m left join fund_posting p on p.movement_id = m.id order by m.position, p.line`.execute(db)
    const chained: Array<{ position: unknown; prev: string; hash: string }> = []
    let prev = Chain.genesis
    for (let i = 0; i < movements.rows.length; ) {
      const first = movements.rows[i]!
      const postings: Array<readonly [unknown, unknown, unknown, unknown]> = []
      for (; i < movements.rows.length && movements.rows[i]!["position"] === first["position"]; i++) {
        const p = movements.rows[i]!
        if (p["line"] !== null) postings.push([p["line"], p["account"], p["side"], p["amount"]])
      }
      const hash = Chain.link(prev, Chain.movementText([first["id"], first["kind"], first["reverses"], first["at"]], postings))
      chained.push({ position: first["position"], prev, hash })
      prev = hash
    }
    const entries = await sql<Record<string, unknown>>`select * from journey_logbook order by position`.execute(db)
    const logged: Array<{ position: unknown; prev: string; hash: string }> = []
    prev = Chain.genesis
    for (const row of entries.rows) {
      const hash = Chain.link(prev, Chain.text(Chain.logbookColumns.map((c) => row[c])))
      logged.push({ position: row["position"], prev, hash })
      prev = hash
    }
    for (const [table, rows, trigger] of [
      ["fund_movement", chained, "fund_append_only"],
      ["journey_logbook", logged, "journey_append_only"]
    ] as const) {
      if (rows.length === 0) continue
      if (postgres) await sql`alter table ${sql.table(table)} disable trigger ${sql.raw(`${table}_append_only`)}`.execute(db)
      else await sql`drop trigger ${sql.raw(`${table}_no_update`)}`.execute(db)
      for (let i = 0; i < rows.length; i += 500) {
        const values = rows.slice(i, i + 500).map((r) => sql`(cast(${r.position} as bigint), ${r.prev}, ${r.hash})`)
        await sql`update ${sql.table(table)} set prev_hash = v.column2, hash = v.column3
          from (values ${sql.join(values)}) as v where ${sql.ref(`${table}.position`)} = v.column1`.execute(db)
      }
      if (!postgres) {
        const message = trigger === "fund_append_only"
          ? `${table} is append-only: a correction is a reversing movement`
          : `${table} is append-only: a correction is a reversal entry`
        await sql`create trigger ${sql.raw(`${table}_no_update`)} before update on ${sql.table(table)}
          begin select raise(abort, ${sql.lit(message)}); end`.execute(db)
      }
    }
    // What would replace a row of an append-only table: one with the same value of a key.
    // Not on the journey's logbook and idempotency entries: any INSERT trigger makes SQLite
    // keep a statement journal, a copy of every page an INSERT changes, which would cost
    // each of the journey's appends several times the append itself. Phungpao's own
    // connections refuse a REPLACE there by the DELETE trigger (recursive triggers), and
    // one made elsewhere breaks the logbook's chain.
    const replaced: ReadonlyArray<readonly [string, ReadonlyArray<string>, string]> = [
      ["fund_movement", ["id = new.id", "position = new.position"], "a correction is a reversing movement"],
      ["fund_posting", ["movement_id = new.movement_id and line = new.line"], "a correction is a reversing movement"],
      ["fund_entry", ["key = new.key", "position = new.position"], "a correction is a reversing movement"],
      ["audit_entry", ["seq = new.seq"], "its entries are never replaced"]
    ]
    const undeleted = ["fund_request", "fund_receipt", "fund_pledge", "fund_contributor", "fund_settings", "fund_balance"]
    // A request moves forward only, keeping its id, number, household and amount, its
    // record's state the same as its state column.
    const transition = (json: (row: "old" | "new", path: string) => string) => `new.id = old.id and new.number = old.number
      and new.house_code = old.house_code and ${json("new", "amount")} = ${json("old", "amount")}
      and ${json("new", "state._tag")} = new.state
      and ((old.state = 'requested' and new.state in ('requested', 'reserved', 'rejected'))
        or (old.state = 'reserved' and new.state in ('paid', 'cancelled', 'rejected')))`
    // A receipt changes only by its reversal, once.
    const reversal = (json: (row: "old" | "new", path: string) => string) => `new.id = old.id and new.number = old.number
      and new.bank_reference = old.bank_reference and new.value_date = old.value_date
      and ${json("new", "amount")} = ${json("old", "amount")} and ${json("old", "reversal")} is null`
    const adds = "new.account = old.account and new.debits >= old.debits and new.credits >= old.credits"
    if (postgres) {
      const json = (row: "old" | "new", path: string) => {
        const parts = path.split(".")
        return `(${row}.record::jsonb${parts.slice(0, -1).map((p) => ` -> '${p}'`).join("")} ->> '${parts.at(-1)}')`
      }
      await sql`create function books_no_delete() returns trigger language plpgsql as $$
        begin
          raise exception '% is part of the books: its rows are never deleted', tg_table_name;
        end $$`.execute(db)
      // On PostgreSQL an INSERT never replaces a row (ON CONFLICT DO UPDATE is an UPDATE,
      // refused already): nothing to add for `replaced`.
      for (const table of undeleted) {
        await sql`create trigger ${sql.raw(`${table}_no_delete`)} before delete on ${sql.table(table)}
          for each row execute function books_no_delete()`.execute(db)
        await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
          for each statement execute function books_no_delete()`.execute(db)
      }
      for (const [table, name, check, message] of [
        ["fund_request", "fund_request_transition", transition(json), "a request moves forward only, from requested to reserved or rejected, from reserved to paid, cancelled or rejected"],
        ["fund_receipt", "fund_receipt_reversal", reversal(json), "a receipt changes only by its reversal, once"],
        ["fund_balance", "fund_balance_only_adds", adds, "a balance only adds the postings appended"]
      ] as const) {
        await sql`create function ${sql.raw(name)}() returns trigger language plpgsql as $$
          begin
            if ${sql.raw(check)} then return new; end if;
            raise exception '%: %', tg_table_name, ${sql.lit(message)};
          end $$`.execute(db)
        await sql`create trigger ${sql.raw(name)} before update on ${sql.table(table)}
          for each row execute function ${sql.raw(name)}()`.execute(db)
      }
      // Every trigger of the books, these and the earlier ones, fires whatever the session's replication role.
      const { rows } = await sql<{ table: string; name: string }>`select c.relname as table, t.tgname as name
        from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and not t.tgisinternal
          and (c.relname like 'fund\_%' or c.relname in ('journey_logbook', 'journey_entry', 'audit_entry'))`.execute(db)
      for (const { table, name } of rows) {
        await sql`alter table ${sql.table(table)} enable always trigger ${sql.raw(name)}`.execute(db)
      }
    } else {
      const json = (row: "old" | "new", path: string) => `json_extract(${row}.record, '$.${path}')`
      for (const [table, keys, why] of replaced) {
        // An EXISTS a key: an index lookup each, where SQLite would answer an OR with a row set.
        const existing = keys.map((key) => `exists (select 1 from ${table} where ${key})`).join(" or ")
        await sql`create trigger ${sql.raw(`${table}_no_replace`)} before insert on ${sql.table(table)}
          when ${sql.raw(existing)}
          begin select raise(abort, ${sql.lit(`${table} is append-only: ${why}`)}); end`.execute(db)
      }
      // An INSERT OR REPLACE of these deletes the row it replaces: with recursive triggers
      // on (every connection sets them, see `Database`) this trigger refuses it too.
      for (const table of undeleted) {
        await sql`create trigger ${sql.raw(`${table}_no_delete`)} before delete on ${sql.table(table)}
          begin select raise(abort, ${sql.lit(`${table} is part of the books: its rows are never deleted`)}); end`.execute(db)
      }
      for (const [table, name, check, message] of [
        ["fund_request", "fund_request_transition", transition(json), "a request moves forward only, from requested to reserved or rejected, from reserved to paid, cancelled or rejected"],
        ["fund_receipt", "fund_receipt_reversal", reversal(json), "a receipt changes only by its reversal, once"],
        ["fund_balance", "fund_balance_only_adds", adds, "a balance only adds the postings appended"]
      ] as const) {
        await sql`create trigger ${sql.raw(name)} before update on ${sql.table(table)}
          when not (${sql.raw(check)})
          begin select raise(abort, ${sql.lit(`${table}: ${message}`)}); end`.execute(db)
      }
    }
  }
})

/**
 * Every change of the fund's settings, the first settings included: who proposed what and
 * when, each committee member's approval, and whether it was applied or superseded. The
 * id (S-1, S-2, …), its number for their order, the state's tag, and the record as JSON.
 */
const settingsChanges: Migration = Object.freeze({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("fund_settings_change")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("number", "integer", (c) => c.notNull().unique())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("record", "text", (c) => c.notNull())
      .execute()
    // Part of the books as the settings are: never deleted, every trigger firing always.
    if (isPostgres(db)) {
      await sql`create trigger fund_settings_change_no_delete before delete on fund_settings_change
        for each row execute function books_no_delete()`.execute(db)
      await sql`create trigger fund_settings_change_no_truncate before truncate on fund_settings_change
        for each statement execute function books_no_delete()`.execute(db)
      await sql`alter table fund_settings_change enable always trigger fund_settings_change_no_delete`.execute(db)
      await sql`alter table fund_settings_change enable always trigger fund_settings_change_no_truncate`.execute(db)
    } else {
      await sql`create trigger fund_settings_change_no_delete before delete on fund_settings_change
        begin select raise(abort, 'fund_settings_change is part of the books: its rows are never deleted'); end`.execute(db)
    }
  }
})

/**
 * Each receipt's bank reference as the books compare it (NFKC, trimmed, case-folded),
 * unique: the same transfer cannot be booked twice. Existing rows are filled in the order
 * they were made; a reference already booked keeps its first receipt's key, and any later
 * receipt of it gets its own id after a `#`, so the index can be made over old books.
 */
const receiptReference: Migration = Object.freeze({
  async up(db: Kysely<any>) {
    await db.schema.alterTable("fund_receipt").addColumn("reference_key", "text").execute()
    const rows: ReadonlyArray<{ id: string; bank_reference: string }> = await db
      .selectFrom("fund_receipt")
      .select(["id", "bank_reference"])
      .orderBy("number")
      .execute()
    // A receipt changes only by its reversal (migration 009's trigger): filling the new
    // column steps it aside, and puts it back as it was.
    const postgres = isPostgres(db)
    const trigger = postgres
      ? undefined
      : (await sql<{ sql: string }>`select sql from sqlite_master where type = 'trigger' and name = 'fund_receipt_reversal'`.execute(db)).rows[0]?.sql
    if (rows.length > 0) {
      if (postgres) await sql`alter table fund_receipt disable trigger fund_receipt_reversal`.execute(db)
      else if (trigger !== undefined) await sql`drop trigger fund_receipt_reversal`.execute(db)
    }
    const seen = new Set<string>()
    for (const row of rows) {
      const normal = String(row.bank_reference).normalize("NFKC").trim().toLowerCase()
      const key = seen.has(normal) ? `${normal}#${row.id}` : normal
      seen.add(normal)
      await db.updateTable("fund_receipt").set({ reference_key: key }).where("id", "=", row.id).execute()
    }
    if (rows.length > 0) {
      if (postgres) await sql`alter table fund_receipt enable always trigger fund_receipt_reversal`.execute(db)
      else if (trigger !== undefined) await sql.raw(trigger).execute(db)
    }
    await db.schema.createIndex("fund_receipt_reference_key").on("fund_receipt").column("reference_key").unique().execute()
  }
})

/**
 * Background jobs: the jobs, their tasks, the parts of their input kept for the tasks, and
 * the workers alive. On PostgreSQL graphile-worker's own schema holds the queue (see
 * `Queue`); these tables hold what the project says of a job, on both engines alike.
 */
const jobs: Migration = Object.freeze({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("job")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("input", "text", (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .addColumn("submitted_by", "text", (c) => c.notNull())
      .addColumn("submitter", "text", (c) => c.notNull())
      .addColumn("scope", "text", (c) => c.notNull())
      .addColumn("submitted_at", "text", (c) => c.notNull())
      .addColumn("started_at", "text")
      .addColumn("finished_at", "text")
      .addColumn("planned", "integer", (c) => c.notNull())
      .addColumn("serial", "integer", (c) => c.notNull())
      .addColumn("max_attempts", "integer", (c) => c.notNull())
      .addColumn("tasks_total", "integer", (c) => c.notNull())
      .addColumn("tasks_done", "integer", (c) => c.notNull())
      .addColumn("rows", "bigint", (c) => c.notNull())
      .addColumn("plan_status", "text", (c) => c.notNull())
      .addColumn("plan_attempts", "integer", (c) => c.notNull())
      .addColumn("plan_run_at", "text", (c) => c.notNull())
      .addColumn("plan_worker", "text")
      .addColumn("failure", "text")
      .addColumn("result", "text")
      .addColumn("cancelled_by", "text")
      .addUniqueConstraint("job_submitter_key", ["submitted_by", "key"])
      .execute()
    await db.schema.createIndex("job_newest").on("job").columns(["submitted_at", "id"]).execute()
    await db.schema
      .createTable("job_task")
      .addColumn("job_id", "text", (c) => c.notNull().references("job.id"))
      .addColumn("idx", "integer", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull())
      .addColumn("rows", "bigint", (c) => c.notNull())
      .addColumn("spec", "text", (c) => c.notNull())
      .addColumn("result", "text")
      .addColumn("worker", "text")
      .addColumn("started_at", "text")
      .addColumn("finished_at", "text")
      .addColumn("error", "text")
      .addColumn("run_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("job_task_key", ["job_id", "idx"])
      .execute()
    await db.schema.createIndex("job_task_waiting").on("job_task").columns(["status", "run_at"]).execute()
    await db.schema
      .createTable("job_chunk")
      .addColumn("job_id", "text", (c) => c.notNull().references("job.id"))
      .addColumn("idx", "integer", (c) => c.notNull())
      .addColumn("data", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("job_chunk_key", ["job_id", "idx"])
      .execute()
    await db.schema
      .createTable("job_worker")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("info", "text", (c) => c.notNull())
      .addColumn("seen_at", "text", (c) => c.notNull())
      .execute()
  }
})

/**
 * Targeted programs: definitions, enrolments, the frozen beneficiary lists, need answers
 * and deliveries, each kept as its JSON record beside the keys it is read by. A delivery's
 * value lives in the logbook entry it names, not here.
 */
const programs: Migration = Object.freeze({
  async up(db: Kysely<any>) {
    await db.schema.createTable("program_sequence").addColumn("name", "text", (c) => c.primaryKey()).addColumn("value", "integer", (c) => c.notNull()).execute()
    await db.schema
      .createTable("program")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("number", "integer", (c) => c.notNull().unique())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("record", "text", (c) => c.notNull())
      .execute()
    await db.schema
      .createTable("program_enrolment")
      .addColumn("program_id", "text", (c) => c.notNull().references("program.id"))
      .addColumn("number", "integer", (c) => c.notNull())
      .addColumn("record", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("program_enrolment_pk", ["program_id", "number"])
      .execute()
    await db.schema
      .createTable("program_beneficiary")
      .addColumn("program_id", "text", (c) => c.notNull().references("program.id"))
      .addColumn("house_code", "text", (c) => c.notNull())
      // 0 for a household program's beneficiary: a member's place counts from 1.
      .addColumn("member", "integer", (c) => c.notNull())
      .addColumn("village_code", "text", (c) => c.notNull())
      .addColumn("last_selected_in", "integer", (c) => c.notNull())
      .addColumn("record", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("program_beneficiary_pk", ["program_id", "house_code", "member"])
      .execute()
    await db.schema
      .createTable("program_need")
      .addColumn("program_id", "text", (c) => c.notNull().references("program.id"))
      .addColumn("house_code", "text", (c) => c.notNull())
      .addColumn("member", "integer", (c) => c.notNull())
      .addColumn("record", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("program_need_pk", ["program_id", "house_code", "member"])
      .execute()
    await db.schema
      .createTable("program_delivery")
      .addColumn("program_id", "text", (c) => c.notNull().references("program.id"))
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("position", "integer", (c) => c.notNull())
      .addColumn("entry_id", "text", (c) => c.notNull().unique())
      .addColumn("record", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("program_delivery_pk", ["program_id", "key"])
      .execute()
  }
})

/**
 * Revisions: what a long-lived reader (the API server) keys its caches on, so that a write
 * from any process is seen by the next read. The journey's revision is one counter, bumped
 * by a trigger on every table a household's facts are read from (per statement on
 * PostgreSQL, per row on SQLite), in the writing transaction. A round's decisions are
 * written side by side by several workers, so the registry's revision is not one row they
 * would all lock: each write of a round's households or decisions adds a row of
 * `registry_write` (the round), and the round's revision is how many there are.
 */
const journeyFactTables = [
  "journey_household",
  "journey_verification",
  "journey_capital",
  "journey_mentor_assignment",
  "journey_problem",
  "journey_action",
  "journey_logbook",
  "journey_visit"
] as const

const revisions: Migration = Object.freeze({
  async up(db: Kysely<any>) {
    const postgres = isPostgres(db)
    await db.schema.createTable("revision").addColumn("context", "text", (c) => c.primaryKey()).addColumn("n", "bigint", (c) => c.notNull()).execute()
    await sql`insert into revision (context, n) values ('journey', 0)`.execute(db)
    await db.schema
      .createTable("registry_write")
      .addColumn("seq", postgres ? "bigserial" : "integer", (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn("round", "integer", (c) => c.notNull())
      .execute()
    await db.schema.createIndex("registry_write_round").on("registry_write").column("round").execute()
    if (postgres) {
      await sql`create function journey_revision_bump() returns trigger language plpgsql as $$
        begin update revision set n = n + 1 where context = 'journey'; return null; end $$`.execute(db)
      for (const table of journeyFactTables) {
        await sql`create trigger ${sql.raw(`${table}_revision`)} after insert or update or delete or truncate on ${sql.table(table)}
          for each statement execute function journey_revision_bump()`.execute(db)
      }
    } else {
      for (const table of journeyFactTables) {
        for (const op of ["insert", "update", "delete"]) {
          await sql`create trigger ${sql.raw(`${table}_revision_${op}`)} after ${sql.raw(op)} on ${sql.table(table)}
            begin update revision set n = n + 1 where context = 'journey'; end`.execute(db)
        }
      }
    }
  }
})

/**
 * The key each program was created under, so that a retried `program create` (or `POST
 * /v1/programs` with the same `Idempotency-Key`) answers the program the first call made.
 */
const programCreateKeys: Migration = Object.freeze({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("program_create_key")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("hash", "text", (c) => c.notNull())
      .addColumn("program_id", "text", (c) => c.references("program.id"))
      .execute()
  }
})

/** Every migration this program knows, by name. */
export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  "2026-11-29-001-registry": registry,
  "2026-11-29-002-fund": fund,
  "2026-11-29-003-journey": journey,
  "2026-11-29-004-compact-registry": compactRegistry,
  "2026-12-03-008-api-access": apiAccess,
  "2026-12-03-009-tamper-evidence": tamperEvidence,
  "2026-12-03-010-receipt-reference": receiptReference,
  "2026-12-03-011-settings-changes": settingsChanges,
  "2026-12-03-012-jobs": jobs,
  "2026-12-03-013-programs": programs,
  "2026-12-04-014-revisions": revisions,
  "2026-12-04-015-program-create-keys": programCreateKeys
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

/** The migrations this program knows and the database has not run: none when its schema is current (what `/ready` checks). */
export const pending = (db: Kysely<any>): Effect.Effect<ReadonlyArray<string>> =>
  Effect.promise(async () => {
    const done = new Set(await executed(db))
    return Object.keys(migrations)
      .filter((name) => !done.has(name))
      .sort()
  })

const concurrentDrop = (error: unknown): boolean =>
  error instanceof Error && /^(schema|relation) ".*" does not exist$|^could not open relation/.test(error.message)

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
      let { error, results = [] } = await migrator.migrateToLatest()
      // Before it migrates, Kysely's Migrator looks its tables up through PostgreSQL's
      // introspection of every schema of the database (pg_get_serial_sequence on each
      // table's name), which fails with 'schema "…" does not exist' when another schema is
      // dropped meanwhile (the tests drop theirs side by side). Nothing has run then: try again.
      for (let attempt = 1; attempt < 5 && error !== undefined && results.length === 0 && concurrentDrop(error); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt))
        ;({ error, results = [] } = await migrator.migrateToLatest())
      }
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
